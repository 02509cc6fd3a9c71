"""Who owns a draft, who edited it, and who may publish it (the two-person rule).

- A draft has one owner: only the owner saves it. Anyone else with the editor role takes it over
  first (``draft_take_over``), an explicit act with a reason in the audit trail. A draft written
  from a public correction has no owner until the first editor saves it.
- Every save is a numbered ``DraftVersion`` with its editor. Nobody who wrote or edited any version
  may publish the draft, whatever their role, and a reviewer publishes the version they saw.
- A grade change cannot keep the old grade's one-line summary unless the reviewer confirms it
  still holds.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.workbench.errors import ChangeRefused
from trustreg.workbench.models import Draft, DraftVersion


def editor_ids(draft: Draft) -> set[int]:
    """Everyone who wrote or edited any version of ``draft`` (its author included)."""
    ids = set(DraftVersion.objects.filter(draft=draft, editor__isnull=False).values_list("editor_id", flat=True))
    if draft.author_id is not None:
        ids.add(draft.author_id)
    return ids


def editors_in_order(draft: Draft) -> list[Any]:
    """The editors' user rows, first contribution first (the changelog's byline order)."""
    seen: dict[int, Any] = {}
    for v in DraftVersion.objects.filter(draft=draft, editor__isnull=False).select_related("editor"):
        if v.editor is not None:
            seen.setdefault(v.editor.pk, v.editor)
    return list(seen.values())


def save_problems(actor: Actor, draft: Draft) -> list[str]:
    """Why ``actor`` may not save a new version of ``draft`` now (empty when they may)."""
    user = audit.actor_user(actor)
    if user is None:
        return ["a draft is saved by a signed-in editor"]
    if draft.owner_id is not None and draft.owner_id != user.pk:
        owner = draft.owner.get_username() if draft.owner else "someone else"
        return [f"draft #{draft.pk} belongs to {owner}: take it over first (that is recorded) to edit it"]
    return []


def record_version(actor: Actor, draft: Draft, *, first: bool) -> DraftVersion:
    """Number and keep the version just saved; the saver owns the draft from now on."""
    user = audit.actor_user(actor)
    if not first:
        draft.version += 1
    if user is not None:
        draft.owner = user
        if draft.author_id is None:
            draft.author = user  # the first person to write content is its author
    draft.save()
    return DraftVersion.objects.create(
        draft=draft, number=draft.version, editor=user, data=draft.data, kind=draft.kind, reason=draft.reason
    )


def publish_problems(actor: Actor, draft: Draft, *, version: int, summary_confirmed: bool) -> list[str]:
    """Why ``actor`` may not publish version ``version`` of ``draft`` (read under its row lock)."""
    user = audit.actor_user(actor)
    if user is None:
        return ["two-person rule: a draft is published by a signed-in reviewer"]
    problems = []
    if draft.version != version:
        problems.append(
            f"the draft changed since you loaded it (you saw version {version}, it is now version "
            f"{draft.version}): review it again before publishing"
        )
    if user.pk in editor_ids(draft):
        problems.append(
            "two-person rule: you wrote or edited this draft, so another reviewer must publish it"
        )
    if summary_problem(draft.base, draft.data) and not summary_confirmed:
        problems.append(summary_problem(draft.base, draft.data))
    return problems


def summary_problem(base: dict[str, Any] | None, data: dict[str, Any] | None) -> str:
    """A grade change that keeps the old grade's one-line summary, unconfirmed, is refused."""
    base, data = base or {}, data or {}
    if not base.get("summary") or base.get("grade") == data.get("grade"):
        return ""
    if data.get("summary") != base["summary"]:
        return ""
    return (
        "summary: the grade changes but the one-line summary is the old grade's "
        f"({base['summary']!r}): confirm it still holds, or send the draft back to be rewritten"
    )


def draft_take_over(*, actor: Actor, draft: Draft, reason: str) -> Draft:
    """Make ``actor`` the owner of someone else's open draft, with the reason in the audit trail."""
    user = audit.actor_user(actor)
    problems = []
    if user is None:
        problems.append("a draft is taken over by a signed-in editor")
    if not reason.strip():
        problems.append("reason: say why you take over this draft")
    if problems:
        raise ChangeRefused(problems)
    with transaction.atomic():
        locked = Draft.objects.select_for_update(of=("self",)).select_related("owner").get(pk=draft.pk)
        if locked.status != Draft.Status.DRAFT:
            raise ChangeRefused([f"the draft is {locked.status} and can no longer change hands"])
        if locked.owner_id == user.pk:
            raise ChangeRefused(["you already own this draft"])
        previous = locked.owner.get_username() if locked.owner else ""
        Draft.objects.filter(pk=draft.pk).update(owner=user)
        audit.record(
            actor=actor,
            action="draft.take_over",
            target=f"draft:{draft.pk}",
            detail={"from": previous, "reason": reason.strip()[:2000], "version": locked.version},
        )
    draft.refresh_from_db()
    return draft
