"""Read a registry directory: files, registry metadata, the catalogue, parties and offerings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from trustreg.domain import copies as kept
from trustreg.domain import heap, yamlio, yamlpool
from trustreg.domain.bundle.cell_reader import read_cells
from trustreg.domain.bundle.inheritance import cross_check
from trustreg.domain.bundle.records import (
    Bundle,
    BundleError,
    OfferingRecord,
    PartyRecord,
    Problem,
    RegistryMeta,
)
from trustreg.domain.bundle.validation import Reader, check_stem, duplicates
from trustreg.domain.catalogue import Catalogue, CatalogueFile

H = TypeVar("H", PartyRecord, OfferingRecord)

def read_dir(directory: str | Path) -> Bundle:
    """Read and validate a registry directory; raise BundleError listing every problem."""
    with heap.full_collections_paused():
        return _read_dir(Path(directory))


def _read_dir(root: Path) -> Bundle:
    if not root.is_dir():
        raise BundleError([Problem(str(root), "", "not a directory")])
    files: dict[str, str] = {}
    problems: list[Problem] = []
    candidates = [root / "registry.yaml", root / "dimensions.yaml"]
    for sub in ("parties", "offerings"):
        folder = root / sub
        if folder.is_dir():
            candidates += sorted(folder.iterdir())
    copies_dir = root / "copies"
    if copies_dir.is_dir():
        for path in sorted(copies_dir.iterdir()):
            rel = path.relative_to(root).as_posix()
            if path.is_dir() or path.suffix not in (".yaml", ".txt"):
                problems.append(Problem(rel, "", "unexpected entry: only <id>.yaml and <id>.txt belong here"))
            elif path.stat().st_size > kept.MAX_COPY_BYTES:
                problems.append(Problem(rel, "", f"file is larger than {kept.MAX_COPY_BYTES} bytes"))
            else:
                try:  # bytes, not read_text: newline translation would change the hashed text
                    files[rel] = path.read_bytes().decode("utf-8")
                except UnicodeDecodeError as exc:
                    problems.append(Problem(rel, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
    for path in candidates:
        rel = path.relative_to(root).as_posix()
        if not path.exists():
            continue
        if path.is_dir() or path.suffix not in (".yaml", ".yml"):
            problems.append(Problem(rel, "", "unexpected entry: only .yaml files belong here"))
            continue
        if path.stat().st_size > yamlio.MAX_FILE_BYTES:
            problems.append(Problem(rel, "", f"file is larger than {yamlio.MAX_FILE_BYTES} bytes"))
            continue
        try:
            files[rel] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(rel, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
    return parse_files(files, extra_problems=problems)


def parse_files(files: Mapping[str, str], *, extra_problems: Iterable[Problem] = ()) -> Bundle:
    """Validate the text of a registry's files, keyed by their path relative to its root."""
    problems = list(extra_problems)
    data: dict[str, Any] = {}
    for rel, parsed in yamlpool.load_many({rel: text for rel, text in files.items()
                                           if not rel.endswith(".txt")}).items():
        if parsed.problem is None:
            data[rel] = parsed.data
        else:
            problems.append(Problem(rel, "", parsed.problem))
    if "dimensions.yaml" not in files:
        problems.append(Problem("dimensions.yaml", "", "the dimension catalogue is missing"))
        raise BundleError(problems)
    catalogue = (
        _read_catalogue(data["dimensions.yaml"], Reader("dimensions.yaml", problems))
        if "dimensions.yaml" in data
        else None
    )
    if catalogue is None:
        raise BundleError(problems)
    meta = RegistryMeta()
    if "registry.yaml" in data:
        meta = _read_meta(data["registry.yaml"], Reader("registry.yaml", problems))
    parties = [
        party
        for rel in sorted(data)
        if rel.startswith("parties/")
        if (party := _read_party(data[rel], rel, catalogue, Reader(rel, problems))) is not None
    ]
    offerings = [
        offering
        for rel in sorted(data)
        if rel.startswith("offerings/")
        if (off := _read_offering(data[rel], rel, catalogue, Reader(rel, problems))) is not None
        for offering in [off]
    ]
    copies = _read_copies(files, data, problems)
    # A party cell given but not readable is reported once, not again as "no cell to override".
    unreadable = {
        (party.id, dim) for party in parties for rel in [f"parties/{party.id}.yaml"]
        for dim in (_cell_keys(data.get(rel)) - set(party.cells))
    }
    cross_check(catalogue, parties, offerings, problems, {c.id: c for c in copies}, unreadable)
    if problems:
        raise BundleError(problems)
    offerings.sort(key=lambda o: (o.sort_order, o.id))
    parties.sort(key=lambda p: p.id)
    return Bundle(meta, catalogue, tuple(parties), tuple(offerings), tuple(copies))


def _cell_keys(raw: Any) -> set[str]:
    cells = raw.get("cells") if isinstance(raw, dict) else None
    return {k for k in cells if isinstance(k, str)} if isinstance(cells, dict) else set()


def _read_copies(files: Mapping[str, str], data: Mapping[str, Any], problems: list[Problem]) -> list[kept.CopyRecord]:
    ids = sorted({Path(rel).stem for rel in files if rel.startswith("copies/")})
    today = dt.datetime.now(dt.UTC).date()
    copies = []
    for cid in ids:
        meta_rel, text_rel = f"copies/{cid}.yaml", f"copies/{cid}.txt"
        if meta_rel not in files:
            problems.append(Problem(text_rel, "", f"its metadata {meta_rel} is missing"))
            continue
        if meta_rel not in data:  # not valid YAML: already reported
            continue
        record, found = kept.read_copy(cid, data[meta_rel], files.get(text_rel), meta_file=meta_rel,
                                       text_file=text_rel, today=today)
        problems += [Problem(*p) for p in found]
        if record is not None:
            copies.append(record)
    return copies


def _read_meta(raw: Any, r: Reader) -> RegistryMeta:
    return r.record(RegistryMeta, raw, "") or RegistryMeta()


def _read_catalogue(raw: Any, r: Reader) -> Catalogue | None:
    """The catalogue, or None with its problems: everything else is read against it."""
    groups, dims = (raw.get("groups"), raw.get("dimensions")) if isinstance(raw, dict) else (None, None)
    group_ids = _texts(groups, "id")
    read = r.record(CatalogueFile, raw, "", context={"groups": group_ids})
    for dup in duplicates(group_ids):
        r.problem("groups", f"duplicate group id {dup!r}")
    for dup in duplicates(_texts(dims, "id")):
        r.problem("dimensions", f"duplicate dimension id {dup!r}")
    for dup in duplicates(_texts(dims, "slug")):
        r.problem("dimensions", f"duplicate dimension slug {dup!r}")
    if isinstance(raw, dict) and not dims:
        r.problem("dimensions", "the catalogue has no dimensions")
    return Catalogue.split(read.groups, read.dimensions) if read is not None else None


def _texts(items: Any, key: str) -> list[str]:
    """The text under ``key`` of each mapping in a list (ids before their records are read)."""
    if not isinstance(items, list):
        return []
    return [item[key] for item in items if isinstance(item, dict) and isinstance(item.get(key), str)]


def _read_party(raw: Any, rel: str, catalogue: Catalogue, r: Reader) -> PartyRecord | None:
    return _read_holder(PartyRecord, raw, rel, catalogue, r)


def _read_offering(raw: Any, rel: str, catalogue: Catalogue, r: Reader) -> OfferingRecord | None:
    return _read_holder(OfferingRecord, raw, rel, catalogue, r)


def _read_holder(model: type[H], raw: Any, rel: str, catalogue: Catalogue, r: Reader) -> H | None:
    """A party's or an offering's file: its own fields, then its cells (read against the catalogue)."""
    if not isinstance(raw, dict):
        return r.record(model, raw, "")
    offering = model is OfferingRecord
    head = {k: v for k, v in raw.items() if k not in ("cells", "scopes")}
    if "scopes" in raw:  # the record's, not the file's: scope entries are cells without a grade
        r.problem("scopes", f"unknown field (allowed: {', '.join(sorted(set(model.model_fields) - {'scopes'}))})")
    if isinstance(raw.get("id"), str):
        check_stem(rel, raw["id"], r)
    cells, scopes = read_cells(raw, catalogue, r, allow_override=offering)
    if cells:
        head["cells"] = cells
    if scopes:
        head["scopes"] = scopes
    return r.record(model, head, "", hidden=("scopes",))
