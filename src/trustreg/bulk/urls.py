from django.urls import path, re_path

from trustreg.bulk import views

app_name = "bulk"

urlpatterns = [
    path("data.json.gz", views.data_json_gz, name="data_json_gz"),
    re_path(r"^bulk/registry\.csv(?P<gz>\.gz)?$", views.registry_csv, name="registry_csv"),
    re_path(r"^bulk/dump\.jsonl(?P<gz>\.gz)?$", views.dump_jsonl, name="dump_jsonl"),
    path("bulk/manifest.json", views.manifest, name="manifest"),
]
