"""One kept copy read on its own: ``<id>.txt`` with its metadata ``<id>.yaml`` beside it.

Tools that take a single file (``trustreg ingest``) use this so that a kept copy's own record of
where it came from (URL, title, publisher, kind, retrieval date, how it was obtained) is read, and
validated exactly as a full load validates it, instead of being typed in again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trustreg.domain import copies as kept
from trustreg.domain import yamlio
from trustreg.domain.bundle.records import BundleError, Problem


def read_kept_copy(text_path: str | Path) -> kept.CopyRecord | None:
    """The kept copy whose text is ``text_path``, or None when no ``.yaml`` metadata sits beside it.

    Raises BundleError naming the file, field and reason when the metadata is malformed or does not
    describe this text (a hash that does not match, a retrieval date in the future, ...)."""
    path = Path(text_path)
    meta = path.with_suffix(".yaml")
    if path.suffix != ".txt" or not meta.is_file():
        return None
    meta_rel, text_rel = str(meta), str(path)
    for p, limit in ((meta, yamlio.MAX_FILE_BYTES), (path, kept.MAX_COPY_BYTES)):
        if p.stat().st_size > limit:
            raise BundleError([Problem(str(p), "", f"file is larger than {limit} bytes")])
    try:  # bytes, not read_text: newline translation would change the hashed text
        text = path.read_bytes().decode("utf-8")
        raw = yamlio.load(meta.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BundleError([Problem(text_rel, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except yamlio.YamlProblem as exc:
        raise BundleError([Problem(meta_rel, "", str(exc))]) from None
    record, found = kept.read_copy(path.stem, raw, text, meta_file=meta_rel, text_file=text_rel,
                                   today=dt.datetime.now(dt.UTC).date())
    problems = [Problem(*p) for p in found]
    if problems or record is None:
        raise BundleError(problems or [Problem(meta_rel, "", "not a kept copy's metadata")])
    return record


def is_excerpt(copy: kept.CopyRecord) -> bool:
    """Whether the copy says it holds only part of its document (its 'obtained' note says so)."""
    return "excerpt" in copy.obtained.lower()
