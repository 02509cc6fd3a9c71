from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "trustreg.health"
    verbose_name = "Registry health"
