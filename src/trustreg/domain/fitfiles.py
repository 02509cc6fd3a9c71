"""The fit data files read from a directory: a buyer's profile, the presets and the step wording.

The wording of presets and steps is data (``data/fit/``); this module only reads it, bounded, and
names the file in every problem. No Django here: the caller says which directory (``buyers.profiles``
and the static site builder use the one in settings).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from trustreg.domain import yamlio
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import QUALIFIERS
from trustreg.domain.fit import Profile, ProfileError, StepCatalogue, StepWording, parse_profile

MAX_PROFILE_BYTES = 64 * 1024


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


def presets(data_dir: Path, catalogue: Catalogue) -> tuple[Profile, ...]:
    path = data_dir / "presets.yaml"
    return _presets_at(path, path.stat().st_mtime, frozenset(catalogue.ids()))


def preset(data_dir: Path, preset_id: str, catalogue: Catalogue) -> Profile | None:
    return next((p for p in presets(data_dir, catalogue) if p.id == preset_id), None)


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
            order=tuple(str(q) for q in data.get("order", QUALIFIERS)),
        )
    except (AttributeError, KeyError, TypeError) as exc:
        raise ProfileError([f"{path}: not a step catalogue ({exc})"]) from None


def step_catalogue(data_dir: Path) -> StepCatalogue:
    path = data_dir / "steps.yaml"
    return _steps_at(path, path.stat().st_mtime)
