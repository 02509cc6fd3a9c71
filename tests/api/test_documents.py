"""The API's documents name the fields of what the selectors resolved: where a cell comes from, which
citations the offering's scope added, a kept copy's text link only when it is public."""

from __future__ import annotations

import datetime as dt

from trustreg.api.documents import cell_document, cited, copy_document
from trustreg.domain.catalogue import Dimension, Level
from trustreg.domain.cells import CellRecord, ResolvedCell, ScopeRecord, SourceRef, resolve_cell
from trustreg.domain.copies import CopyRecord
from trustreg.domain.strength import cell_strength

TODAY = dt.date(2026, 6, 1)
DIM = Dimension(id="soc2_type2", label="SOC 2", question="SOC 2 Type II?", group="vendor_trust",
                level=Level.PLATFORM, slug="soc2-type-2", freshness_days=365)
REPORT = SourceRef(url="https://trust.example/soc2", kind="trust_portal", primary=True, quote="We hold SOC 2.",
                   copy="soc2-page")
SCOPE = SourceRef(url="https://docs.example/scope", kind="vendor_doc", primary=False, quote="In scope.")
COPY = CopyRecord(id="soc2-page", url=REPORT.url, title="SOC 2", publisher="Example", kind="trust_portal",
                  retrieved=dt.date(2026, 5, 1), retrieved_is_copy_date=True, obtained="fetched",
                  sha256="0" * 64, public=False, text="We hold SOC 2.")


def inherited() -> ResolvedCell:
    party_cell = CellRecord(grade="yes_public", geography="EU", verified=dt.date(2026, 5, 1), sources=(REPORT,))
    return resolve_cell(DIM, developer_id="dev", platform_id="cloud", offering_cell=None,
                        scope=ScopeRecord(notes="Only in EU regions.", sources=(SCOPE,)),
                        party_cells={("cloud", "soc2_type2"): party_cell})


def document(cell: ResolvedCell, copies: dict[str, CopyRecord]) -> dict:
    return cell_document(cell, offering_id="o1", today=TODAY, party_names={"cloud": "Cloud Inc"}, copies=copies,
                         monitor={}, strength=cell_strength(cell, {}, TODAY))


def test_an_inherited_cell_says_which_party_recorded_it_and_which_citations_the_offering_added():
    doc = document(inherited(), {})
    assert doc["origin"]["recorded_by"] == {"kind": "party", "id": "cloud", "name": "Cloud Inc"}
    assert doc["origin"]["scope_added"] is True and doc["origin"]["override_reason"] == ""
    assert [(c["url"], c["recorded_on"]) for c in doc["citations"]] == [
        (REPORT.url, "cell"), (SCOPE.url, "offering_scope")]
    assert doc["qualifiers"] == {"tier": None, "route": None, "default": None, "geography": "EU"}
    assert doc["expires"] == dt.date(2027, 5, 1) and doc["expired"] is False


def test_a_kept_copy_links_its_text_only_once_it_is_public():
    hidden = document(inherited(), {COPY.id: COPY})["citations"][0]["kept_copy"]
    shown = document(inherited(), {COPY.id: CopyRecord(**{**COPY.__dict__, "public": True})})["citations"][0]
    assert hidden["id"] == "soc2-page" and hidden["text_url"] is None
    assert shown["kept_copy"]["text_url"] == "/api/v1/copies/soc2-page"


def test_an_unreviewed_cell_has_no_recorder_and_no_citations():
    cell = resolve_cell(DIM, developer_id="dev", platform_id="cloud", offering_cell=None, scope=None, party_cells={})
    doc = document(cell, {})
    assert doc["grade"] == "not_reviewed" and doc["origin"]["recorded_by"] is None and doc["citations"] == []


def test_the_copies_and_quotes_cited_are_listed_once_each():
    assert cited([inherited(), inherited()]) == (["soc2-page"], [(REPORT.url, REPORT.quote), (SCOPE.url, SCOPE.quote)])


def test_a_copy_document_carries_its_text_and_hash():
    doc = copy_document(COPY)
    assert (doc["id"], doc["sha256"], doc["text"]) == ("soc2-page", "0" * 64, "We hold SOC 2.")
