"""The monitor's jobs moved from ``trustreg.evidence.tasks`` to ``trustreg.monitor.tasks``: queued
jobs (the scheduler among them) follow, so a worker started after the upgrade still runs them."""

from django.db import migrations

OLD, NEW = "trustreg.evidence.tasks.", "trustreg.monitor.tasks."


def _rename(apps, schema_editor, old: str, new: str) -> None:  # noqa: ANN001
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")  # noqa: N806
    for row in DBTaskResult.objects.filter(task_path__startswith=old).only("pk", "task_path"):
        DBTaskResult.objects.filter(pk=row.pk).update(task_path=new + row.task_path[len(old):])


class Migration(migrations.Migration):
    dependencies = [("django_tasks_database", "0021_conditional_partial_index_ordering")]

    operations = [
        migrations.RunPython(lambda apps, se: _rename(apps, se, OLD, NEW),
                             lambda apps, se: _rename(apps, se, NEW, OLD)),
    ]
