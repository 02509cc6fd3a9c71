"""On PostgreSQL, simultaneous corrections from one address cannot slip past the rate limit."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.conftest import DATA_DIR
from tests.workbench.test_corrections import proposal
from trustreg.domain.bundle import read_dir
from trustreg.registry.services import registry_load
from trustreg.workbench import corrections
from trustreg.workbench.models import Correction

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_burst_from_one_address_is_limited_exactly(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    registry_load(actor="test", bundle=read_dir(DATA_DIR))
    limit = corrections.RATE_LIMITS[0][1]
    start = threading.Barrier(limit * 2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            start.wait()
            corrections.correction_submit(address_key="burst", proposal=proposal())
            outcomes.append("stored")
        except corrections.RateLimited:
            outcomes.append("limited")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(limit * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["limited"] * limit + ["stored"] * limit
    assert Correction.objects.filter(address_hash="burst").count() == limit
