"""Each citation keeps its quote's last-checked and last-found dates (filled from the checks)."""

from django.db import migrations, models
from django.db.models import Max, Q


def fill(apps, schema_editor):
    Citation = apps.get_model("evidence", "Citation")
    rows = list(
        Citation.objects.annotate(
            checked=Max("quote_checks__checked_at"),
            seen=Max("quote_checks__checked_at", filter=Q(quote_checks__present=True)),
        ).filter(checked__isnull=False).only("pk")
    )
    for row in rows:
        row.quote_last_checked, row.quote_last_seen = row.checked, row.seen
    Citation.objects.bulk_update(rows, ["quote_last_checked", "quote_last_seen"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0004_public_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="citation",
            name="quote_last_checked",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="citation",
            name="quote_last_seen",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
