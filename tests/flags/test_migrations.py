import pytest
from django.contrib.contenttypes.models import ContentType

from tests.migration_helpers import BEFORE_THE_MOVES, migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_flags_and_the_drafts_answering_them_survive_the_move_out_of_the_workbench():
    old = migrate_to(*BEFORE_THE_MOVES)
    group = old.get_model("registry", "DimensionGroup").objects.create(id="g", label="G")
    dim = old.get_model("registry", "Dimension").objects.create(
        id="soc2_type2", label="SOC 2", question="SOC 2?", group=group, level="platform", slug="soc2",
        freshness_days=365)
    OldFlag = old.get_model("workbench", "Flag")
    decided = OldFlag.objects.create(kind="review", key="bundled:x", title="Decided", raised_by="cli",
                                     status="dismissed", decision_reason="covered", dimension=dim)
    open_flag = OldFlag.objects.create(kind="quote_missing", key="q:1", title="Open", raised_by="monitor",
                                       dimension=dim, data={"quote": "kept"})
    draft = old.get_model("workbench", "Draft").objects.create(
        holder="azure-openai", dimension=dim, kind="editorial", reason="answers the flag", flag=open_flag)
    # The content types table is not part of the move: today\'s model reads it.
    content_type = ContentType.objects.get_or_create(app_label="workbench", model="flag")[0]

    migrate_to_latest()

    from trustreg.flags.models import Flag
    from trustreg.workbench.models import Draft

    assert list(Flag.objects.order_by("id").values_list("pk", "key", "status", "data")) == [
        (decided.pk, "bundled:x", "dismissed", {}), (open_flag.pk, "q:1", "open", {"quote": "kept"})]
    assert Draft.objects.get(pk=draft.pk).flag == Flag.objects.get(pk=open_flag.pk)
    assert ContentType.objects.get_for_model(Flag).pk == content_type.pk
    # The one-open-flag-per-key constraint moved with the table.
    with pytest.raises(Exception, match="(?i)unique"):
        Flag.objects.create(kind="quote_missing", key="q:1", title="Again", raised_by="monitor")
