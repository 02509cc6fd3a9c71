"""Every published revision records a cell.published event in the outbox, in its transaction."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trustreg.accounts.models import AuditEvent
from trustreg.outbox.models import OutboxEvent
from trustreg.registry.events import revision_url
from trustreg.registry.models import Revision
from trustreg.registry.services import registry_load

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


def test_every_event_links_to_its_revision_as_the_url_pattern_resolves_it(loaded, settings) -> None:
    settings.SITE_BASE_URL = "https://registry.example/"
    url = revision_url()
    for pk in (1, 9, 10, 987654321, 10**12):
        assert url(pk) == "https://registry.example" + reverse("site:revision", args=[pk])
    for e in OutboxEvent.objects.filter(type="cell.published").order_by("pk")[:50]:
        assert e.payload["url"].endswith(reverse("site:revision", args=[e.payload["revision"]]))


def test_loading_records_every_revision_and_its_event_and_the_audit_row(db, bundled) -> None:
    report = registry_load(actor="test", bundle=bundled)
    cells = report.created
    assert cells > 0 and Revision.objects.count() == cells == len(report.changed_keys)
    assert OutboxEvent.objects.filter(type="cell.published").count() == cells
    assert AuditEvent.objects.filter(action="registry.load").count() == 1
