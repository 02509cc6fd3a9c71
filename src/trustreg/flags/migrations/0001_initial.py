"""Flag moves here from the workbench app: the state only; the table ``workbench_flag`` stays."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ("evidence_expired", "evidence expired"), ("quote_missing", "quote no longer on the page"),
    ("source_changed", "source changed"), ("source_moved", "source moved"), ("source_blocked", "source blocked"),
    ("source_gone", "source gone"), ("fetch_failed", "fetch failed"), ("secondary_only", "secondary-only evidence"),
    ("conflicting", "conflicting evidence"), ("inconsistent", "inconsistent across offerings"),
    ("correction", "correction submitted"), ("candidate_claim", "candidate claim from ingestion"),
    ("review", "open review question"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("workbench", "0006_flag_kind_review"),
        ("registry", "0005_revision_editors"),
        ("evidence", "0004_public_ids"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Flag",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("kind", models.CharField(choices=KINDS, max_length=30)),
                        ("status", models.CharField(choices=[("open", "open"), ("resolved", "resolved"),
                                                             ("dismissed", "dismissed")],
                                                    default="open", max_length=10)),
                        ("key", models.CharField(db_index=True, max_length=300)),
                        ("title", models.CharField(max_length=300)),
                        ("detail", models.TextField(blank=True)),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("raised_by", models.CharField(max_length=80)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        ("decision_reason", models.TextField(blank=True)),
                        ("decided_by", models.ForeignKey(blank=True, null=True,
                                                         on_delete=django.db.models.deletion.PROTECT,
                                                         to=settings.AUTH_USER_MODEL)),
                        ("dimension", models.ForeignKey(blank=True, null=True,
                                                        on_delete=django.db.models.deletion.CASCADE,
                                                        related_name="flags", to="registry.dimension")),
                        ("offering", models.ForeignKey(blank=True, null=True,
                                                       on_delete=django.db.models.deletion.CASCADE,
                                                       related_name="flags", to="registry.offering")),
                        ("party", models.ForeignKey(blank=True, null=True,
                                                    on_delete=django.db.models.deletion.CASCADE,
                                                    related_name="flags", to="registry.party")),
                        ("source", models.ForeignKey(blank=True, null=True,
                                                     on_delete=django.db.models.deletion.CASCADE,
                                                     related_name="flags", to="evidence.source")),
                    ],
                    options={
                        "ordering": ["-created_at", "-id"],
                        "db_table": "workbench_flag",
                        "constraints": [models.UniqueConstraint(condition=models.Q(("status", "open")),
                                                                fields=("key",), name="one_open_flag_per_key")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
