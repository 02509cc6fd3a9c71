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
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.domain.bundle import LIMITS, URL_RE, annotation_data
from trustreg.domain.cells import CellRecord, CitationRole, SourceKind, graded_party
from trustreg.domain.factinput import parse_fact
from trustreg.domain.grades import Grade
from trustreg.evidence.models import Source
from trustreg.evidence.services import EvidenceRefused, source_create
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.flags.state import flag_state_set
from trustreg.outbox.services import event_record
from trustreg.registry import selectors
from trustreg.registry.models import Offering, Party, Revision
from trustreg.registry.publish import Holder, current_record
from trustreg.registry.services import record_data
from trustreg.workbench import ownership
from trustreg.workbench.drafts import ChangeRefused, reason_problems
from trustreg.workbench.models import Correction, Draft

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


@dataclass(frozen=True)
class Triage:
    """A reviewer's decision on a correction. ``note`` is internal; ``public_reason`` is what the
    submitter's status page and, once published, the changelog and feeds say. For a cell the
    offering inherits, ``target`` says where the change goes: ``party`` (every offering it serves)
    or ``offering`` (an override here, with ``override_reason``)."""

    outcome: str
    public_reason: str
    note: str = ""
    target: str = ""
    override_reason: str = ""
    source_kind: str = SourceKind.OTHER.value
    source_primary: bool = False


@dataclass(frozen=True)
class Inheritance:
    """The party cell an offering's cell comes from, and every offering that shows it."""

    party_id: str
    offerings: list[Offering]


def inheritance(corr: Correction) -> Inheritance | None:
    """Where the corrected cell comes from when the offering inherits it (None: its own cell)."""
    dim = selectors.catalogue().get(corr.dimension_id)
    assert dim is not None
    o = corr.offering
    if isinstance(current_record(Holder("offering", o.id), dim.id), CellRecord):
        return None
    party = graded_party(dim, o.developer_id, o.platform_id)
    if current_record(Holder("party", party), dim.id) is None:
        return None
    return Inheritance(party, list(Offering.objects.filter(**{dim.level.offering_field: party}).order_by("name")))


def suggests_primary(evidence_url: str, vendor_urls: list[str]) -> bool:
    """A vendor's own domain suggests a primary source (the triager decides)."""
    host = (urlsplit(evidence_url).hostname or "").lower()
    for url in vendor_urls:
        domain = ".".join((urlsplit(url).hostname or "").lower().split(".")[-2:])
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def vendor_urls(corr: Correction) -> list[str]:
    o = corr.offering
    return [u for u in Party.objects.filter(pk__in=[o.developer_id, o.platform_id]).values_list("url", flat=True)
            if u]


def _triage_problems(corr: Correction, t: Triage) -> list[str]:
    problems = []
    if t.outcome not in Correction.Outcome.values:
        problems.append(f"outcome: must be one of {', '.join(Correction.Outcome.values)}")
    problems += reason_problems("public_reason", t.public_reason, "say publicly why (the submitter sees it)")
    if corr.status != Correction.Status.RECEIVED:
        problems.append(f"the correction was already triaged ({corr.get_status_display()})")
    if t.outcome in ACCEPTED:
        if t.source_kind not in {k.value for k in SourceKind}:
            problems.append("source_kind: not a kind of source")
        inherited = inheritance(corr)
        if inherited is not None and t.target not in ("party", "offering"):
            problems.append(
                f"target: the cell comes from {inherited.party_id}: change the party cell "
                f"({len(inherited.offerings)} offerings) or override it on this offering"
            )
        if inherited is not None and t.target == "offering":
            problems += reason_problems(
                "override_reason", t.override_reason, "say why this offering differs from the party"
            )
    return problems


def correction_triage(*, actor: Actor, correction: Correction, triage: Triage) -> Correction:
    """Record the outcome; an accepted correction becomes a draft (kind correction, credited)."""
    t = triage
    if problems := _triage_problems(correction, t):
        raise ChangeRefused(problems)
    with transaction.atomic():
        correction.outcome, correction.triage_note = t.outcome, t.note.strip()
        correction.public_reason = t.public_reason.strip()
        correction.triaged_by, correction.triaged_at = audit.actor_user(actor), timezone.now()
        if t.outcome in ACCEPTED:
            correction.status = Correction.Status.ACCEPTED
            correction.draft = _draft_for(correction, t, actor)
        else:
            correction.status = Correction.Status.DECLINED
        correction.save()
        if correction.flag_id:
            flag_state_set(actor=actor, flag_id=correction.flag_id, status=Flag.Status.RESOLVED,
                           reason=f"Triaged: {correction.get_outcome_display()}. {t.public_reason.strip()}",
                           detail={"correction": correction.pk})
        if correction.status == Correction.Status.ACCEPTED:
            event_record(type="correction.accepted", payload=_accepted_payload(correction))
        audit.record(
            actor=actor,
            action="correction.triage",
            target=f"correction:{correction.pk}",
            detail={"outcome": t.outcome, "draft": correction.draft_id, "target": t.target,
                    "source_kind": t.source_kind, "source_primary": t.source_primary},
        )
    return correction


def _accepted_payload(corr: Correction) -> dict[str, object]:
    """What the public status page shows of an accepted correction (never who submitted it)."""
    return {
        "correction": corr.pk, "offering": corr.offering_id, "question": corr.dimension_id,
        "outcome": corr.outcome, "public_reason": corr.public_reason,
        "triaged_at": corr.triaged_at.isoformat() if corr.triaged_at else None,
        "draft": corr.draft_id,
    }


def _draft_for(corr: Correction, t: Triage, actor: Actor) -> Draft:
    """A draft of the cell with the proposal applied and the evidence cited, for an editor to finish.

    It is not validated here: the editor adds a snapshot of the evidence and saves it, and the
    reviewer's publish validates everything.
    """
    dim = selectors.catalogue().get(corr.dimension_id)
    assert dim is not None
    o = Offering.objects.get(pk=corr.offering_id)
    own = Holder("offering", o.id)
    party = Holder("party", graded_party(dim, o.developer_id, o.platform_id))
    own_rec, party_rec = current_record(own, dim.id), current_record(party, dim.id)
    if isinstance(own_rec, CellRecord) or party_rec is None:
        holder, rec, base_rec = own, own_rec, own_rec
    elif t.target == "offering":  # an override on this offering, starting from the party's cell
        holder, rec, base_rec = own, party_rec, own_rec
    else:
        holder, rec, base_rec = party, party_rec, party_rec
    base = record_data(base_rec)
    data = dict(record_data(rec) or {"grade": Grade.NOT_REVIEWED.value})
    data.pop("scope", None)
    if holder == own and rec is party_rec:
        data["override_reason"] = t.override_reason.strip()
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
    source = Source.objects.filter(url=corr.evidence_url).first()
    if source is None:  # recorded like any other source: through its service, with its audit row
        try:
            source = source_create(actor=actor, url=corr.evidence_url, kind=t.source_kind,
                                   title="Evidence submitted with a correction")
        except EvidenceRefused as exc:
            raise ChangeRefused([f"evidence_url: {p}" for p in exc.problems]) from None
    ref = {"url": source.url, "kind": source.kind, "primary": t.source_primary,
           "role": CitationRole.SUPPORTS.value}
    if corr.quote:
        ref["quote"] = corr.quote
    data["sources"] = [*data.get("sources", []), ref]
    annotations = list(rec.annotations) if rec is not None else []
    if base_rec is not None and base_rec is not rec:  # an override keeps the offering's own annotations
        annotations += base_rec.annotations
    if annotations:
        data["annotations"] = [annotation_data(a) for a in annotations]
    # Nobody has written content yet: the triager only decided, so the draft has no author and no
    # owner (the triager may still publish it); the first editor to save it owns it. The public
    # reason, never the internal note, becomes the changelog's "why".
    draft = Draft(
        holder=str(holder),
        dimension_id=dim.id,
        data=data,
        base=base,
        kind=Revision.Kind.CORRECTION,
        reason=t.public_reason.strip()[:2000],
        credit=corr.credit,
        flag=corr.flag,
    )
    ownership.record_version(f"correction:{corr.pk}", draft, first=True)
    return draft
