from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "trustreg.registry"
    label = "registry"
    verbose_name = "Registry"
