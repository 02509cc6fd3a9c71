from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "trustreg.ingest"
    label = "ingest"
    verbose_name = "Ingestion"
