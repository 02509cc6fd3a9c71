"""The benchmark's synthetic registry stays valid and loadable (keeps `make bench` from rotting)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from trustreg.domain.bundle import read_dir, write_dir
from trustreg.domain.grades import Grade

SYNTHETIC = Path(__file__).resolve().parents[2] / "bench" / "synthetic.py"


@pytest.fixture(scope="module")
def synthetic():
    spec = importlib.util.spec_from_file_location("bench_synthetic", SYNTHETIC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small(synthetic):
    return synthetic.synthetic_bundle(30, seed=5)


def test_the_same_seed_gives_the_same_registry(synthetic, small):
    assert synthetic.synthetic_bundle(30, seed=5) == small
    assert synthetic.synthetic_bundle(30, seed=6) != small


def test_it_writes_files_that_read_back_as_the_same_registry(small, tmp_path):
    write_dir(small, tmp_path)
    assert read_dir(tmp_path) == small


def test_it_has_the_shape_of_a_real_registry(synthetic, small):
    size = synthetic.bundle_size(small)
    assert size["offerings"] == 30
    assert size["parties"] == 60
    records = [c for p in small.parties for c in p.cells.values()]
    records += [c for o in small.offerings for c in o.cells.values()]
    assert {r.grade for r in records} == {g.value for g in Grade}
    assert any(r.override_reason for o in small.offerings for r in o.cells.values())
    assert any(o.scopes for o in small.offerings)
    assert any(r.annotations for r in records)
    reviewed = [r for r in records if r.grade != Grade.NOT_REVIEWED]
    assert all(300 <= len(r.notes) <= 900 for r in reviewed)
    assert all(1 <= len(r.sources) <= 3 and all(s.quote for s in r.sources) for r in reviewed)


@pytest.mark.django_db
def test_it_loads_into_the_database_and_reloads_unchanged(small):
    from trustreg.registry.index import index_view
    from trustreg.registry.selectors import bundle_from_db
    from trustreg.registry.services import registry_load

    first = registry_load(actor="test", bundle=small)
    assert first.created > 0
    assert not registry_load(actor="test", bundle=small).changed
    assert len(index_view().rows) == 30
    assert bundle_from_db() == small
