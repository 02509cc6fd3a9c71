from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "trustreg.flags"
    label = "flags"
    verbose_name = "Flags"
