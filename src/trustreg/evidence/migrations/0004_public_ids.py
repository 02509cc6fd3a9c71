"""Unguessable public ids for sources and kept copies, and a public flag on kept copies."""

import secrets

from django.db import migrations, models

import trustreg.evidence.models


def fill(apps, schema_editor):
    for name in ("Source", "Snapshot"):
        model = apps.get_model("evidence", name)
        rows = list(model.objects.only("pk"))
        for row in rows:
            row.public_id = secrets.token_urlsafe(12)
        model.objects.bulk_update(rows, ["public_id"], batch_size=500)
    # Copies of public pages stay public, bundled ones as their metadata says; uploaded and pasted
    # ones wait for a maintainer.
    snapshots = apps.get_model("evidence", "Snapshot").objects
    snapshots.filter(how="fetched").update(public=True)
    for snap in snapshots.filter(how="bundled").only("pk", "provenance"):
        if (snap.provenance or {}).get("public") is True:
            snapshots.filter(pk=snap.pk).update(public=True)


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0003_bundled_copies"),
    ]

    operations = [
        migrations.AddField("source", "public_id", models.CharField(max_length=24, null=True, editable=False)),
        migrations.AddField("snapshot", "public_id", models.CharField(max_length=24, null=True, editable=False)),
        migrations.AddField("snapshot", "public", models.BooleanField(default=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            "source", "public_id",
            models.CharField(default=trustreg.evidence.models.new_public_id, editable=False, max_length=24,
                             unique=True),
        ),
        migrations.AlterField(
            "snapshot", "public_id",
            models.CharField(default=trustreg.evidence.models.new_public_id, editable=False, max_length=24,
                             unique=True),
        ),
    ]
