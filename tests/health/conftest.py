import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Registry health is kept in the cache per data version: each test starts without it."""
    cache.clear()
    yield
    cache.clear()
