from __future__ import annotations

import pytest

from trustreg.accounts.models import AuditEvent
from trustreg.ingest.models import CandidateClaim, Document, Passage
from trustreg.ingest.services import IngestRefused, document_ingest

BLOG = "blog-azure-openai-privacy-2024.md"
QA = "qa-azure-openai-dpa-pii.txt"
EXPLAINER = "explainer-azure-openai-regulated-workloads.txt"


def ingest(seed, name, **kw):
    return document_ingest(actor="test", data=seed(name), name=name, offering_id="azure-openai", **kw)


def claims_with(document, dimension, **facts):
    found = []
    for claim in document.claims.filter(dimension=dimension):
        if all(claim.facts.get(k) == v for k, v in facts.items()):
            found.append(claim)
    return found


def test_the_blogs_30_day_figure_is_reported_as_secondary_only_and_stale(registry, seed):
    document = ingest(seed, BLOG)
    claims = claims_with(document, "retention_zdr", retention_days=30)
    assert claims
    for claim in claims:
        kinds = {f["kind"] for f in claim.findings}
        assert {"secondary_only", "stale"} <= kinds
        assert claim.verdict in ("stale", "secondary_only")
        assert any("deliberately does not record retention_days" in f["reason"] for f in claim.findings)


def test_the_2023_preview_story_is_stale_against_the_ga_dpa_cell(registry, seed):
    document = ingest(seed, BLOG)
    (claim,) = claims_with(document, "gdpr_dpa", dpa_covers_service=False)
    assert claim.verdict == "stale"
    reasons = " ".join(f["reason"] for f in claim.findings)
    assert "preview" in reasons and "older than the cell" in reasons


def test_the_qa_ga_statement_agrees_with_the_dpa_cell(registry, seed):
    document = ingest(seed, QA)
    (claim,) = claims_with(document, "gdpr_dpa", dpa_covers_service=True, ga=True)
    assert claim.verdict == "agrees"
    assert not document.primary
    assert document.kind == "qa_forum"


def test_the_explainer_agrees_on_no_training(registry, seed):
    document = ingest(seed, EXPLAINER)
    claims = claims_with(document, "training_on_customer_data", no_training=True)
    assert claims and all(c.verdict == "agrees" for c in claims)
    assert document.kind == "explainer"
    assert document.updated == "2026-03"


def test_every_claim_carries_a_ready_citation_and_exact_offsets(registry, seed):
    url = "https://example.com/blog/azure-openai-privacy"
    document = ingest(seed, BLOG, url=url)
    assert document.claims.exists()
    for claim in document.claims.all():
        assert document.text[claim.start : claim.end] == claim.quote
        assert claim.citation["url"] == url
        assert claim.citation["quote"] == claim.quote
        assert claim.citation["kind"] == "blog" and claim.citation["primary"] is False
    for passage in document.passages.all():
        assert document.text[passage.start : passage.end] == passage.text


def test_a_quoted_vendor_page_is_kept_as_a_lead(registry, seed):
    document = ingest(seed, BLOG)
    (claim,) = claims_with(document, "retention_zdr", zdr_equivalent="modified abuse monitoring")
    assert "https://learn.microsoft.com/en-us/legal/cognitive-services/openai/data-privacy" in claim.leads


def test_ingesting_writes_one_audit_row(registry, seed):
    before = AuditEvent.objects.filter(action="document_ingest").count()
    document = ingest(seed, QA)
    event = AuditEvent.objects.filter(action="document_ingest").latest("at")
    assert AuditEvent.objects.filter(action="document_ingest").count() == before + 1
    assert event.target == f"ingest.document:{document.pk}"


def test_without_an_offering_claims_are_not_compared(db, seed):
    document = document_ingest(actor="test", data=seed(QA), name=QA)
    assert document.claims.exists()
    assert set(document.claims.values_list("verdict", flat=True)) == {CandidateClaim.Verdict.NOT_COMPARED}


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (bytes(range(256)) * 10, "garbage.bin", "not text"),
        ("Données".encode("latin-1") * 10, "policy.txt", "unknown encoding"),
        (b"<html><body><script>x()</script></body></html>", "page.html", "no visible text"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(db, data, name, reason):
    with pytest.raises(IngestRefused, match=reason) as info:
        document_ingest(actor="test", data=data, name=name)
    assert name in str(info.value)
    assert (
        not Document.objects.exists() and not Passage.objects.exists() and not CandidateClaim.objects.exists()
    )


def test_a_document_over_the_size_limit_is_refused(db):
    with pytest.raises(IngestRefused, match="too large"):
        document_ingest(actor="test", data=b"a" * 2_000, name="big.txt", max_bytes=1_000)
    assert not Document.objects.exists()


def test_an_unknown_offering_is_refused(db):
    with pytest.raises(IngestRefused, match="no such offering"):
        document_ingest(actor="test", data=b"We do not train on your data.", name="a.txt", offering_id="nope")


def test_a_url_that_is_not_http_is_refused(db):
    with pytest.raises(IngestRefused, match="http"):
        document_ingest(actor="test", data=b"text", name="a.txt", url="javascript:alert(1)")


def test_a_failure_while_writing_leaves_nothing(db, seed, monitor_bulk_create_failure):
    with pytest.raises(RuntimeError):
        document_ingest(actor="test", data=seed(QA), name=QA)
    assert not Document.objects.exists() and not Passage.objects.exists()


@pytest.fixture
def monitor_bulk_create_failure(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CandidateClaim.objects, "bulk_create", boom)


def test_claims_needing_a_decision_raise_workbench_flags_once(registry, seed):
    from trustreg.flags.models import Flag

    document = ingest(seed, BLOG)
    needing = document.claims.filter(
        verdict__in=["stale", "secondary_only", "contradicts", "not_in_registry"]
    )
    open_flags = Flag.objects.filter(status="open", key__startswith="ingest:azure-openai:")
    assert needing.exists()
    assert open_flags.count() == needing.count()
    ingest(seed, BLOG)  # the same document again raises nothing new
    assert (
        Flag.objects.filter(status="open", key__startswith="ingest:azure-openai:").count() == needing.count()
    )
    flag = open_flags.filter(dimension_id="retention_zdr").first()
    assert flag is not None and "thirty (30) days" in flag.detail


def test_an_html_vendor_page_is_primary_with_its_metadata(registry):
    page = (
        b"<html><head><title>Data, privacy, and security for Azure OpenAI Service</title>"
        b'<meta property="article:modified_time" content="2026-06-30">'
        b"<script>var x = 'are NOT used to train';</script></head><body><nav>Docs home</nav><main>"
        b"<h1>Data, privacy, and security</h1>"
        # (not available to OpenAI alone is data sharing, not training: LABELS.md)
        b"<p>Your prompts and completions are NOT available to OpenAI and are not used to train its models.</p>"
        b"<ul><li>Models are stateless: no prompts or generations are stored in the model.</li></ul>"
        b"</main></body></html>"
    )
    url = "https://learn.microsoft.com/en-us/azure/ai-foundry/responsible-ai/openai/data-privacy"
    document = document_ingest(
        actor="test", data=page, url=url, content_type="text/html; charset=utf-8", offering_id="azure-openai"
    )
    assert (document.kind, document.primary, document.media, document.updated) == (
        "vendor_doc",
        True,
        "html",
        "2026-06-30",
    )
    dimensions = set(document.claims.values_list("dimension", flat=True))
    assert {"training_on_customer_data", "retention_zdr"} <= dimensions
    assert "var x" not in document.text
    (claim,) = claims_with(document, "training_on_customer_data", not_available_to_developer=True)
    assert claim.verdict == "agrees" and claim.citation["primary"] is True


def test_a_pdf_contract_is_ingested(registry):
    from tests.textextract.conftest import minimal_pdf

    data = minimal_pdf(
        ["Microsoft will retain Customer Data for ninety (90) days after expiration."],
        title="Data Protection Addendum",
    )
    document = document_ingest(actor="test", data=data, name="dpa.pdf", offering_id="azure-openai")
    assert document.media == "pdf" and document.title == "Data Protection Addendum"
    (claim,) = claims_with(document, "retention_zdr", retention_days=90)
    assert document.text[claim.start : claim.end] == claim.quote


def test_the_same_bytes_ingested_again_reuse_the_same_document_record(registry, seed):
    first = ingest(seed, BLOG)
    claims = sorted(first.claims.values_list("pk", flat=True))
    again = ingest(seed, BLOG)
    third = document_ingest(actor="test", data=seed(BLOG), name="renamed.md")  # no offering given
    assert again.pk == first.pk == third.pk
    assert Document.objects.count() == 1
    assert sorted(again.claims.values_list("pk", flat=True)) == claims
    assert Passage.objects.filter(document=first).count() == first.passages.count()
    third.refresh_from_db()
    assert third.offering_id == "azure-openai" and third.name == BLOG  # compared as before, first name kept
    reused = AuditEvent.objects.filter(action="document_ingest", target=f"ingest.document:{first.pk}")
    assert reused.count() == 3 and [e.detail.get("reused", False) for e in reused.order_by("id")] == [
        False, True, True]


def test_different_bytes_make_a_new_document_record(registry, seed):
    assert ingest(seed, BLOG).pk != ingest(seed, QA).pk


def test_an_ingested_page_is_kept_so_its_ready_citations_need_no_other_copy(registry):
    from trustreg.evidence.models import Snapshot, Source
    from trustreg.evidence.services import citation_problem

    page = (b"<html><head><title>Data, privacy, and security for Azure OpenAI Service</title></head><body><main>"
            b"<h1>Data, privacy, and security</h1>"
            b"<p>Your prompts and completions are NOT available to OpenAI.</p>"
            b"<ul><li>Models are stateless: no prompts or generations are stored in the model.</li></ul>"
            b"</main></body></html>")
    url = "https://vendor.example/azure-openai/data-privacy"
    document = document_ingest(actor="test", data=page, url=url, content_type="text/html",
                               offering_id="azure-openai", fetched=True)
    source = Source.objects.get(url=url)
    (snapshot,) = source.snapshots.all()
    assert (snapshot.how, snapshot.public, snapshot.text) == (Snapshot.How.FETCHED, True, document.text)
    assert snapshot.blob_id == document.sha256 and snapshot.extractions.count() == 1
    assert document.claims.exists()
    for claim in document.claims.all():
        assert claim.citation["url"] == url
        assert citation_problem(source, claim.citation["quote"]) == (snapshot, None)
    document_ingest(actor="test", data=page, url=url, content_type="text/html", offering_id="azure-openai",
                    fetched=True)
    assert source.snapshots.count() == 1  # the same bytes are kept once


def test_a_file_said_to_be_published_at_a_url_is_kept_private_like_an_upload(registry, seed):
    from trustreg.evidence.models import Snapshot, Source

    url = "https://example.com/blog/azure-openai-privacy"
    ingest(seed, BLOG, url=url)
    (snapshot,) = Source.objects.get(url=url).snapshots.all()
    assert (snapshot.how, snapshot.public) == (Snapshot.How.UPLOADED, False)


def test_a_file_without_a_url_keeps_no_copy(registry, seed):
    from trustreg.evidence.models import Snapshot

    before = Snapshot.objects.count()
    ingest(seed, QA)
    assert Snapshot.objects.count() == before
