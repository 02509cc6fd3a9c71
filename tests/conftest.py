"""Shared fixtures: the bundled registry, and one cast of users (visitor, editor, reviewer, admin)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trustreg.domain.bundle import Bundle, read_dir

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data" / "registry"
SHARED_DIR = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"

# Browser tests drive a live server from a sync playwright thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def bundled() -> Bundle:
    return read_dir(DATA_DIR)


@pytest.fixture
def loaded(db, bundled):  # noqa: ANN001 - pytest fixtures
    from trustreg.registry.services import registry_load

    registry_load(actor="test", bundle=bundled)
    return bundled
