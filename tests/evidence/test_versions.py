"""Kept copies stay kept: every extraction is a version beside the raw bytes, pasted and bundled
text is never re-derived, and a re-derivation says our extractor changed, not the vendor."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from trustreg.accounts.models import AuditEvent
from trustreg.evidence import services as evidence
from trustreg.evidence.extraction import STAMP_PREFIX
from trustreg.evidence.models import Extraction, Snapshot, SourceChange
from trustreg.evidence.monitor_services import current_text, snapshot_rederive
from trustreg.evidence.selectors import snapshots_to_rederive
from trustreg.flags.models import Flag

pytestmark = pytest.mark.django_db

PAGE = b"<html><head><title>Privacy</title></head><body><main><p>Prompts are not used to train models.</p>" \
       b"<p>Data stays in the EU.</p></main></body></html>"
# Pasted text as a person kept it: odd spacing and all, which no extractor may "tidy".
PASTED = "  Prompts are  not used\u00a0to train models.\n\n\n   Data stays in the EU.  "


@pytest.fixture
def source(db):
    return evidence.source_create(actor="test", url="https://vendor.example/privacy", kind="vendor_doc")


def uploaded(source):
    return evidence.snapshot_add(actor="test", source=source, upload=PAGE, upload_name="privacy.html",
                                 content_type="text/html")


def test_an_uploaded_copy_is_stamped_with_the_extractor_version_and_is_not_stale(source):
    snap = uploaded(source)
    assert snap.text_extractor.startswith(STAMP_PREFIX)
    (first,) = snap.extractions.all()
    assert (first.cause, first.extractor, first.text) == ("kept", snap.text_extractor, snap.text)
    assert snap.pk not in [s.pk for s in snapshots_to_rederive(include_current=False)]


def test_rederiving_adds_a_version_marked_as_our_extractor_and_keeps_the_old_one(source):
    snap = uploaded(source)
    derived_now = snap.text
    # As an older extractor left it: its stamp and text, on the snapshot and its first extraction.
    Snapshot.objects.filter(pk=snap.pk).update(text="old extractor text", text_extractor="v0:old")
    Extraction.objects.filter(snapshot=snap).update(text="old extractor text", extractor="v0:old")
    assert snap.pk in [s.pk for s in snapshots_to_rederive(include_current=False)]

    assert snapshot_rederive(actor="test", snapshot=snap) is True

    snap.refresh_from_db()
    assert snap.text == derived_now and snap.text_extractor.startswith(STAMP_PREFIX)
    old, new = snap.extractions.order_by("created_at", "id")
    assert (old.extractor, old.text, old.cause) == ("v0:old", "old extractor text", "kept")
    assert (new.extractor, new.text, new.cause) == (snap.text_extractor, derived_now, "extractor")
    assert AuditEvent.objects.get(action="snapshot.rederive").detail["extraction"] == new.pk
    assert not SourceChange.objects.exists() and not Flag.objects.exists()
    assert snapshot_rederive(actor="test", snapshot=snap) is False  # current already: no new version
    assert snap.extractions.count() == 2


def test_a_pasted_copy_is_its_own_extraction_and_never_re_derived(source):
    snap = evidence.snapshot_add(actor="test", source=source, text=PASTED)
    (only,) = snap.extractions.all()
    assert (only.extractor, only.text) == ("pasted", PASTED)
    assert snap.pk not in [s.pk for s in snapshots_to_rederive(include_current=True)]
    assert snapshot_rederive(actor="test", snapshot=snap) is False
    snap.refresh_from_db()
    assert snap.text == PASTED and snap.extractions.count() == 1
    assert current_text(snap) == (PASTED, "")


def test_monitor_rederive_all_leaves_bundled_copies_as_they_were_kept(loaded):
    bundled = dict(Snapshot.objects.filter(how=Snapshot.How.BUNDLED).values_list("pk", "text"))
    assert bundled
    versions = Extraction.objects.filter(snapshot_id__in=bundled).count()
    assert versions == len(bundled)
    call_command("monitor", "rederive", "--all", stdout=io.StringIO())
    assert dict(Snapshot.objects.filter(pk__in=bundled).values_list("pk", "text")) == bundled
    assert Extraction.objects.filter(snapshot_id__in=bundled).count() == versions
