"""Loading kept copies bundled with the data: snapshots at their retrieval date, citations that
point at them, quote checks recorded; a reload keeps nothing twice."""

from __future__ import annotations

import pytest

from tests.domain.test_bundle import files_of
from tests.domain.test_copies import URL, citing, copy_files
from trustreg.domain.bundle import parse_files
from trustreg.evidence.models import Citation, QuoteCheck, Snapshot
from trustreg.registry.selectors import bundle_from_db
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_copy():
    return parse_files(citing({**files_of(), **copy_files()}, "are NOT available to OpenAI"))


def test_a_bundled_copy_becomes_a_public_snapshot_taken_at_its_retrieval_date(with_copy):
    registry_load(actor="test", bundle=with_copy)
    snap = Snapshot.objects.get(bundle_copy="azure-data-privacy")
    assert snap.how == Snapshot.How.BUNDLED and snap.source.url == URL
    assert snap.taken_at.date().isoformat() == "2026-07-05"
    assert snap.provenance["obtained"] == "excerpt of a stored public copy of the page"
    assert snap.provenance["public"] is True and snap.provenance["retrieved_is_copy_date"] is True
    assert snap.blob is not None and bytes(snap.blob.data).decode() == snap.text


def test_a_citation_naming_a_copy_points_at_its_snapshot_with_its_quote_found(with_copy):
    registry_load(actor="test", bundle=with_copy)
    citation = Citation.objects.get(quote="are NOT available to OpenAI", snapshot__isnull=False)
    assert citation.snapshot is not None and citation.snapshot.bundle_copy == "azure-data-privacy"
    (check,) = QuoteCheck.objects.filter(citation=citation)
    assert check.present and check.snapshot_id == citation.snapshot_id


def test_reloading_keeps_no_copy_twice_and_reads_back_the_same_registry(with_copy):
    registry_load(actor="test", bundle=with_copy)
    counts = (Snapshot.objects.count(), QuoteCheck.objects.count())
    report = registry_load(actor="test", bundle=with_copy)
    assert (report.created, report.updated) == (0, 0)
    assert (Snapshot.objects.count(), QuoteCheck.objects.count()) == counts
    assert bundle_from_db() == with_copy
