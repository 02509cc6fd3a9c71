"""Flag now belongs to the flags app (below evidence); its table, rows and foreign keys stay put.

The content type is renamed rather than recreated, so anything pointing at it keeps its rows.
"""

import django.db.models.deletion
from django.db import migrations, models


def content_type_to_flags(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="workbench", model="flag").update(app_label="flags")


def content_type_to_workbench(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="flags", model="flag").update(app_label="workbench")


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0006_flag_kind_review"),
        ("flags", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="draft", name="flag",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                            related_name="drafts", to="flags.flag"),
                ),
                migrations.AlterField(
                    model_name="correction", name="flag",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                            related_name="corrections", to="flags.flag"),
                ),
                migrations.DeleteModel(name="Flag"),
            ],
            database_operations=[migrations.RunPython(content_type_to_flags, content_type_to_workbench)],
        ),
    ]
