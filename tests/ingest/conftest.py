from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

SEEDS = FIXTURES / "seeds"


@pytest.fixture
def registry(loaded):
    """The bundled registry, loaded into the test database (the shared ``loaded`` fixture)."""
    return loaded


@pytest.fixture
def seed():
    def read(name: str) -> bytes:
        return (SEEDS / name).read_bytes()

    return read
