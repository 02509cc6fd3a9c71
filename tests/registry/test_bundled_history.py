"""Loading the bundled history: dated, credited revisions replayed once; the past answers `as_of`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.history_helpers import at, load_at
from trustreg.domain.bundled_history import parse_history
from trustreg.domain.yamlio import dump
from trustreg.registry.models import Revision
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db
PUBLISHED = dt.datetime(2026, 7, 5, tzinfo=dt.UTC)


def test_a_fresh_load_replays_the_public_registry_revisions_with_their_date_and_credit(loaded):
    revisions = list(Revision.objects.all())
    assert revisions and {r.published_at for r in revisions if r.published_at < PUBLISHED + dt.timedelta(days=1)}
    first = [r for r in revisions if r.published_at == PUBLISHED]
    assert {r.author_name for r in first} == {"AI Provider Trust Registry"}
    assert all("secondary source" in r.credit for r in first)
    assert not Revision.objects.filter(reason="Loaded from registry data files").exists()


def test_reloading_with_its_history_adds_no_revision(loaded, bundled_history):
    count = Revision.objects.count()
    report = registry_load(actor="test", bundle=loaded, history=bundled_history)
    assert report.replayed == 0 and Revision.objects.count() == count


def test_a_database_loaded_before_the_history_was_bundled_gets_it_backfilled_once(db, bundled, bundled_history):
    last = max(rev.date for revs in bundled_history.values() for rev in revs)
    load_at(bundled, at(last.isoformat(), 1))
    report = load_at(bundled, at(last.isoformat(), 2), history=bundled_history)
    assert report.replayed == sum(len(h) for h in bundled_history.values())
    midnights = {dt.datetime.combine(r.date, dt.time(), tzinfo=dt.UTC)
                 for revisions in bundled_history.values() for r in revisions}
    assert Revision.objects.filter(published_at__in=midnights).count() == report.replayed
    assert load_at(bundled, at(last.isoformat(), 3), history=bundled_history).replayed == 0


def test_a_research_revision_follows_the_first_one_and_the_past_still_shows_the_old_grade(db, bundled, client: Client):
    earlier = {"grade": "unclear", "confidence": "low", "notes": "Not researched yet."}
    history = parse_history({"history/offerings/openai-api.yaml": dump({"revisions": [
        {"date": "2026-07-05", "by": "AI Provider Trust Registry", "reason": "As published.",
         "cells": {"retention_zdr": earlier}},
        {"date": "2026-11-20", "by": "content", "reason": "Researched from primary sources.",
         "cells": {"retention_zdr": "current"}},
    ]})}, bundled)
    registry_load(actor="test", bundle=bundled, history=history)
    revs = list(Revision.objects.filter(holder="offering:openai-api", dimension_id="retention_zdr"))
    assert [r.published_at.date().isoformat() for r in revs] == ["2026-07-05", "2026-11-20"]
    assert revs[1].before == revs[0].after and revs[1].reason == "Researched from primary sources."
    then = client.get("/offerings/openai-api/?as_of=2026-07-06").content.decode()
    assert "Not researched yet." in then
    assert "Not researched yet." not in client.get("/offerings/openai-api/").content.decode()


def test_azure_openai_as_of_the_day_the_public_registry_published_it_is_the_seed_page(loaded, client: Client):
    r = client.get("/offerings/azure-openai/?as_of=2026-07-05")
    page = r.content.decode()
    assert r.status_code == 200 and "not in the registry yet" not in page
    assert "Watch-outs 2" in page and "Zero-data-retention requires Limited Access eligibility" in page
    # The whole changelog's first page holds the newest research; the offering's own changelog
    # reaches back to the public registry's revisions.
    assert "Loaded from registry data files" not in client.get("/changelog/").content.decode()
    changelog = client.get("/changelog/?offering=azure-openai").content.decode()
    assert "AI Provider Trust Registry" in changelog and "Loaded from registry data files" not in changelog
