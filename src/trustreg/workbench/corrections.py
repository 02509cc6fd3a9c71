"""Public corrections: submitted from any cell, limited per address, triaged in the workbench.

The rate limit is counted in the database (the embedded SQLite mode has no cache django-ratelimit
accepts): submissions stored for the same address key within the windows below. A refused
submission writes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone

from trustreg.domain.bundle import LIMITS, URL_RE, annotation_data
from trustreg.domain.cells import CellRecord, CitationRole, SourceKind, graded_party
from trustreg.domain.factinput import parse_fact
from trustreg.domain.grades import Grade
from trustreg.evidence.models import Source
from trustreg.registry import audit, selectors
from trustreg.registry.audit import Actor
from trustreg.registry.models import Offering, Revision
from trustreg.registry.publish import Holder, current_record
from trustreg.registry.services import record_data
from trustreg.workbench import ownership
from trustreg.workbench.drafts import ChangeRefused, reason_problems
from trustreg.workbench.flags import flag_raise
from trustreg.workbench.models import Correction, Draft, Flag

RATE_LIMITS = ((dt.timedelta(hours=1), 5), (dt.timedelta(days=1), 20))
MESSAGE_LIMIT = 5_000
ACCEPTED = {Correction.Outcome.REGISTRY_WRONG, Correction.Outcome.BOTH}


class RateLimited(Exception):
    def __init__(self, window: dt.timedelta, limit: int):
        hours = int(window.total_seconds() // 3600)
        super().__init__(
            f"Too many corrections from your address: at most {limit} in {hours} hour(s). "
            "Please try again later."
        )


@dataclass(frozen=True)
class Proposal:
    offering_id: str
    dimension_id: str
    evidence_url: str
    proposed_grade: str = ""
    proposed_fact_key: str = ""
    proposed_fact_value: str = ""
    quote: str = ""
    message: str = ""
    name: str = ""
    email: str = ""
    credit_consent: bool = False


def _problems(p: Proposal) -> list[str]:
    problems = []
    dim = selectors.catalogue().get(p.dimension_id)
    if not Offering.objects.filter(pk=p.offering_id).exists() or dim is None:
        return ["the cell you are correcting does not exist"]
    if not p.evidence_url.strip():
        problems.append("evidence_url: a correction needs an evidence URL")
    elif not URL_RE.match(p.evidence_url.strip()):
        problems.append("evidence_url: must be an http(s) URL of at most 2000 characters")
    if not p.proposed_grade and not p.proposed_fact_key:
        problems.append("proposed_grade: propose a grade or a fact (or both)")
    if p.proposed_grade and p.proposed_grade not in {g.value for g in Grade}:
        problems.append("proposed_grade: not a grade")
    if p.proposed_fact_key:
        if p.proposed_fact_key not in dim.facts:
            problems.append(f"proposed_fact_key: {dim.label} has no fact {p.proposed_fact_key[:60]!r}")
        if not p.proposed_fact_value.strip():
            problems.append("proposed_fact_value: give the fact's value")
    for name, value, limit in (
        ("quote", p.quote, LIMITS["quote"]),
        ("message", p.message, MESSAGE_LIMIT),
        ("proposed_fact_value", p.proposed_fact_value, 2000),
        ("name", p.name, 120),
    ):
        if len(value) > limit:
            problems.append(f"{name}: text is {len(value)} characters, the limit is {limit}")
        if "\x00" in value:
            problems.append(f"{name}: contains a NUL character")
    if p.email:
        try:
            validate_email(p.email)
        except ValidationError:
            problems.append("email: not an email address")
    if p.credit_consent and not p.name.strip():
        problems.append("name: give the name to credit, or untick the credit box")
    return problems


def _serialise_per_address(address_key: str) -> None:
    """Make concurrent submissions from one address count one after the other.

    SQLite already serialises writers (IMMEDIATE transactions); on PostgreSQL a transaction-scoped
    advisory lock on the address makes the count-then-insert below atomic per address.
    """
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(address_key.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _check_rate(address_key: str, now: dt.datetime) -> None:
    _serialise_per_address(address_key)
    for window, limit in RATE_LIMITS:
        if Correction.objects.filter(address_hash=address_key, created_at__gte=now - window).count() >= limit:
            raise RateLimited(window, limit)


def correction_flag(actor: Actor, corr: Correction) -> tuple[Flag, bool]:
    flag, raised = flag_raise(
        actor=actor,
        kind=Flag.Kind.CORRECTION,
        key=f"correction:{corr.pk}",
        title=f"Correction to {corr.offering_id} / {corr.dimension_id}",
        detail=corr.message,
        offering_id=corr.offering_id,
        dimension_id=corr.dimension_id,
        data={"correction": corr.pk},
    )
    if corr.flag_id != flag.pk:
        Correction.objects.filter(pk=corr.pk).update(flag=flag)
        corr.flag = flag
    return flag, raised


def correction_submit(*, address_key: str, proposal: Proposal, now: dt.datetime | None = None) -> Correction:
    """Store a public correction and raise its flag; ChangeRefused or RateLimited write nothing."""
    problems = _problems(proposal)
    if problems:
        raise ChangeRefused(problems)
    now = now or timezone.now()
    with transaction.atomic():
        _check_rate(address_key, now)
        p = proposal
        corr = Correction.objects.create(
            token=secrets.token_urlsafe(24),
            offering_id=p.offering_id,
            dimension_id=p.dimension_id,
            proposed_grade=p.proposed_grade,
            proposed_fact_key=p.proposed_fact_key,
            proposed_fact_value=p.proposed_fact_value.strip(),
            evidence_url=p.evidence_url.strip(),
            quote=p.quote.strip(),
            message=p.message.strip(),
            name=p.name.strip(),
            email=p.email.strip(),
            credit_consent=p.credit_consent,
            address_hash=address_key,
        )
        if now != corr.created_at:  # the clock a test passes in counts for the rate limit
            Correction.objects.filter(pk=corr.pk).update(created_at=now)
        correction_flag("public", corr)
        audit.record(
            actor="public",
            action="correction.submit",
            target=f"correction:{corr.pk}",
            detail={"offering": p.offering_id, "dimension": p.dimension_id},
        )
    return corr


def correction_triage(*, actor: Actor, correction: Correction, outcome: str, note: str) -> Correction:
    """Record the outcome; an accepted correction becomes a draft (kind correction, credited)."""
    problems = []
    if outcome not in Correction.Outcome.values:
        problems.append(f"outcome: must be one of {', '.join(Correction.Outcome.values)}")
    problems += reason_problems("note", note, "a triage decision needs a reason")
    if correction.status != Correction.Status.RECEIVED:
        problems.append(f"the correction was already triaged ({correction.get_status_display()})")
    if problems:
        raise ChangeRefused(problems)
    with transaction.atomic():
        correction.outcome, correction.triage_note = outcome, note.strip()
        correction.triaged_by, correction.triaged_at = audit.actor_user(actor), timezone.now()
        if outcome in ACCEPTED:
            correction.status = Correction.Status.ACCEPTED
            correction.draft = _draft_for(actor, correction)
        else:
            correction.status = Correction.Status.DECLINED
        correction.save()
        if correction.flag_id:
            Flag.objects.filter(pk=correction.flag_id, status=Flag.Status.OPEN).update(
                status=Flag.Status.RESOLVED,
                decided_at=timezone.now(),
                decided_by=audit.actor_user(actor),
                decision_reason=f"Triaged: {correction.get_outcome_display()}. {note.strip()}"[:2000],
            )
        audit.record(
            actor=actor,
            action="correction.triage",
            target=f"correction:{correction.pk}",
            detail={"outcome": outcome, "draft": correction.draft_id},
        )
    return correction


def _draft_for(actor: Actor, corr: Correction) -> Draft:
    """A draft of the cell with the proposal applied and the evidence cited, for an editor to finish.

    It is not validated here: the editor adds a snapshot of the evidence and saves it, and the
    reviewer's publish validates everything.
    """
    dim = selectors.catalogue().get(corr.dimension_id)
    assert dim is not None
    o = Offering.objects.get(pk=corr.offering_id)
    own = Holder("offering", o.id)
    party = Holder("party", graded_party(dim, o.developer_id, o.platform_id))
    own_rec = current_record(own, dim.id)
    holder, rec = (
        (own, own_rec) if isinstance(own_rec, CellRecord) else (party, current_record(party, dim.id))
    )
    if rec is None:
        holder = own
    base = record_data(rec)
    data = dict(base or {"grade": Grade.NOT_REVIEWED.value})
    data.pop("scope", None)
    if corr.proposed_grade:
        data["grade"] = corr.proposed_grade
    if corr.proposed_fact_key:
        value: object = corr.proposed_fact_value
        spec = dim.facts.get(corr.proposed_fact_key)
        if spec is not None:
            # Kept as typed when it does not parse: the editor fixes it; publishing refuses it until then.
            with contextlib.suppress(ValueError):
                value = parse_fact(corr.proposed_fact_value, spec.type)
        data["facts"] = {**data.get("facts", {}), corr.proposed_fact_key: value}
    source = Source.objects.filter(url=corr.evidence_url).first() or Source.objects.create(
        url=corr.evidence_url, kind=SourceKind.OTHER.value, title="Evidence submitted with a correction"
    )
    ref = {"url": source.url, "kind": source.kind, "primary": False, "role": CitationRole.SUPPORTS.value}
    if corr.quote:
        ref["quote"] = corr.quote
    data["sources"] = [*data.get("sources", []), ref]
    if rec is not None and rec.annotations:
        data["annotations"] = [annotation_data(a) for a in rec.annotations]
    # Nobody has written content yet: the triager only decided, so the draft has no author and no
    # owner (the triager may still publish it); the first editor to save it owns it.
    draft = Draft(
        holder=str(holder),
        dimension_id=dim.id,
        data=data,
        base=base,
        kind=Revision.Kind.CORRECTION,
        reason=f"Correction #{corr.pk}: {corr.triage_note}"[:2000],
        credit=corr.credit,
        flag=corr.flag,
    )
    ownership.record_version(f"correction:{corr.pk}", draft, first=True)
    return draft
