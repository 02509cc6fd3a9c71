"""What a document is: title, publisher, author, dates, source kind, and whether it is primary.

The source kind comes from the URL first (host and path say most), then from metadata, then from
cues in the text ("Accept Answer" is a forum, "This Agreement" is legal). Every decision records
its reason, so a maintainer can see why a page was called a blog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from trustreg.domain.cells import PRIMARY_KINDS, SourceKind

# The kinds a fetched document can be; registry entries, archives and search snippets are not documents.
SOURCE_KINDS = tuple(
    kind.value
    for kind in SourceKind
    if kind not in (SourceKind.REGISTRY, SourceKind.ARCHIVE, SourceKind.SEARCH_SNIPPET)
)

# Known hosts of parties, so a page on learn.microsoft.com counts as Microsoft's own material.
PARTY_DOMAINS: dict[str, tuple[str, ...]] = {
    "microsoft": ("microsoft.com", "azure.com", "azure.microsoft.com", "windows.net"),
    "azure": ("microsoft.com", "azure.com"),
    "openai": ("openai.com", "chatgpt.com"),
    "anthropic": ("anthropic.com", "claude.ai", "claude.com"),
    "google": ("google.com", "cloud.google.com", "ai.google.dev", "googleblog.com", "withgoogle.com"),
    "mistral": ("mistral.ai",),
    "amazon": ("amazon.com", "aws.amazon.com", "amazonaws.com", "aboutamazon.com"),
    "aws": ("amazon.com", "aws.amazon.com", "amazonaws.com"),
    "cohere": ("cohere.com", "cohere.ai"),
    "meta": ("meta.com", "ai.meta.com", "llama.com", "facebook.com"),
    "xai": ("x.ai",),
}
_PUBLISHER_BY_DOMAIN = {
    "microsoft.com": "Microsoft",
    "azure.com": "Microsoft",
    "openai.com": "OpenAI",
    "anthropic.com": "Anthropic",
    "google.com": "Google",
    "mistral.ai": "Mistral AI",
    "amazon.com": "Amazon Web Services",
    "amazonaws.com": "Amazon Web Services",
    "cohere.com": "Cohere",
    "meta.com": "Meta",
    "x.ai": "xAI",
}

_FORUM_HOSTS = (
    "stackoverflow.com",
    "stackexchange.com",
    "reddit.com",
    "quora.com",
    "news.ycombinator.com",
    "community.",
    "forum.",
    "forums.",
    "discuss.",
    "answers.",
)
_FORUM_PATHS = (
    "/answers/questions/",
    "/questions/",
    "/forum",
    "/community/",
    "/t/",
    "/threads/",
    "/discussions/",
)
_NEWS_HOSTS = (
    "reuters.com",
    "techcrunch.com",
    "theverge.com",
    "bloomberg.com",
    "ft.com",
    "wired.com",
    "zdnet.com",
    "venturebeat.com",
    "arstechnica.com",
    "cnbc.com",
    "politico.eu",
    "politico.com",
    "euractiv.com",
    "bbc.co.uk",
    "bbc.com",
    "nytimes.com",
    "theregister.com",
    "axios.com",
    "wsj.com",
    "siliconangle.com",
)
_BLOG_HOSTS = (
    "medium.com",
    "substack.com",
    "dev.to",
    "hashnode.dev",
    "blogspot.com",
    "wordpress.com",
    "blog.",
)
_TRUST_HOSTS = ("trust.", "servicetrust.", "security.", "trustcenter.", "safebase.io", "trust-center")
_LEGAL_PATHS = (
    "/legal",
    "/terms",
    "/dpa",
    "/policies/",
    "/privacy-policy",
    "/contracts",
    "/agreement",
    "/addendum",
    "/licensing/docs",
    "/service-terms",
    "/data-processing",
)
_HELP_HOSTS = ("help.", "support.", "kb.")
_HELP_PATHS = ("/hc/", "/help/", "/support/", "/articles/", "/kb/", "/faq")
_DOC_HOSTS = (
    "docs.",
    "learn.microsoft.com",
    "developer.",
    "platform.openai.com",
    "cloud.google.com",
    "docs.aws.amazon.com",
)
_DOC_PATHS = ("/docs/", "/documentation/", "/doc/", "/guide", "/reference/")

_TEXT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "qa_forum",
        re.compile(
            r"Accept Answer|was this answer helpful|I hope this helps|Hello @\w|Thanks in advance"
            r"|\bupvote\b|marked as answer|\bOP\b",
            re.IGNORECASE,
        ),
    ),
    (
        "explainer",
        re.compile(
            r"plain-language explainer|\bthis explainer\b|informational only|does not constitute "
            r"(?:legal|compliance)",
            re.IGNORECASE,
        ),
    ),
    (
        "legal",
        re.compile(
            r"\bthis (?:Agreement|Addendum|DPA)\b|\bhereby\b|\bhereunder\b|\bshall\b[^.]{0,60}\bshall\b"
            r"|Terms of (?:Service|Use)\b|\bEffective Date\b",
            re.IGNORECASE,
        ),
    ),
    (
        "trust_portal",
        re.compile(r"\bTrust (?:Center|Portal)\b.{0,40}\b(?:request access|download|NDA)\b", re.IGNORECASE),
    ),
    (
        "news",
        re.compile(
            r"\(Reuters\)|\btold (?:Reuters|reporters|TechCrunch)\b|\bsaid in a statement\b"
            r"|\baccording to a spokesperson\b",
            re.IGNORECASE,
        ),
    ),
    (
        "blog",
        re.compile(
            r"\bblog post\b|\bin this post\b|\bmy (?:last|previous) post\b|\bI (?:think|believe)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "help_center",
        re.compile(
            r"Was this article helpful|Contact (?:our )?support|Updated (?:over )?\w+ (?:days?|weeks?|"
            r"months?) ago",
            re.IGNORECASE,
        ),
    ),
)

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH_ALT = "|".join([*_MONTHS, "sept", *(m[:3] for m in _MONTHS)])
_DATE_FORMS = (
    re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?"),
    re.compile(
        rf"(?P<mon>{_MONTH_ALT})\.?\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<y>(?:19|20)\d{{2}})", re.I
    ),
    re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_ALT})\.?\s+(?P<y>(?:19|20)\d{{2}})", re.I),
)
_UPDATED_CUE = re.compile(r"\b(?:last\s+)?(?:updated|modified|revised|reviewed)\b[:\s]*(?:on\s+)?", re.I)
_PUBLISHED_CUE = re.compile(r"\b(?:published|posted|effective(?:\s+date)?|dated?)\b[:\s]*(?:on\s+)?", re.I)


@dataclass(frozen=True)
class KindDecision:
    kind: str
    reason: str


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    url: str | None
    host: str | None
    publisher: str | None
    author: str | None
    published: str | None  # ISO date, possibly partial (YYYY or YYYY-MM)
    updated: str | None
    kind: str
    kind_reason: str
    media: str
    extractor: str
    metadata: dict[str, str] = field(default_factory=dict)


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def _host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def classify_source_kind(
    *, url: str | None = None, title: str = "", metadata: dict[str, str] | None = None, text: str = ""
) -> KindDecision:
    metadata = metadata or {}
    host = host_of(url) or ""
    path = (urlsplit(url).path.lower() if url else "") or ""
    if host:
        if host.startswith(_TRUST_HOSTS) or "trust-center" in path or path.rstrip("/")[-6:] == "/trust":
            return KindDecision("trust_portal", f"host/path {host}{path} is a trust portal")
        if any(h in host for h in _FORUM_HOSTS) or any(p in path for p in _FORUM_PATHS):
            return KindDecision("qa_forum", f"host/path {host}{path} is a Q&A forum")
        if any(_host_matches(host, h) for h in _NEWS_HOSTS):
            return KindDecision("news", f"host {host} is a news site")
        if (
            host.startswith(_BLOG_HOSTS)
            or any(_host_matches(host, h) for h in _BLOG_HOSTS if "." in h[:-1])
            or any(p in path for p in ("/blog", "/posts/", "/post/"))
        ):
            return KindDecision("blog", f"host/path {host}{path} is a blog")
        if "/news" in path or "/press" in path or "/newsroom" in path:
            return KindDecision("news", f"path {path} is a newsroom")
        if host.startswith(_HELP_HOSTS) or any(p in path for p in _HELP_PATHS):
            return KindDecision("help_center", f"host/path {host}{path} is a help center")
        if any(p in path for p in _LEGAL_PATHS) and not any(
            p in path for p in ("/data-privacy", "/privacy/")
        ):
            return KindDecision("legal", f"path {path} holds legal terms")
        if (
            host.startswith(_DOC_HOSTS)
            or any(_host_matches(host, h) for h in _DOC_HOSTS if "." in h[:-1])
            or any(p in path for p in _DOC_PATHS)
            or "/legal/" in path
        ):
            return KindDecision("vendor_doc", f"host/path {host}{path} is vendor documentation")
    head = f"{title}\n{text[:20_000]}"
    for kind, pattern in _TEXT_CUES:
        match = pattern.search(head)
        if match:
            return KindDecision(kind, f"text says {match.group(0)!r}")
    if metadata.get("author") and metadata.get("published"):
        return KindDecision("blog", "an authored, dated article (author and date in metadata)")
    if host:
        return KindDecision("vendor_doc", f"a page on {host} with no other cue")
    return KindDecision("other", "no URL, metadata or text cue")


def publisher_of(url: str | None, metadata: dict[str, str]) -> str | None:
    if metadata.get("publisher"):
        return metadata["publisher"]
    host = host_of(url)
    if not host:
        return None
    for domain, name in _PUBLISHER_BY_DOMAIN.items():
        if _host_matches(host, domain):
            return name
    return host


def is_primary(*, kind: str, url: str | None, publisher: str | None, parties: list[str]) -> bool:
    """Whether the document is the graded parties' own official or legal material."""
    if kind not in PRIMARY_KINDS or not parties:
        return False
    host = host_of(url)
    names = [re.sub(r"[^a-z0-9]", "", word) for party in parties for word in party.lower().split()]
    names = [
        n for n in names if len(n) >= 2 and n not in ("ai", "the", "inc", "llc", "ltd", "services", "service")
    ]
    if host:
        for name in names:
            for domain in PARTY_DOMAINS.get(name, (f"{name}.com", f"{name}.ai")):
                if _host_matches(host, domain):
                    return kind != "news" or "/news" in (urlsplit(url or "").path or "")
        return False
    if publisher:
        publisher_words = {re.sub(r"[^a-z0-9]", "", w) for w in publisher.lower().split()}
        return kind != "news" and bool(publisher_words & set(names))
    return False


def iso_date(value: str | None) -> str | None:
    """The first date in ``value`` as ISO text (``YYYY-MM-DD`` or ``YYYY-MM``), or None."""
    if not value:
        return None
    best: tuple[int, str] | None = None
    for form in _DATE_FORMS:
        match = form.search(value)
        if not match:
            continue
        year = int(match.group("y"))
        month = int(match.group("m")) if "m" in match.groupdict() and match.group("m") else None
        if month is None and match.groupdict().get("mon"):
            month = _month_prefix(match.group("mon"))
        day = int(match.group("d")) if match.groupdict().get("d") else None
        if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        text = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
        if best is None or match.start() < best[0]:
            best = (match.start(), text)
    return best[1] if best else None


def _month_prefix(name: str) -> int | None:
    name = name.lower()
    for full, number in _MONTHS.items():
        if full.startswith(name[:3]):
            return number
    return None


def dates_from_text(text: str) -> tuple[str | None, str | None]:
    """(published, updated) stated near the top of the text ("Updated March 2026")."""
    head = text[:3_000]
    published = updated = None
    for match in _UPDATED_CUE.finditer(head):
        updated = iso_date(head[match.end() : match.end() + 40])
        if updated:
            break
    for match in _PUBLISHED_CUE.finditer(head):
        published = iso_date(head[match.end() : match.end() + 40])
        if published:
            break
    return published, updated


def describe(
    *,
    text: str,
    title: str,
    media: str,
    extractor: str,
    metadata: dict[str, str],
    url: str | None = None,
) -> DocumentInfo:
    kind = classify_source_kind(url=url, title=title, metadata=metadata, text=text)
    text_published, text_updated = dates_from_text(text)
    return DocumentInfo(
        title=title,
        url=url,
        host=host_of(url),
        publisher=publisher_of(url, metadata),
        author=metadata.get("author"),
        published=iso_date(metadata.get("published")) or text_published,
        updated=iso_date(metadata.get("updated")) or text_updated,
        kind=kind.kind,
        kind_reason=kind.reason,
        media=media,
        extractor=extractor,
        metadata=dict(metadata),
    )
