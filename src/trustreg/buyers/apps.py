from django.apps import AppConfig


class BuyersConfig(AppConfig):
    name = "trustreg.buyers"
    label = "buyers"
    verbose_name = "Buyer tools"

    def ready(self) -> None:
        from trustreg.buyers import explainer, profiles
        from trustreg.registry import named_dimensions

        named_dimensions.register("buyers", [explainer, profiles])
