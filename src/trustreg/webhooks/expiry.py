"""The daily check for evidence that expired: one ``evidence.expired`` event per offering, question
and expiry date (a re-verified cell that expires again later is a new event)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.domain.freshness import expires_on, is_expired
from trustreg.outbox.services import events_record
from trustreg.registry import selectors


def expired_evidence_record(*, actor: Actor, today: dt.date) -> int:
    cat = selectors.catalogue()
    party_cells, offering_cells, scopes = selectors.all_cells()
    base = settings.SITE_BASE_URL.rstrip("/")
    payloads, keys = [], []
    for o in selectors.listed_offerings().order_by("sort_order", "id"):
        for c in selectors.resolve_offering(o, cat, party_cells, offering_cells, scopes, list(cat.all_dimensions)):
            verified = c.record.verified if c.record and c.is_graded else None
            if verified is None or not is_expired(verified, c.dimension.freshness_days, today):
                continue
            expired = expires_on(verified, c.dimension.freshness_days)
            assert expired is not None
            payloads.append({
                "offering": o.id, "offering_name": o.name, "question": c.dimension.id,
                "question_label": c.dimension.label, "grade": c.grade, "verified": verified.isoformat(),
                "expires": expired.isoformat(), "freshness_days": c.dimension.freshness_days,
                "url": f"{base}{reverse('site:offering', args=[o.id])}#{c.dimension.id}",
            })
            keys.append(f"evidence.expired:{o.id}:{c.dimension.id}:{expired.isoformat()}")
    with transaction.atomic():
        found = events_record(type="evidence.expired", payloads=payloads, dedupe_keys=keys)
        audit.record(actor=actor, action="webhook.expiry_check", detail={"expired": len(payloads), "new": found})
    return found
