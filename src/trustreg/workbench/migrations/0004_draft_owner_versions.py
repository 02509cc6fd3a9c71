"""Drafts get an owner, a version number and a record of every version and its editor."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def versions_of_existing_drafts(apps, schema_editor):
    """A draft written before versions were kept: its author owns it, and its content is version 1."""
    Draft = apps.get_model("workbench", "Draft")
    DraftVersion = apps.get_model("workbench", "DraftVersion")
    for d in Draft.objects.all().iterator():
        Draft.objects.filter(pk=d.pk).update(owner_id=d.author_id)
        DraftVersion.objects.create(
            draft_id=d.pk, number=1, editor_id=d.author_id, data=d.data, kind=d.kind, reason=d.reason
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0003_role_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="draft",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="owned_drafts",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="draft",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="draft",
            name="author",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="drafts",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="DraftVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("data", models.JSONField(blank=True, null=True)),
                ("kind", models.CharField(max_length=30)),
                ("reason", models.TextField()),
                ("saved_at", models.DateTimeField(auto_now_add=True)),
                (
                    "draft",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="workbench.draft",
                    ),
                ),
                (
                    "editor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="draft_versions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["draft", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("draft", "number"), name="one_draft_version_number")
                ],
            },
        ),
        migrations.RunPython(versions_of_existing_drafts, migrations.RunPython.noop),
    ]
