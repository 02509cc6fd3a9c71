"""Versioned extractions beside the raw bytes: every kept copy's current text becomes its first
extraction, stamped as it was (nothing is re-derived or dropped here)."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 200


def first_extractions(apps, schema_editor):
    Snapshot = apps.get_model("evidence", "Snapshot")
    Extraction = apps.get_model("evidence", "Extraction")
    ids = list(Snapshot.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):  # bounded memory: a batch of texts at a time
        rows = Snapshot.objects.filter(pk__in=ids[start:start + BATCH]).only(
            "pk", "how", "taken_at", "text", "text_extractor", "extract_error")
        Extraction.objects.bulk_create([
            Extraction(snapshot_id=s.pk, extractor=s.text_extractor or s.how, text=s.text, error=s.extract_error,
                       cause="kept", created_at=s.taken_at)
            for s in rows
        ])


class Migration(migrations.Migration):
    dependencies = [("evidence", "0006_ordered_json")]

    operations = [
        migrations.CreateModel(
            name="Extraction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("extractor", models.CharField(max_length=100)),
                ("text", models.TextField(blank=True)),
                ("error", models.TextField(blank=True)),
                ("cause", models.CharField(choices=[("kept", "kept with the copy"),
                                                    ("extractor", "our extractor changed")], max_length=20)),
                ("created_at", models.DateTimeField(db_index=True)),
                ("snapshot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                               related_name="extractions", to="evidence.snapshot")),
            ],
            options={"ordering": ["snapshot_id", "-created_at", "-id"]},
        ),
        migrations.RunPython(first_extractions, migrations.RunPython.noop),
    ]
