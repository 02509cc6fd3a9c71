"""Taking turns writing the bulk files: one holder at a time, a lease, and a gone holder replaced."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.utils import timezone

from trustreg.bulk import claim
from trustreg.bulk.models import BuildClaim

pytestmark = pytest.mark.django_db


def test_only_one_holder_takes_the_claim_until_it_is_given_back():
    assert claim.try_take("host-a-1")
    assert not claim.try_take("host-b-2") and not claim.take("host-b-2", wait=False)
    claim.give_back("host-a-1", started=timezone.now(), outcome="generation 3", registry_generation=7)
    row = BuildClaim.objects.get()
    assert (row.holder, row.until, row.last_outcome, row.last_registry_generation) == ("", None, "generation 3", 7)
    assert claim.try_take("host-b-2")


def test_a_holder_gives_back_only_its_own_claim():
    assert claim.try_take("host-a-1")
    claim.give_back("host-b-2", started=timezone.now(), outcome="not mine", registry_generation=None)
    assert BuildClaim.objects.get().holder == "host-a-1"


def test_a_lapsed_lease_can_be_taken(settings):
    settings.TRUSTREG_BULK_LEASE_SECONDS = 60
    assert claim.try_take("host-a-1", now=timezone.now() - dt.timedelta(minutes=2))
    assert claim.try_take("host-b-2")
    assert BuildClaim.objects.get().holder == "host-b-2"


def test_a_claim_of_a_process_of_this_host_that_no_longer_holds_the_file_lock_is_taken_over():
    mine = claim.holder_id()
    assert mine.startswith(socket.gethostname() + "-")
    assert claim.try_take(f"{socket.gethostname()}-999999999")
    assert claim.try_take(mine)  # the caller holds the file lock: the other process is gone
    assert BuildClaim.objects.get().holder == mine
