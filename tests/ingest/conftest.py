from __future__ import annotations

import pytest

from tests.conftest import SHARED_DIR

SEEDS = SHARED_DIR / "seeds"


@pytest.fixture
def registry(loaded):
    """The bundled registry, loaded into the test database (the shared ``loaded`` fixture)."""
    return loaded


@pytest.fixture
def seed():
    def read(name: str) -> bytes:
        path = SEEDS / name
        if not path.exists():
            pytest.skip(f"seed {name} not present")
        return path.read_bytes()

    return read
