"""Drafting and publishing cell changes: the editor drafts, a reviewer publishes.

A draft is validated like a data file (``trustreg.domain.bundle.read_cell``), against the two-level
rule, and every cited quote is checked against the source's newest snapshot. One exception: a
quote already published before any copy of its source was kept (the bundled data) is carried over
unchanged, but never counts as the evidence a grade change needs. Publishing checks all
of it again (sources and cells may have moved on), applies the two-person rule to grade changes,
and writes the cell and one revision atomically (``trustreg.registry.publish``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.domain.bundle import (
    LIMITS,
    Problem,
    Reader,
    annotation_data,
    inheritance_problems,
    read_cell,
    read_scope,
)
from trustreg.domain.catalogue import Dimension
from trustreg.domain.cells import CELL_VALUES, CellRecord, CitationRole, ScopeRecord, graded_party
from trustreg.domain.grades import Grade
from trustreg.evidence.models import Source
from trustreg.evidence.services import citation_problem
from trustreg.flags.models import Flag
from trustreg.flags.state import flag_state_set
from trustreg.registry import selectors
from trustreg.registry.models import Offering, Party, Revision
from trustreg.registry.publish import Holder, NothingChanged, cell_publish, current_record
from trustreg.registry.services import record_data
from trustreg.workbench import ownership
from trustreg.workbench.errors import ChangeRefused
from trustreg.workbench.models import Correction, Draft

# A grade change must cite at least one verified quote, except towards these grades (which say
# that no evidence was found or nobody looked).
GRADES_WITHOUT_EVIDENCE = {Grade.NO_PUBLIC_EVIDENCE.value, Grade.NOT_REVIEWED.value}
CELL_FIELDS = CELL_VALUES  # the form's fields of one value each, as the record names them


@dataclass(frozen=True)
class CitationInput:
    source_id: int
    quote: str
    role: str = CitationRole.SUPPORTS.value
    primary: bool = True


@dataclass(frozen=True)
class Checked:
    record: CellRecord | ScopeRecord
    data: dict[str, Any]
    snapshots: dict[int, int | None]


def holder_exists(holder: Holder) -> bool:
    model = Offering if holder.kind == "offering" else Party
    return model.objects.filter(pk=holder.id).exists()


def dimension(dimension_id: str) -> Dimension:
    dim = selectors.catalogue().get(dimension_id)
    if dim is None:
        raise ChangeRefused([f"dimension: unknown dimension {dimension_id!r}"])
    return dim


def base_data(holder: Holder, dimension_id: str) -> dict[str, Any] | None:
    return record_data(current_record(holder, dimension_id))


def cell_input(
    fields: dict[str, Any], citations: list[CitationInput], annotations: list[dict[str, Any]]
) -> dict[str, Any]:
    """The data-file shape of a proposed cell from form fields and citations (empty fields dropped)."""
    sources = {s.pk: s for s in Source.objects.filter(pk__in=[c.source_id for c in citations])}
    data: dict[str, Any] = {k: v for k in CELL_FIELDS if (v := fields.get(k)) not in (None, "")}
    if fields.get("facts"):
        data["facts"] = dict(fields["facts"])
    refs = []
    for c in citations:
        s = sources.get(c.source_id)
        if s is None:
            raise ChangeRefused([f"sources: no source #{c.source_id}"])
        ref: dict[str, Any] = {"url": s.url, "kind": s.kind, "primary": c.primary}
        for key, value in (
            ("publisher", s.publisher),
            ("title", s.title),
            ("archived", s.archived_url),
            ("canonical_url", s.canonical_url),
            ("quote", c.quote.strip()),
        ):
            if value:
                ref[key] = value
        if c.role != CitationRole.SUPPORTS.value:
            ref["role"] = c.role
        refs.append(ref)
    if refs:
        data["sources"] = refs
    if annotations:
        data["annotations"] = annotations
    return data


def check(
    holder: Holder, dimension_id: str, data: dict[str, Any] | None, *, base: dict[str, Any] | None
) -> Checked:
    """Validate a proposed cell completely; ChangeRefused lists every problem."""
    if data is None:
        raise ChangeRefused(["the draft holds no cell"])
    if not holder_exists(holder):
        raise ChangeRefused([f"holder: no {holder.kind} {holder.id!r}"])
    dim = dimension(dimension_id)
    problems: list[Problem] = []
    reader = Reader(f"{holder}/{dimension_id}", problems)
    record: CellRecord | ScopeRecord | None
    if "scope" in data:
        if holder.kind != "offering":
            raise ChangeRefused(["grade: a cell on a party needs a grade"])
        record = read_scope(data["scope"], "", dim, reader)
    else:
        record = read_cell(data, "", dim, reader, allow_override=holder.kind == "offering")
    messages = [f"{p.path}: {p.reason}" if p.path else p.reason for p in problems]
    if record is None or messages:
        raise ChangeRefused(messages or ["the cell is not well-formed"])
    messages += _inheritance_problems(holder, dim, record)
    snapshots: dict[int, int | None] = {}
    verified_quotes = 0
    sources = {s.url: s for s in Source.objects.filter(url__in=[r.url for r in record.sources])}
    carried = _published_quotes(base)
    for pos, ref in enumerate(record.sources):
        snapshots[pos] = None
        if not ref.quote:
            continue
        if ref.url not in sources:
            messages.append(
                f"sources[{pos}].url: {ref.url} is not a recorded source: add it and a snapshot first"
            )
            continue
        source = sources[ref.url]
        if (ref.url, ref.quote) in carried and not source.snapshots.exists():
            continue  # published before any copy was kept: carried over, but it proves no new grade
        snapshot, problem = citation_problem(source, ref.quote)
        if problem:
            messages.append(f"sources[{pos}].quote: {problem}")
        else:
            snapshots[pos] = snapshot.pk if snapshot else None
            if ref.role != CitationRole.LEAD.value:
                verified_quotes += 1
    old_grade = (base or {}).get("grade", "")
    new_grade = getattr(record, "grade", "")
    if new_grade != old_grade and new_grade not in GRADES_WITHOUT_EVIDENCE and not verified_quotes:
        messages.append("sources: a grade change needs evidence: cite at least one quote found in a snapshot")
    if messages:
        raise ChangeRefused(messages)
    return Checked(record, record_data(record) or {}, snapshots)


def _published_quotes(base: dict[str, Any] | None) -> set[tuple[str, str]]:
    refs = ((base or {}).get("scope") or base or {}).get("sources", [])
    return {(r["url"], r.get("quote", "")) for r in refs}


def _inheritance_problems(holder: Holder, dim: Dimension, record: CellRecord | ScopeRecord) -> list[str]:
    """The two-level rule, as data files check it (``bundle.inheritance_problems``)."""
    if holder.kind != "offering":
        return []
    o = Offering.objects.get(pk=holder.id)
    party = graded_party(dim, o.developer_id, o.platform_id)
    inherited = current_record(Holder("party", party), dim.id)
    assert not isinstance(inherited, ScopeRecord)  # a party records whole cells
    return [f"{path}: {reason}" if path else reason
            for path, reason in inheritance_problems(dim, record, party, inherited)]


def reason_problems(field: str, text: str, missing: str) -> list[str]:
    """A required reason, within the data files' limit for reasons."""
    if not text.strip():
        return [f"{field}: {missing}"]
    if len(text) > LIMITS["reason"]:
        return [f"{field}: text is {len(text)} characters, the limit is {LIMITS['reason']}"]
    return []


def _check_meta(kind: str, reason: str) -> list[str]:
    problems = []
    if kind not in Revision.Kind.values:
        problems.append(f"kind: must be one of {', '.join(Revision.Kind.values)}")
    return problems + reason_problems("reason", reason, "say why the cell changes")


def current_annotations(holder: Holder, dimension_id: str) -> list[dict[str, Any]]:
    rec = current_record(holder, dimension_id)
    return [annotation_data(a) for a in rec.annotations] if rec else []


def flag_is_about(flag: Flag, holder: Holder, dimension_id: str) -> bool:
    """Whether ``flag`` is about this cell: the same question, and the same holder (a flag on an
    offering is about the party cell that offering inherits)."""
    if flag.dimension_id != dimension_id:
        return False
    if holder.kind == "offering":
        return flag.offering_id == holder.id
    if flag.party_id is not None:
        return flag.party_id == holder.id
    if flag.offering_id is None:
        return False
    o = Offering.objects.filter(pk=flag.offering_id).first()
    return o is not None and graded_party(dimension(dimension_id), o.developer_id, o.platform_id) == holder.id


def draft_save(
    *,
    actor: Actor,
    holder: Holder,
    dimension_id: str,
    data: dict[str, Any] | None,
    kind: str,
    reason: str,
    draft: Draft | None = None,
    flag: Flag | None = None,
) -> Draft:
    """Create or update a draft after validating it fully (nothing is saved when refused)."""
    problems = _check_meta(kind, reason)
    if flag is not None and not flag_is_about(flag, holder, dimension_id):
        problems.append(f"flag: flag #{flag.pk} is about another cell; a draft answers flags about its own cell")
    base = base_data(holder, dimension_id) if holder_exists(holder) else None
    try:
        checked = check(holder, dimension_id, data, base=base)
    except ChangeRefused as exc:
        raise ChangeRefused(problems + exc.problems) from None
    if problems:
        raise ChangeRefused(problems)
    if checked.data == base:
        raise ChangeRefused(["the draft changes nothing: it equals the published cell"])
    with transaction.atomic():
        first = draft is None
        if draft is None:
            draft = Draft(holder=str(holder), dimension_id=dimension_id, flag=flag)
        else:
            draft = Draft.objects.select_for_update(of=("self",)).select_related("owner").get(pk=draft.pk)
            if draft.status != Draft.Status.DRAFT:
                raise ChangeRefused([f"the draft is {draft.status} and can no longer change"])
        if problems := ownership.save_problems(actor, draft):
            raise ChangeRefused(problems)
        claimed = draft.owner_id is None and not first
        draft.data, draft.base, draft.kind, draft.reason = checked.data, base, kind, reason
        draft.snapshots = {str(k): v for k, v in checked.snapshots.items()}
        ownership.record_version(actor, draft, first=first)
        audit.record(
            actor=actor,
            action="draft.save",
            target=f"draft:{draft.pk}",
            detail={"holder": draft.holder, "dimension": dimension_id, "kind": kind,
                    "version": draft.version, "claimed": claimed},
        )
    return draft


def verified_on(checked: Checked, base: dict[str, Any] | None) -> dt.date | None:
    """Publishing a new grade, or a quote just found in a kept copy, is a person verifying the
    cell: today is its verified date. Other edits leave the date of the last verification."""
    new_quotes = {(r.url, r.quote) for pos, r in enumerate(checked.record.sources)
                  if r.quote and checked.snapshots.get(pos)} - _published_quotes(base)
    if grade_of(checked.data) != grade_of(base) or new_quotes:
        return timezone.localdate()
    return None


def grade_of(data: dict[str, Any] | None) -> str:
    return (data or {}).get("grade", "")


def draft_publish(*, actor: Actor, draft: Draft, version: int, summary_confirmed: bool = False) -> Revision:
    """Publish version ``version`` of a draft (the one the reviewer saw): revalidate, apply the
    two-person rule (``ownership``), write the cell and its revision crediting every editor."""
    if draft.status != Draft.Status.DRAFT:
        raise ChangeRefused([f"the draft is {draft.status}, not open for publishing"])
    holder = Holder.parse(draft.holder)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != Draft.Status.DRAFT:
            raise ChangeRefused(["the draft was published or withdrawn meanwhile"])
        base = base_data(holder, draft.dimension_id)
        if base != locked.base:
            raise ChangeRefused(
                [
                    "the published cell changed after this draft was written: "
                    "the editor must save the draft again on top of the current cell"
                ]
            )
        if problems := ownership.publish_problems(
            actor, locked, version=version, summary_confirmed=summary_confirmed
        ):
            raise ChangeRefused(problems)
        draft = locked
        checked = check(holder, draft.dimension_id, draft.data, base=base)
        try:
            revision = cell_publish(
                actor=actor,
                holder=holder,
                dimension_id=draft.dimension_id,
                record=checked.record,
                kind=draft.kind,
                reason=draft.reason,
                snapshots=checked.snapshots,
                author=draft.author,
                reviewer=audit.actor_user(actor),
                credit=draft.credit,
                verified_on=verified_on(checked, base),
            )
        except NothingChanged as exc:
            raise ChangeRefused([str(exc)]) from None
        revision.editors.set(ownership.editors_in_order(draft))
        Draft.objects.filter(pk=draft.pk).update(
            status=Draft.Status.PUBLISHED,
            reviewer=audit.actor_user(actor),
            revision=revision,
            updated_at=timezone.now(),
        )
        Correction.objects.filter(draft=draft).update(status=Correction.Status.PUBLISHED, revision=revision)
        # The flag this draft answers is resolved by publishing it (never a flag about another cell).
        if draft.flag is not None and flag_is_about(draft.flag, holder, draft.dimension_id):
            flag_state_set(actor=actor, flag_id=draft.flag.pk, status=Flag.Status.RESOLVED,
                           reason=f"Published revision {revision.pk}: {draft.reason}",
                           detail={"revision": revision.pk, "draft": draft.pk})
        audit.record(
            actor=actor,
            action="draft.publish",
            target=f"draft:{draft.pk}",
            detail={"revision": revision.pk, "version": version, "summary_confirmed": summary_confirmed},
        )
    draft.refresh_from_db()
    return revision


def draft_withdraw(*, actor: Actor, draft: Draft, reason: str = "") -> Draft:
    if draft.status != Draft.Status.DRAFT:
        raise ChangeRefused([f"the draft is {draft.status} already"])
    if problems := ownership.save_problems(actor, draft):
        raise ChangeRefused(problems)
    with transaction.atomic():
        draft.status = Draft.Status.WITHDRAWN
        draft.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor, action="draft.withdraw", target=f"draft:{draft.pk}", detail={"reason": reason[:2000]}
        )
    return draft
