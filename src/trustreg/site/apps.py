from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "trustreg.site"
    label = "site"
    verbose_name = "Public site"
