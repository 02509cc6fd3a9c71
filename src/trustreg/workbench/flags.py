"""Deciding a flag: a person resolves or dismisses it with a reason (raising is ``trustreg.flags``).

A dismissal of a flag about a cell is published on that cell as an annotation
(``[human DATE] Dismissed: reason``), with its own revision.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.domain.cells import AnnotationRecord, CellRecord, Decision, ScopeRecord, graded_party
from trustreg.flags.models import Flag
from trustreg.flags.state import flag_state_set
from trustreg.registry import selectors
from trustreg.registry.models import Offering, Revision
from trustreg.registry.publish import Holder, cell_publish, current_record
from trustreg.workbench.drafts import ChangeRefused, reason_problems


def annotated_holder(flag: Flag) -> Holder | None:
    """Where a dismissal of ``flag`` is shown: the offering's cell or scope entry, or the party cell."""
    if flag.dimension_id is None:
        return None
    if flag.offering_id:
        return Holder("offering", flag.offering_id)
    if flag.party_id:
        return Holder("party", flag.party_id)
    return None


def _with_annotation(holder: Holder, flag: Flag, ann: AnnotationRecord) -> CellRecord | ScopeRecord | None:
    assert flag.dimension_id is not None
    rec = current_record(holder, flag.dimension_id)
    if rec is not None:
        return type(rec)(**{**rec.__dict__, "annotations": (*rec.annotations, ann)})
    if holder.kind == "offering":
        o = Offering.objects.get(pk=holder.id)
        dim = selectors.catalogue().get(flag.dimension_id)
        assert dim is not None
        if (
            current_record(Holder("party", graded_party(dim, o.developer_id, o.platform_id)), dim.id)
            is not None
        ):
            return ScopeRecord(annotations=(ann,))
    return None


def flag_decide(
    *, actor: Actor, flag: Flag, decision: str, reason: str, today: dt.date | None = None
) -> Revision | None:
    """Resolve or dismiss ``flag``; a dismissal about a cell is published on it. Returns that revision."""
    problems = []
    if decision not in (Decision.DISMISSED.value, Decision.RESOLVED.value):
        problems.append("decision: must be dismissed or resolved")
    problems += reason_problems("reason", reason, "a decision needs a reason")
    if problems:
        raise ChangeRefused(problems)
    reason = " ".join(reason.split())
    revision = None
    with transaction.atomic():
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        if locked.status != Flag.Status.OPEN:
            raise ChangeRefused([f"the flag is already {locked.status}"])
        holder = annotated_holder(locked)
        if decision == Decision.DISMISSED.value and holder is not None:
            ann = AnnotationRecord(date=today or timezone.localdate(), decision=decision, reason=reason)
            record = _with_annotation(holder, locked, ann)
            if record is not None:
                revision = cell_publish(
                    actor=actor,
                    holder=holder,
                    dimension_id=locked.dimension_id or "",
                    record=record,
                    kind=Revision.Kind.EDITORIAL,
                    reason=f"Flag dismissed ({locked.get_kind_display()}): {reason}",
                    reviewer=audit.actor_user(actor),
                )
        flag_state_set(actor=actor, flag_id=locked.pk, status=decision, reason=reason,
                       detail={"revision": revision.pk if revision else None})
    flag.refresh_from_db()
    return revision
