"""Open review flags bundled with the data: ``review-flags.yaml``.

A reviewer's open question travels with the registry it is about, so a fresh install shows it::

    flags:
      - id: azure-subprocessor-list          # stable: loading again never raises it twice
        offering: azure-openai
        question: gdpr_dpa
        raised: 2026-07-05
        title: Re-verify Microsoft's online-services subprocessor list
        detail: Why the question is open and what would settle it.

``trustreg load`` raises each as an open workbench flag (``flags.services.bundled_flags_raise``);
``trustreg check`` validates the file against the registry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from trustreg.domain import yamlio
from trustreg.domain.bundle import ID_RE, Bundle, BundleError, Problem, Reader

FILE = "review-flags.yaml"
ENTRY_KEYS = {"id", "offering", "question", "raised", "title", "detail"}


@dataclass(frozen=True)
class ReviewFlagRecord:
    id: str
    offering: str
    dimension: str
    raised: dt.date
    title: str
    detail: str

    @property
    def key(self) -> str:
        """The workbench flag's key: one open flag per bundled id."""
        return f"bundled:{self.id}"


def read_review_flags(directory: str | Path, bundle: Bundle) -> tuple[ReviewFlagRecord, ...]:
    """The flags of the directory's ``review-flags.yaml`` (none when the file is absent); BundleError
    lists every problem."""
    path = Path(directory) / FILE
    if not path.is_file():
        return ()
    if path.stat().st_size > yamlio.MAX_FILE_BYTES:
        raise BundleError([Problem(FILE, "", f"file is larger than {yamlio.MAX_FILE_BYTES} bytes")])
    return parse_review_flags(path.read_bytes().decode("utf-8", errors="replace"), bundle)


def parse_review_flags(text: str, bundle: Bundle) -> tuple[ReviewFlagRecord, ...]:
    problems: list[Problem] = []
    r = Reader(FILE, problems)
    try:
        raw = yamlio.load(text)
    except yamlio.YamlProblem as exc:
        raise BundleError([Problem(FILE, "", str(exc))]) from None
    offerings = {o.id for o in bundle.offerings}
    today = dt.datetime.now(dt.UTC).date()
    found: list[ReviewFlagRecord] = []
    seen: set[str] = set()
    m = r.mapping(raw, "", required={"flags"}) or {}
    for i, entry in enumerate(r.listing(m, "flags", "")):
        path = f"flags[{i}]"
        e = r.mapping(entry, path, required=ENTRY_KEYS)
        if e is None:
            continue
        ident = r.text(e, "id", path, limit=80, required=True, pattern=ID_RE, what="an id (a-z, 0-9, -)")
        if ident in seen:
            r.problem(f"{path}.id", f"{ident!r} is listed twice")
        seen.add(ident)
        offering = r.text(e, "offering", path, limit=80, required=True)
        if offering and offering not in offerings:
            r.problem(f"{path}.offering", f"there is no offering {offering!r} in the registry")
        question = r.text(e, "question", path, limit=60, required=True)
        if question and bundle.catalogue.get(question) is None:
            r.problem(f"{path}.question", f"{question!r} is not a question of the catalogue")
        raised = r.date(e, "raised", path)
        if raised is not None and raised > today:
            r.problem(f"{path}.raised", f"{raised} is in the future")
        title = r.text(e, "title", path, limit=300, required=True)
        detail = r.text(e, "detail", path, limit=4000, required=True)
        if raised is not None:
            found.append(ReviewFlagRecord(ident, offering, question, raised, title.strip(), detail.strip()))
    if problems:
        raise BundleError(problems)
    return tuple(found)
