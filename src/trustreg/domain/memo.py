"""The vendor-file memo as Markdown: what a procurement or security reviewer files for one offering.

Deterministic by construction: the same registry state and date in, byte-identical text out (no
clock, no dict-order surprises), so two memos can be diffed later. Every piece of source or user
text is escaped so that it prints as written and can never become a link, image or HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from trustreg.domain.cells import QUALIFIERS, ResolvedCell, SourceRef
from trustreg.domain.fit import OfferingFit

# What can start markup anywhere in CommonMark: escaped wherever it appears. An underscore inside
# a word (self_serve) cannot open emphasis, so it stays readable; a leading block marker is escaped.
_SPECIAL = re.compile(r"([\\`*\[\]<>|~]|&(?=[#A-Za-z])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_BLOCK_START = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")


def md(text: object) -> str:
    """Source or user text as inert Markdown on one line: specials escaped, whitespace folded."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), escaped)


@dataclass(frozen=True)
class MemoSource:
    ref: SourceRef
    copy_sha256: str = ""
    copy_retrieved: dt.date | None = None
    copy_obtained: str = ""
    quote_last_found: dt.date | None = None


@dataclass(frozen=True)
class MemoCell:
    cell: ResolvedCell
    recorded_by: str  # who records the cell: the offering itself or the party it is inherited from
    evidence: str  # the evidence strength, in words
    expires: dt.date | None
    sources: tuple[MemoSource, ...] = ()
    open_flags: tuple[str, ...] = ()  # kinds of open review flags, in words
    pending_corrections: int = 0


@dataclass(frozen=True)
class MemoInput:
    offering_id: str
    name: str
    developer: str
    platform: str
    category: str
    summary: str
    as_of: dt.date
    offering_url: str  # permalink to the offering page pinned to as_of
    memo_url: str
    groups: tuple[tuple[str, tuple[MemoCell, ...]], ...]
    to_confirm: tuple[MemoCell, ...] = ()
    profile_title: str = ""
    fit: OfferingFit | None = None
    fit_url: str = ""
    disclaimer: str = ""
    license: str = ""

    @property
    def cells(self) -> list[MemoCell]:
        return [c for _, cells in self.groups for c in cells]


def render_markdown(m: MemoInput) -> str:
    lines = [f"# Vendor-file memo: {md(m.name)}", ""]
    lines += [
        f"- **Offering:** {md(m.name)} (`{m.offering_id}`), developer {md(m.developer)}, "
        f"platform {md(m.platform)}, {md(m.category.replace('_', ' '))}",
        f"- **Registry as of:** {m.as_of.isoformat()} (the registry's state at the end of that day, UTC)",
        f"- **Permalink:** <{m.offering_url}>",
        f"- **This memo:** <{m.memo_url}>",
    ]
    if m.summary:
        lines += ["", md(m.summary)]
    watchouts = [c for c in m.cells if c.cell.is_watchout]
    lines += ["", f"## Watch-outs ({len(watchouts)})", ""]
    lines += [f"- **{md(c.cell.dimension.label)}:** {c.cell.label}. {md(c.cell.reason)}".rstrip() for c in watchouts]
    if not watchouts:
        lines.append("None: every reviewed cell is a clean public yes.")
    lines += ["", f"## Evidence to confirm ({len(m.to_confirm)})", ""]
    lines += [f"- **{md(c.cell.dimension.label)}:** {c.evidence}" for c in m.to_confirm]
    if not m.to_confirm:
        lines.append("None: every graded cell rests on a primary quote found in its kept copy.")
    if m.fit is not None:
        lines += _fit_section(m)
    for group_label, cells in m.groups:
        lines += ["", f"## {md(group_label)}"]
        for c in cells:
            lines += _cell_section(c)
    lines += ["", "## Disclaimer", "", md(m.disclaimer or "Evidence index, not a legal determination.")]
    if m.license:
        lines += ["", md(m.license)]
    return "\n".join(lines).rstrip() + "\n"


def _fit_section(m: MemoInput) -> list[str]:
    assert m.fit is not None
    lines = ["", f"## Requirements: {md(m.profile_title)}", "",
             f"**Verdict:** {m.fit.verdict.label}. Checked on {m.as_of.isoformat()}: <{m.fit_url}>", ""]
    for r in m.fit.results:
        lines.append(f"- {md(r.requirement.describe())}: {r.verdict.label} ({md(r.reason)}; {r.evidence.label})")
    if m.fit.steps:
        lines += ["", "Steps, in order:", ""]
        lines += [f"{i}. [{md(q)}] {md(s)}" for i, (q, s) in enumerate(m.fit.steps, 1)]
    return lines


def _cell_section(c: MemoCell) -> list[str]:
    cell, record = c.cell, c.cell.record
    lines = ["", f"### {md(cell.dimension.label)}: {cell.label}", "", f"*{md(cell.dimension.question)}*", ""]
    if record is None:
        lines.append("Not reviewed yet: nobody has graded this question for this offering.")
        return lines
    verified = record.verified.isoformat() if record.verified else "not verified by a person"
    expires = c.expires.isoformat() if c.expires else "no expiry (never verified)"
    lines += [
        f"- Confidence: {record.confidence or 'not recorded'}; verified by a person: {verified}; "
        f"evidence expires: {expires}",
        f"- Evidence: {c.evidence}",
        f"- Recorded by: {md(c.recorded_by)}",
    ]
    if record.override_reason and cell.origin.value == "override":
        lines.append(f"- Overrides the party's cell because: {md(record.override_reason)}")
    qualifiers = [f"{k}: {md(v)}" for k in QUALIFIERS if (v := getattr(record, k))]
    if record.geography:
        qualifiers.append(f"geography: {md(record.geography)}")
    if qualifiers:
        lines.append("- Qualifiers: " + "; ".join(qualifiers))
    for key, value in sorted(cell.facts.items()):
        shown = ", ".join(md(v) for v in value) if isinstance(value, list) else md(_fact_text(value))
        lines.append(f"- Fact {md(key)}: {shown}")
    for note in cell.notes:
        lines += ["", md(note)]
    for a in cell.annotations:
        lines += ["", f"\\[{md(a.author)} {a.date.isoformat()}\\] {md(a.decision.capitalize())}: {md(a.reason)}"]
    if record.caveat:
        lines += ["", f"Caveat: {md(record.caveat)}"]
    lines += _sources(c)
    if c.open_flags or c.pending_corrections:
        lines += ["", f"Open review flags: {', '.join(c.open_flags) or 'none'}; "
                      f"pending public corrections: {c.pending_corrections}"]
    return lines


def _sources(c: MemoCell) -> list[str]:
    if not c.sources:
        return ["", "Sources: none cited."]
    lines = ["", "Sources:", ""]
    for i, s in enumerate(c.sources, 1):
        ref = s.ref
        kind = f"{'primary' if ref.primary else 'secondary'} {md(ref.kind.replace('_', ' '))}, {md(ref.role)}"
        title = md(ref.title or ref.publisher or ref.url)
        lines.append(f"{i}. {title} ({kind}): <{_safe_url(ref.url)}>")
        kept = []
        if s.copy_sha256:
            retrieved = s.copy_retrieved.isoformat() if s.copy_retrieved else "date unknown"
            kept.append(f"kept copy sha256 {s.copy_sha256}, retrieved {retrieved}")
            if s.copy_obtained:
                kept.append(md(s.copy_obtained))
        if ref.quote:
            found = s.quote_last_found.isoformat() if s.quote_last_found else "not yet checked by the monitor"
            kept.append(f"quote last found by the monitor: {found}")
        if kept:
            lines += ["", "   " + "; ".join(kept)]
        if ref.quote:
            lines += ["", f"   > {md(ref.quote)}"]
        lines.append("")
    return lines[:-1]


def _fact_text(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _safe_url(url: str) -> str:
    """An autolink target: http(s) only, and nothing that would close the autolink early."""
    if not url.startswith(("https://", "http://")):
        return "about:blank"
    return re.sub(r"[\s<>]", lambda ch: f"%{ord(ch.group()):02X}", url)
