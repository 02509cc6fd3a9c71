import pytest

from trustreg.accounts.models import AuditEvent
from trustreg.evidence import services as evidence
from trustreg.evidence.models import Blob, Snapshot, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return evidence.source_create(actor="test", url="https://vendor.example/privacy", kind="vendor_doc")


def test_a_source_needs_an_http_url_and_a_known_kind():
    with pytest.raises(evidence.EvidenceRefused) as exc:
        evidence.source_create(actor="test", url="javascript:alert(1)", kind="gossip")
    assert {p.field for p in exc.value.problems} == {"url", "kind"}
    assert not Source.objects.exists()


def test_a_pasted_snapshot_keeps_the_text_as_is_and_its_bytes_once(source):
    first = evidence.snapshot_add(actor="test", source=source, text="We never train on your data.")
    second = evidence.snapshot_add(actor="test", source=source, text="We never train on your data.")
    assert first.how == Snapshot.How.PASTED and first.text == "We never train on your data."
    assert first.blob_id == second.blob_id and Blob.objects.count() == 1
    assert AuditEvent.objects.filter(action="snapshot.add").count() == 2


def test_an_uploaded_html_file_is_kept_as_bytes_and_its_visible_text(source):
    html = (b"<html><head><script>steal()</script><style>p{}</style></head>"
            b"<body><p>Retention is 30 days.</p></body></html>")
    snap = evidence.snapshot_add(
        actor="test", source=source, upload=html, upload_name="page.html", content_type="text/html"
    )
    assert snap.how == Snapshot.How.UPLOADED
    assert "Retention is 30 days." in snap.text and "steal" not in snap.text
    assert bytes(Blob.objects.get(pk=snap.blob_id).data) == html


def test_an_upload_that_cannot_be_read_is_refused_and_nothing_is_kept(source):
    with pytest.raises(evidence.EvidenceRefused, match="file: parser failure: the PDF is malformed"):
        evidence.snapshot_add(
            actor="test",
            source=source,
            upload=b"%PDF-1.7",
            upload_name="x.pdf",
            content_type="application/pdf",
        )
    assert not Snapshot.objects.exists() and not Blob.objects.exists()


def test_an_uploaded_pdf_is_kept_with_its_text_extracted_in_the_sandbox(source):
    from tests.evidence.evidence_scenarios import tiny_pdf

    snap = evidence.snapshot_add(actor="test", source=source, upload=tiny_pdf("Zero data retention is available"),
                                 upload_name="terms.pdf", content_type="application/pdf")
    assert "Zero data retention is available" in snap.text
    assert snap.content_type == "application/pdf"


def test_binary_garbage_is_refused_with_a_reason(source):
    with pytest.raises(evidence.EvidenceRefused, match="file:"):
        evidence.snapshot_add(actor="test", source=source, upload=bytes(range(256)) * 40, upload_name="x.bin",
                              content_type="application/octet-stream")
    assert not Snapshot.objects.exists()


def test_an_oversized_upload_or_text_is_refused(source):
    with pytest.raises(evidence.EvidenceRefused, match="limit"):
        evidence.snapshot_add(
            actor="test",
            source=source,
            upload=b"a" * (evidence.MAX_UPLOAD_BYTES + 1),
            upload_name="big.txt",
            content_type="text/plain",
        )
    with pytest.raises(evidence.EvidenceRefused, match="limit"):
        evidence.snapshot_add(actor="test", source=source, text="a" * (evidence.MAX_TEXT_CHARS + 1))
    assert not Snapshot.objects.exists()


def test_a_citation_is_verified_against_the_newest_snapshot_only(source):
    assert "no snapshot" in evidence.citation_problem(source, "anything at all")[1]
    old = evidence.snapshot_add(actor="test", source=source, text="Data is kept for 30 days.")
    assert evidence.citation_problem(source, "kept for 30 days") == (old, None)
    evidence.snapshot_add(actor="test", source=source, text="Data is kept for 90 days.")
    snapshot, problem = evidence.citation_problem(source, "kept for 30 days")
    assert snapshot is None and "older snapshot" in problem


def test_an_upload_nested_past_the_limit_is_refused_with_the_reason_and_nothing_is_kept(source):
    hostile = b"---\ntitle: " + b"[" * 200 + b"\n---\n# Policy\n"
    with pytest.raises(evidence.EvidenceRefused, match="file: parser failure: front matter: .*nested deeper"):
        evidence.snapshot_add(actor="test", source=source, upload=hostile, upload_name="policy.md",
                              content_type="text/markdown")
    assert not Snapshot.objects.exists() and not Blob.objects.exists()


def test_an_upload_of_html_too_costly_to_parse_is_refused_within_the_request(source, monkeypatch):
    import time

    monkeypatch.setattr(evidence, "UPLOAD_PARSE_SECONDS", 1.0)
    page = b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + b"</body></html>"
    start = time.monotonic()
    with pytest.raises(evidence.EvidenceRefused, match="file: (timed out|parser failure)"):
        evidence.snapshot_add(actor="test", source=source, upload=page, upload_name="deep.html",
                              content_type="text/html")
    assert time.monotonic() - start < 10  # the limit with a 10x margin (about 50 s unlimited)
    assert not Snapshot.objects.exists()


def test_a_changed_source_bumps_the_public_generation_and_an_unchanged_one_does_not(source, settings):
    from trustreg.accounts.aftermath import public_generation

    settings.TRUSTREG_AFTER_PUBLISH = []
    before = public_generation().number
    evidence.source_update(actor="test", source=source, title="Privacy notice, 2026 edition")
    assert public_generation().number == before + 1  # its title shows on pages and in the dump
    evidence.source_update(actor="test", source=source, title="Privacy notice, 2026 edition")
    assert public_generation().number == before + 1


def test_recording_no_quote_checks_leaves_the_public_generation_alone(source, settings):
    # (recording some bumps it: tests/site/test_evidence_strength.py sees the page follow)
    from trustreg.accounts.aftermath import public_generation

    settings.TRUSTREG_AFTER_PUBLISH = []
    before = public_generation().number
    assert evidence.quote_checks_record(checks=[]) == 0
    assert public_generation().number == before
