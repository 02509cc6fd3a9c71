"""Where profiles come from: the preset file, a buyer's YAML file, or a shareable query string.

The wording of presets and steps is data (``data/fit/``); this module only reads it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from trustreg.domain import yamlio
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.fit import (
    AVAILABLE,
    FactTest,
    Profile,
    ProfileError,
    Requirement,
    StepCatalogue,
    StepWording,
    parse_profile,
)
from trustreg.domain.grades import Grade

MAX_PROFILE_BYTES = 64 * 1024


def data_dir() -> Path:
    return Path(settings.FIT_DATA_DIR)


def read_yaml(path: Path, limit: int = MAX_PROFILE_BYTES) -> Any:
    """Parsed YAML of a small file; ProfileError naming the file when it is too big or malformed."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    if len(raw) > limit:
        raise ProfileError([f"{path}: {len(raw)} bytes, the limit is {limit}"])
    try:
        return yamlio.load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError([f"{path}: not UTF-8 text"]) from None
    except yamlio.YamlProblem as exc:
        raise ProfileError([f"{path}: {exc}"]) from None


def read_profile_file(path: Path, catalogue: Catalogue) -> Profile:
    data = read_yaml(path)
    try:
        return parse_profile(data, set(catalogue.ids()))
    except ProfileError as exc:
        raise ProfileError([f"{path}: {p}" for p in exc.problems]) from None


@functools.cache
def _presets_at(path: Path, mtime: float, questions: frozenset[str]) -> tuple[Profile, ...]:
    data = read_yaml(path)
    if not isinstance(data, list):
        raise ProfileError([f"{path}: expected a list of profiles"])
    out = []
    for i, item in enumerate(data):
        try:
            out.append(parse_profile(item, set(questions)))
        except ProfileError as exc:
            raise ProfileError([f"{path}: {i}.{p}" for p in exc.problems]) from None
    return tuple(out)


def presets(catalogue: Catalogue) -> tuple[Profile, ...]:
    path = data_dir() / "presets.yaml"
    return _presets_at(path, path.stat().st_mtime, frozenset(catalogue.ids()))


def preset(preset_id: str, catalogue: Catalogue) -> Profile | None:
    return next((p for p in presets(catalogue) if p.id == preset_id), None)


@functools.cache
def _steps_at(path: Path, mtime: float) -> StepCatalogue:
    data = read_yaml(path)
    try:
        proof = data.get("proof", {})
        qualifiers = {
            str(q): {
                str(value): StepWording(str(w["text"]), tuple(str(f) for f in w.get("detail_facts", ())))
                for value, w in values.items()
            }
            for q, values in data["qualifiers"].items()
        }
        return StepCatalogue(
            qualifiers=qualifiers, proof_fact=str(proof.get("fact", "verification")),
            proof_text=str(proof.get("text", "Prove it is on: {detail}")),
            order=tuple(str(q) for q in data.get("order", ("tier", "route", "default"))),
        )
    except (AttributeError, KeyError, TypeError) as exc:
        raise ProfileError([f"{path}: not a step catalogue ({exc})"]) from None


def step_catalogue() -> StepCatalogue:
    path = data_dir() / "steps.yaml"
    return _steps_at(path, path.stat().st_mtime)


# --- The shareable query string -----------------------------------------------------------------
# /fit/?r_hipaa_baa=any&r_data_residency=any&eu=1&r_retention_zdr=any&max_days=30 is a profile.

CHOICES = {"any": "Available (any yes)", "public": "Public yes only"}
MAX_DAYS_LIMIT = 3650


@dataclass(frozen=True)
class QueryProfile:
    profile: Profile | None  # None: nothing asked yet
    preset_id: str = ""
    problems: tuple[str, ...] = ()


def profile_from_query(params: Mapping[str, str], catalogue: Catalogue) -> QueryProfile:
    """A profile from the form's fields, or from ``preset=ID``; problems name the field."""
    chosen = {d.id: params.get(f"r_{d.id}", "") for d in catalogue.dimensions}
    if not any(chosen.values()):
        preset_id = params.get("preset", "")[:80]
        if not preset_id:
            return QueryProfile(None)
        found = preset(preset_id, catalogue)
        if found is None:
            return QueryProfile(None, problems=(f"preset: there is no preset {preset_id!r}",))
        return QueryProfile(found, preset_id)
    problems: list[str] = []
    requirements = []
    max_days = _max_days(params.get("max_days", ""), problems)
    for d in catalogue.dimensions:
        choice = chosen[d.id]
        if not choice:
            continue
        if choice not in CHOICES:
            problems.append(f"r_{d.id}: {choice[:20]!r} is not one of: {', '.join(CHOICES)}")
            continue
        grades: tuple[Grade, ...] = AVAILABLE if choice == "any" else (Grade.YES_PUBLIC,)
        kwargs: dict[str, Any] = {"question": d.id, "label": d.question, "grades": grades}
        if d.id == "data_residency" and params.get("eu") == "1":
            kwargs.update(geography_mentions="EU", label="Processing can be confined to the EU")
        if d.id == "retention_zdr" and max_days is not None:
            kwargs.update(
                grades=(*grades, Grade.PARTIAL),
                any_of=(FactTest(fact="zdr_available", equals=True), FactTest(fact="retention_days", at_most=max_days)),
                label=f"Zero retention, or retention of at most {max_days} days",
            )
        if d.id == "soc2_type2" and params.get("nda") == "0":
            kwargs.update(forbid={"route": ("trust_center_nda",)}, label="A SOC 2 Type II report without an NDA")
        requirements.append(Requirement(**kwargs))
    if problems:
        return QueryProfile(None, problems=tuple(problems))
    return QueryProfile(Profile(requirements=tuple(requirements)))


def _max_days(raw: str, problems: list[str]) -> int | None:
    raw = raw.strip()[:12]
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_DAYS_LIMIT:
        problems.append(f"max_days: expected a whole number of days from 0 to {MAX_DAYS_LIMIT}")
        return None
    return int(raw)
