from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "trustreg.workbench"
    label = "workbench"
    verbose_name = "Workbench"
