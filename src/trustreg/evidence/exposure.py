"""What visitors may see of the evidence: the one place the rule is written.

Visitors see a source only while a published cell cites it, and of its kept copies only those
marked public (fetched and bundled copies are; uploaded and pasted ones once a maintainer says so).
Maintainers (any workbench role) see everything. Anything hidden answers exactly as a missing
object does, and public URLs carry random ids, so hidden objects cannot be found by counting.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from trustreg.accounts.roles import Action, can
from trustreg.evidence.models import Citation, Snapshot, Source

NO_SOURCE = "There is no source at this address."
NO_COPY = "There is no kept copy at this address."


def sees_everything(user: Any) -> bool:
    return can(user, Action.VIEW)


def visible_sources(user: Any) -> QuerySet[Source]:
    if sees_everything(user):
        return Source.objects.all()
    return Source.objects.filter(Exists(Citation.objects.filter(source=OuterRef("pk"))))


def visible_copies(user: Any, source: Source) -> QuerySet[Snapshot]:
    copies = Snapshot.objects.filter(source=source)
    return copies if sees_everything(user) else copies.filter(public=True)


def visible_copies_of_all(user: Any) -> QuerySet[Snapshot]:
    """Every kept copy the reader may see, of every source they may see (the bulk dump's copies)."""
    copies = Snapshot.objects.filter(source__in=visible_sources(user))
    return copies if sees_everything(user) else copies.filter(public=True)


def visible_source(user: Any, public_id: str) -> Source | None:
    return visible_sources(user).filter(public_id=public_id[:24]).first()


def visible_copy(user: Any, source: Source, public_id: str) -> Snapshot | None:
    return visible_copies(user, source).select_related("source", "blob").filter(public_id=public_id[:24]).first()
