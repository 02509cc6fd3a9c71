"""The ``cell.published`` event of each published revision, recorded in the outbox by the services
that write revisions (publish and load), in their transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from trustreg.outbox.services import events_record
from trustreg.registry.models import Revision


def revision_payload(r: Revision) -> dict[str, Any]:
    """What the public changelog shows of a revision (never a login name)."""
    return {
        "revision": r.pk, "holder": r.holder, "offering": r.offering_id, "party": r.party_id,
        "question": r.dimension_id, "kind": r.kind, "reason": r.reason, "credit": r.credit,
        "author": r.author_name, "published_at": r.published_at.isoformat(),
        "grade_before": (r.before or {}).get("grade"), "grade_after": (r.after or {}).get("grade"),
        "url": settings.SITE_BASE_URL.rstrip("/") + reverse("site:revision", args=[r.pk]),
    }


def revisions_published(revisions: list[Revision]) -> int:
    return events_record(type="cell.published", payloads=[revision_payload(r) for r in revisions])
