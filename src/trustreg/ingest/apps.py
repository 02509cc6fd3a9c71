from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "trustreg.ingest"
    label = "ingest"
    verbose_name = "Ingestion"

    def ready(self) -> None:
        from trustreg.ingest import compare, drops, extractor, facts, rules, scope
        from trustreg.registry import named_dimensions

        named_dimensions.register(
            "ingest", [rules, scope, facts, drops, extractor, compare],
            tables=lambda: [*(rule.dimension for rule in rules.RULES), *facts.FACT_PARSERS],
        )
