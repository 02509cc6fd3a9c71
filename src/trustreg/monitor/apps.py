from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "trustreg.monitor"
    label = "monitor"
    verbose_name = "Evidence monitor: runs, the worker's jobs and recovery"
