import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def empty_cache():
    """Registry health is kept in the shared cache per data version: each test starts without it."""
    caches["pages"].clear()
    yield
    caches["pages"].clear()
