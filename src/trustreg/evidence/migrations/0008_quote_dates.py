"""The monitor's last-checked and last-found dates kept once per (source, quote), filled from the
dates the citations keep (the newest over the citations sharing a pair, as pages computed them)."""

import hashlib

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    Citation = apps.get_model("evidence", "Citation")
    QuoteDates = apps.get_model("evidence", "QuoteDates")
    dates: dict = {}  # (source id, quote hash) -> [quote, last checked, last seen]
    rows = (Citation.objects.exclude(quote="").filter(quote_last_checked__isnull=False)
            .values_list("source_id", "quote", "quote_last_checked", "quote_last_seen").order_by("pk"))
    for sid, quote, checked, seen in rows.iterator(chunk_size=BATCH):
        key = (sid, hashlib.sha256(quote.encode("utf-8")).hexdigest())
        kept = dates.setdefault(key, [quote, checked, seen])
        kept[1] = max(kept[1], checked)
        kept[2] = max((d for d in (kept[2], seen) if d), default=None)
    QuoteDates.objects.bulk_create(
        [QuoteDates(source_id=sid, quote_hash=h, quote=q, last_checked=checked, last_seen=seen)
         for (sid, h), (q, checked, seen) in dates.items()], batch_size=BATCH // 4)


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0007_extractions"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuoteDates",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quote_hash", models.CharField(max_length=64)),
                ("quote", models.TextField()),
                ("last_checked", models.DateTimeField(blank=True, null=True)),
                ("last_seen", models.DateTimeField(blank=True, null=True)),
                ("source", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="quote_dates",
                                             to="evidence.source")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("source", "quote_hash"), name="quote_dates_once")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
