from django.apps import AppConfig


class BuyersConfig(AppConfig):
    name = "trustreg.buyers"
    label = "buyers"
    verbose_name = "Buyer tools"
