from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trustreg.api"
    label = "trustreg_api"
    verbose_name = "JSON API"
