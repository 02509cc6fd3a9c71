"""Every published revision records a cell.published event in the outbox, in its transaction."""

from __future__ import annotations

import pytest

from trustreg.outbox.models import OutboxEvent
from trustreg.registry.models import Revision

pytestmark = pytest.mark.django_db


def test_loading_records_one_event_per_revision_with_its_public_fields(loaded) -> None:
    events = {e.payload["revision"]: e for e in OutboxEvent.objects.filter(type="cell.published")}
    revisions = list(Revision.objects.all())
    assert set(events) == {r.pk for r in revisions}
    r = revisions[-1]
    payload = events[r.pk].payload
    assert (payload["holder"], payload["question"], payload["kind"]) == (r.holder, r.dimension_id, r.kind)
    assert payload["grade_after"] == (r.after or {}).get("grade")
    assert payload["url"].endswith(f"/changelog/{r.pk}/")
