"""The counter of public changes that cached pages are keyed by (trustreg.pagecache)."""

from django.db import migrations, models


def first_row(apps, schema_editor):  # noqa: ANN001
    apps.get_model("accounts", "PublicGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PublicGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(null=True)),
            ],
            options={"db_table": "accounts_publicgeneration"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
