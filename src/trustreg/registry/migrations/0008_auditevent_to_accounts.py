"""AuditEvent now belongs to the accounts app (the bottom part); its table and rows stay put.

The content type is renamed rather than recreated, so anything pointing at it (admin log entries)
keeps pointing at the same rows.
"""

from django.db import migrations


def content_type_to_accounts(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="registry", model="auditevent").update(app_label="accounts")


def content_type_to_registry(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="auditevent").update(app_label="registry")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_ordered_json"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[migrations.RunPython(content_type_to_accounts, content_type_to_registry)],
        ),
    ]
