from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "trustreg.evidence"
    label = "evidence"
    verbose_name = "Evidence"
