"""The public generation: bumped with every published change, in its transaction (``accounts.aftermath``)."""

from __future__ import annotations

import pytest
from django.db import transaction

from trustreg.accounts import aftermath
from trustreg.accounts.models import PublicGeneration

pytestmark = pytest.mark.django_db


def test_each_published_change_bumps_the_generation_and_stamps_when(settings):
    settings.TRUSTREG_AFTER_PUBLISH = []
    before = aftermath.public_generation()
    with transaction.atomic():
        aftermath.published_changed()
    after = aftermath.public_generation()
    assert after.number == before.number + 1 and after.changed_at is not None


def test_a_rolled_back_change_leaves_the_generation_as_it_was(settings):
    settings.TRUSTREG_AFTER_PUBLISH = []
    before = aftermath.public_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        aftermath.published_changed()
        raise RuntimeError("abandon")
    assert aftermath.public_generation() == before


def test_the_generation_row_is_made_again_when_it_is_missing(settings):
    settings.TRUSTREG_AFTER_PUBLISH = []
    PublicGeneration.objects.all().delete()
    assert aftermath.public_generation() == aftermath.Generation(0, None)
    aftermath.published_changed()
    assert aftermath.public_generation().number == 1


def test_each_bump_draws_a_new_token_even_when_a_rolled_back_bump_took_the_same_number(settings):
    settings.TRUSTREG_AFTER_PUBLISH = []
    with pytest.raises(RuntimeError), transaction.atomic():
        aftermath.published_changed()
        abandoned = aftermath.public_generation()
        raise RuntimeError("abandon")
    aftermath.published_changed()
    taken_again = aftermath.public_generation()
    assert taken_again.number == abandoned.number and taken_again.token != abandoned.token
    assert len(taken_again.token) == 16
