import pytest
from django.contrib.contenttypes.models import ContentType

from tests.migration_helpers import BEFORE_THE_MOVES, migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_audit_rows_written_while_the_trail_lived_in_the_registry_survive_the_move():
    old = migrate_to(*BEFORE_THE_MOVES)
    user = old.get_model("auth", "User").objects.create(username="rita")
    OldEvent = old.get_model("registry", "AuditEvent")
    OldEvent.objects.create(actor=user, actor_name="rita", action="draft.publish", target="draft:7",
                            detail={"reason": "kept"})
    OldEvent.objects.create(actor=None, actor_name="cli", action="registry.load")
    # The content types table is not part of the move: today\'s model reads it.
    content_type = ContentType.objects.get_or_create(app_label="registry", model="auditevent")[0]

    migrate_to_latest()

    from trustreg.accounts.models import AuditEvent

    rows = list(AuditEvent.objects.order_by("id").values_list("actor__username", "actor_name", "action",
                                                                "target", "detail"))
    assert rows == [("rita", "rita", "draft.publish", "draft:7", {"reason": "kept"}),
                    (None, "cli", "registry.load", "", {})]
    # Whatever pointed at the model's content type (admin log entries) still points at it.
    assert ContentType.objects.get_for_model(AuditEvent).pk == content_type.pk
