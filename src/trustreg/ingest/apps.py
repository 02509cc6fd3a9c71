from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "trustreg.ingest"
    label = "ingest"
    verbose_name = "Ingestion"

    def ready(self) -> None:
        from trustreg.ingest import compare, drops, extractor, questions, scope
        from trustreg.ingest.questions import (
            art53,
            attestation,
            gdpr,
            gpai,
            hipaa,
            iso,
            residency,
            retention,
            retention_facts,
            soc2,
            training,
            trust_center,
        )
        from trustreg.registry import named_dimensions

        named_dimensions.register(
            "ingest",
            [
                soc2, iso, trust_center, hipaa, gdpr, training, retention, retention_facts, residency, gpai, art53,
                attestation, scope, drops, extractor, compare,
            ],
            tables=lambda: [*(rule.dimension for rule in questions.RULES), *questions.QUESTIONS],
        )
