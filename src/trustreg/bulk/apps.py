from django.apps import AppConfig


class BulkConfig(AppConfig):
    name = "trustreg.bulk"
    label = "bulk"
    verbose_name = "Bulk files: data.json, CSV and the full dump"
