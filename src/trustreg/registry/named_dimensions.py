"""A system check: every dimension id the code names exists in the catalogue.

"The catalogue is data" stays true only while code that singles out a question (ingest rules, fact
parsers, fit shortcuts, explainers) names ids the catalogue defines. Each part lists its modules
and tables (``register``); the check reads those modules' source and collects the string literals
used as dimension ids:

- compared with a dimension: ``dimension == "hipaa_baa"``, ``d.id in ("soc2_type2", ...)``, and
  ``dimension in NAMES`` where ``NAMES`` is a module-level collection of literals;
- looked up in a table of dimensions: ``by_dimension["gdpr_dpa"]``, ``by_dimension.get(...)``,
  ``"hipaa_baa" in by_dimension``;
- passed as one: ``dimension="..."``, ``dimension_id="..."``;

then reports those the bundled catalogue (``REGISTRY_DATA_DIR/dimensions.yaml``) does not define.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core import checks

from trustreg.domain.bundle import BundleError, parse_files

# A name or attribute that holds a dimension or is keyed by dimensions.
_DIMENSIONISH = re.compile(r"^(dimension|dimension_id|dim|dim_id|by_dimension|question)$")
_ID_OWNERS = {"d", "dim", "dimension"}  # ``d.id`` and the like

_SOURCES: list[tuple[str, Callable[[], Iterable[tuple[str, str]]]]] = []


def register(part: str, modules: Iterable[ModuleType] = (), tables: Callable[[], Iterable[str]] | None = None) -> None:
    """Have the check read ``modules`` and the ids ``tables()`` returns, on behalf of ``part``."""
    mods = tuple(modules)

    def named() -> Iterable[tuple[str, str]]:
        for module in mods:
            for line, ident in literal_ids(inspect.getsource(module)):
                yield f"{module.__name__}:{line}", ident
        if tables is not None:
            for ident in tables():
                yield part, ident

    _SOURCES.append((part, named))


def _is_dimensionish(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return bool(_DIMENSIONISH.match(node.id))
    if isinstance(node, ast.Attribute):
        if node.attr == "id":
            return isinstance(node.value, ast.Name) and node.value.id in _ID_OWNERS
        return bool(_DIMENSIONISH.match(node.attr))
    return False


def _strings(node: ast.AST | None) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return [s for elt in node.elts for s in _strings(elt)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple"):
        return [s for arg in node.args for s in _strings(arg)]
    return []


def literal_ids(source: str) -> list[tuple[int, str]]:
    """(line, literal) for every string the source uses as a dimension id (the patterns above)."""
    tree = ast.parse(source)
    constants: dict[str, list[str]] = {}
    for stmt in tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else (
            stmt.target if isinstance(stmt, ast.AnnAssign) else None)
        if isinstance(target, ast.Name) and isinstance(stmt, ast.Assign | ast.AnnAssign):
            constants[target.id] = _strings(stmt.value)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for left, op, right in zip(operands, node.ops, operands[1:], strict=False):
                if _is_dimensionish(left):
                    values = _strings(right)
                    if not values and isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Name):
                        values = constants.get(right.id, [])
                    found += [(node.lineno, v) for v in values]
                elif _is_dimensionish(right):
                    found += [(node.lineno, v) for v in _strings(left)]
        elif isinstance(node, ast.Subscript) and _is_dimensionish(node.value):
            found += [(node.lineno, v) for v in _strings(node.slice)]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and _is_dimensionish(func.value) and node.args:
                found += [(node.lineno, v) for v in _strings(node.args[0])]
            for kw in node.keywords:
                if kw.arg in ("dimension", "dimension_id"):
                    found += [(node.lineno, v) for v in _strings(kw.value)]
    return found


def catalogue_ids() -> set[str] | None:
    path = settings.REGISTRY_DATA_DIR / "dimensions.yaml"
    try:
        bundle = parse_files({"dimensions.yaml": path.read_text(encoding="utf-8")})
    except (OSError, BundleError):
        return None  # a missing or broken catalogue is reported by `trustreg check`, not here
    return set(bundle.catalogue.ids())


@checks.register()
def named_dimensions_exist(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    known = catalogue_ids()
    if known is None:
        return []
    errors: list[checks.CheckMessage] = []
    for _part, named in _SOURCES:
        for where, ident in named():
            if ident not in known:
                errors.append(checks.Error(
                    f"{where} names dimension {ident!r}, which the catalogue does not define",
                    hint=f"add it to {settings.REGISTRY_DATA_DIR / 'dimensions.yaml'} or correct the name",
                    id="trustreg.E010",
                ))
    return errors
