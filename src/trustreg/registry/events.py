"""The ``cell.published`` event of each published revision, recorded in the outbox by the services
that write revisions (publish and load), in their transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse

from trustreg.outbox.services import events_record
from trustreg.registry.models import Revision


def revision_url() -> Callable[[int], str]:
    """The public address of a revision by id, the URL pattern resolved once (a load publishes
    tens of thousands of revisions): the same as ``reverse("site:revision", args=[pk])``."""
    base = settings.SITE_BASE_URL.rstrip("/")
    sample = reverse("site:revision", args=[SAMPLE_ID])
    head, sep, tail = sample.partition(str(SAMPLE_ID))
    if not sep or str(SAMPLE_ID) in tail:  # the id is not one plain path segment: resolve each
        return lambda pk: base + reverse("site:revision", args=[pk])
    return lambda pk: f"{base}{head}{pk}{tail}"


SAMPLE_ID = 987654321


def revision_payload(r: Revision, url: Callable[[int], str] | None = None) -> dict[str, Any]:
    """What the public changelog shows of a revision (never a login name)."""
    return {
        "revision": r.pk, "holder": r.holder, "offering": r.offering_id, "party": r.party_id,
        "question": r.dimension_id, "kind": r.kind, "reason": r.reason, "credit": r.credit,
        "author": r.author_name, "published_at": r.published_at.isoformat(),
        "grade_before": (r.before or {}).get("grade"), "grade_after": (r.after or {}).get("grade"),
        "url": (url or revision_url())(r.pk),
    }


def revisions_published(revisions: list[Revision]) -> int:
    url = revision_url()
    return events_record(type="cell.published", payloads=[revision_payload(r, url) for r in revisions])
