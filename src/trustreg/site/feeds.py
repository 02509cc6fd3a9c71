"""Atom feeds of the changelog: everything, one offering, one question.

Entry ids are ``tag:`` URIs with a fixed authority and year, so they never change. Atom summaries
are HTML, so every piece of registry text is escaped before it goes in (the XML writer then
escapes that again): notes, reasons and credits stay inert text in any feed reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join

from trustreg.domain.strength import EvidenceStrength
from trustreg.registry import changelog, selectors
from trustreg.registry.models import Offering

FEED_SIZE = 50
NOTES_EXCERPT = 600


@dataclass(frozen=True)
class FeedItem:
    """A changelog entry with the evidence strength of the grade it left (None for scope notes)."""

    entry: changelog.Entry
    evidence: EvidenceStrength | None


class RevisionFeed(Feed):
    """What every changelog feed shares: its entries. Subclasses say which revisions and the title."""

    feed_type = Atom1Feed

    def filters(self, obj: Any) -> changelog.Filters:
        raise NotImplementedError

    def items(self, obj: Any = None) -> list[FeedItem]:
        found = changelog.entries(changelog.revisions(self.filters(obj))[:FEED_SIZE])
        strengths = changelog.entry_strengths(found, timezone.localdate())
        return [FeedItem(e, strengths.get(e.id)) for e in found]

    def item_title(self, feed_item: FeedItem) -> str:
        return feed_item.entry.title

    def item_link(self, feed_item: FeedItem) -> str:
        return reverse("site:revision", args=[feed_item.entry.id])

    def item_guid(self, feed_item: FeedItem) -> str:
        return feed_item.entry.guid

    item_guid_is_permalink = False

    def item_pubdate(self, feed_item: FeedItem) -> Any:
        return feed_item.entry.revision.published_at

    def item_updateddate(self, feed_item: FeedItem) -> Any:
        return feed_item.entry.revision.published_at

    def item_author_name(self, feed_item: FeedItem) -> str:
        return feed_item.entry.author_name or "Trust Registry"

    def item_categories(self, feed_item: FeedItem) -> list[str]:
        return [feed_item.entry.revision.kind, feed_item.entry.revision.dimension_id]

    def item_description(self, feed_item: FeedItem) -> str:
        item = feed_item.entry
        r = item.revision
        lines = [
            ("What changed", changelog.change_phrase(item.summary)),
            ("Kind", r.get_kind_display()),
            ("Reason", r.reason),
        ]
        if r.credit:
            lines.append(("Credit", r.credit))
        if item.reviewer_name:
            lines.append(("Reviewed by", item.reviewer_name))
        notes = (r.after or {}).get("notes") or ((r.after or {}).get("scope") or {}).get("notes") or ""
        if feed_item.evidence is not None:
            lines.append(("Evidence", f"{feed_item.evidence.mark} {feed_item.evidence.summary} (as of today)"))
        if notes:
            lines.append(("Notes now", notes[:NOTES_EXCERPT] + ("…" if len(notes) > NOTES_EXCERPT else "")))
        return format_html_join("", "<p><strong>{}:</strong> {}</p>", lines)


class ChangelogFeed(RevisionFeed):
    def title(self, obj: Any = None) -> str:
        return "Trust Registry changelog"

    def subtitle(self, obj: Any = None) -> str:
        return "Every published change to a cell of the registry, newest first."

    def link(self, obj: Any = None) -> str:
        return reverse("site:changelog")

    def feed_guid(self, obj: Any = None) -> str:
        return f"{changelog.TAG_AUTHORITY}:changelog"

    def filters(self, obj: Any = None) -> changelog.Filters:
        return changelog.Filters()


class OfferingChangelogFeed(RevisionFeed):
    def get_object(self, request: HttpRequest, offering_id: str) -> Offering:
        o = Offering.objects.filter(id=offering_id).first()
        if o is None:
            raise Http404(f"There is no offering with the id “{offering_id}”.")
        return o

    def title(self, obj: Offering) -> str:
        return f"{obj.name}: changes (Trust Registry)"

    def subtitle(self, obj: Offering) -> str:
        return f"Every published change to {obj.name}'s cells, including the party cells it inherits."

    def link(self, obj: Offering) -> str:
        return reverse("site:offering_history", args=[obj.id])

    def feed_guid(self, obj: Offering) -> str:
        return f"{changelog.TAG_AUTHORITY}:changelog/offering/{obj.id}"

    def filters(self, obj: Offering) -> changelog.Filters:
        return changelog.Filters(offering=obj)


class QuestionChangelogFeed(RevisionFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Any:
        dim = next((d for d in selectors.catalogue().dimensions if d.slug == slug or d.id == slug), None)
        if dim is None:
            raise Http404(f"There is no question with the slug “{slug}”.")
        return dim

    def title(self, obj: Any) -> str:
        return f"{obj.label}: changes (Trust Registry)"

    def subtitle(self, obj: Any) -> str:
        return f"Every published change to the answers to: {obj.question}"

    def link(self, obj: Any) -> str:
        return reverse("site:question", args=[obj.slug])

    def feed_guid(self, obj: Any) -> str:
        return f"{changelog.TAG_AUTHORITY}:changelog/question/{obj.id}"

    def filters(self, obj: Any) -> changelog.Filters:
        return changelog.Filters(dimension=obj.id)

