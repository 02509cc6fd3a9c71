from django.apps import AppConfig


class FitConfig(AppConfig):
    name = "trustreg.fit"
    label = "fit"
    verbose_name = "Fit check"
