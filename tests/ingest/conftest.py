from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

SEEDS = Path("/work/shared/seeds")


@pytest.fixture
def registry(db):
    """The bundled registry, loaded into the test database."""
    from trustreg.domain.bundle import read_dir
    from trustreg.registry.services import registry_load

    registry_load(actor="test", bundle=read_dir(settings.REGISTRY_DATA_DIR))


@pytest.fixture
def seed():
    def read(name: str) -> bytes:
        path = SEEDS / name
        if not path.exists():
            pytest.skip(f"seed {name} not present")
        return path.read_bytes()

    return read
