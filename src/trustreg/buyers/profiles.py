"""Where profiles come from: the preset file, a buyer's YAML file, or a shareable query string.

The files are read by ``domain.fitfiles`` from the directory in settings (``FIT_DATA_DIR``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from trustreg.domain import fitfiles
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.fit import AVAILABLE, FactTest, Profile, Requirement, StepCatalogue
from trustreg.domain.grades import Grade


def data_dir() -> Path:
    return Path(settings.FIT_DATA_DIR)


def presets(catalogue: Catalogue) -> tuple[Profile, ...]:
    return fitfiles.presets(data_dir(), catalogue)


def preset(preset_id: str, catalogue: Catalogue) -> Profile | None:
    return fitfiles.preset(data_dir(), preset_id, catalogue)


def step_catalogue() -> StepCatalogue:
    return fitfiles.step_catalogue(data_dir())


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
    # ASCII digits only: isdigit() alone holds for "²", which int() cannot read.
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_DAYS_LIMIT:
        problems.append(f"max_days: expected a whole number of days from 0 to {MAX_DAYS_LIMIT}")
        return None
    return int(raw)
