from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from trustreg.ingest.document import classify_source_kind, dates_from_text, describe, is_primary, iso_date

SEEDS = FIXTURES / "seeds"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (
            "https://learn.microsoft.com/en-us/answers/questions/1361952/does-azure-openai-fall-under-the-dpa",
            "qa_forum",
        ),
        ("https://stackoverflow.com/questions/1/x", "qa_forum"),
        ("https://community.openai.com/t/zdr/123", "qa_forum"),
        ("https://trust.openai.com/", "trust_portal"),
        ("https://servicetrust.microsoft.com/DocumentPage/7adf", "trust_portal"),
        ("https://www.anthropic.com/legal/commercial-terms", "legal"),
        (
            "https://www.microsoft.com/licensing/docs/view/Microsoft-Products-and-Services-Data-Protection-Addendum-DPA",
            "legal",
        ),
        ("https://help.openai.com/en/articles/8660679", "help_center"),
        ("https://support.360learning.com/hc/en-us/articles/17562881836564", "help_center"),
        ("https://learn.microsoft.com/en-us/legal/cognitive-services/openai/data-privacy", "vendor_doc"),
        ("https://docs.aws.amazon.com/bedrock/latest/userguide/data-protection.html", "vendor_doc"),
        ("https://platform.openai.com/docs/guides/your-data", "vendor_doc"),
        ("https://medium.com/@someone/azure-openai-privacy", "blog"),
        ("https://example.dev/blog/openai-api-privacy-policies-explained/", "blog"),
        ("https://www.reuters.com/technology/meta-wont-sign-eu-ai-code", "news"),
        ("https://openai.com/news/some-announcement/", "news"),
    ],
)
def test_the_url_decides_the_source_kind(url, kind):
    assert classify_source_kind(url=url).kind == kind


@pytest.mark.parametrize(
    ("seed", "kind"),
    [
        ("qa-azure-openai-dpa-pii.txt", "qa_forum"),
        ("explainer-azure-openai-regulated-workloads.txt", "explainer"),
        ("blog-azure-openai-privacy-2024.md", "blog"),
    ],
)
def test_without_a_url_cues_in_the_seed_texts_decide(seed, kind):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert classify_source_kind(text=text).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "This Agreement is entered into by the parties. The Provider shall process data and shall not.",
            "legal",
        ),
        ("Was this article helpful? Contact support for more.", "help_center"),
        ("(Reuters) - The company said in a statement on Friday ...", "news"),
        ("Just some words.", "other"),
    ],
)
def test_text_cues_decide_without_a_url(text, kind):
    assert classify_source_kind(text=text).kind == kind


def test_the_kind_comes_with_a_reason():
    assert "trust" in classify_source_kind(url="https://trust.example.com/").reason


def test_an_authored_dated_article_is_a_blog():
    assert classify_source_kind(metadata={"author": "A", "published": "2024-01-01"}).kind == "blog"


def test_vendor_pages_are_primary_for_the_vendor_only():
    parties = ["OpenAI", "Microsoft Azure"]
    assert is_primary(kind="vendor_doc", url="https://learn.microsoft.com/x", publisher=None, parties=parties)
    assert is_primary(kind="legal", url="https://openai.com/policies/x", publisher=None, parties=parties)
    assert not is_primary(
        kind="vendor_doc", url="https://docs.anthropic.com/x", publisher=None, parties=parties
    )


def test_forum_answers_and_explainers_are_never_primary():
    parties = ["OpenAI", "Microsoft Azure"]
    assert not is_primary(
        kind="qa_forum",
        url="https://learn.microsoft.com/answers/questions/1",
        publisher=None,
        parties=parties,
    )
    assert not is_primary(
        kind="explainer", url="https://learn.microsoft.com/x", publisher=None, parties=parties
    )


def test_a_publisher_name_counts_without_a_url():
    assert is_primary(kind="legal", url=None, publisher="Microsoft Corporation", parties=["Microsoft Azure"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-09T08:46:36.685000+00:00", "2024-02-09"),
        ("March 2026", "2026-03"),
        ("May 5, 2025", "2025-05-05"),
        ("5 May 2025", "2025-05-05"),
        ("Sept. 2024", "2024-09"),
        ("no date here", None),
    ],
)
def test_dates_are_read_as_iso_text(value, expected):
    assert iso_date(value) == expected


def test_dates_stated_in_the_text():
    published, updated = dates_from_text("Plain-language explainer · Informational · Updated March 2026")
    assert updated == "2026-03"
    assert published is None
    assert dates_from_text("Published on 3 January 2024. Last updated: 2025-06-01") == (
        "2024-01-03",
        "2025-06-01",
    )


def test_describe_prefers_metadata_dates_and_publisher():
    info = describe(
        text="Updated March 2026",
        title="T",
        media="html",
        extractor="x",
        metadata={"published": "2024-02-09T08:00:00Z", "publisher": "Contoso"},
        url="https://learn.microsoft.com/en-us/legal/cognitive-services/openai/data-privacy",
    )
    assert info.published == "2024-02-09"
    assert info.updated == "2026-03"
    assert info.publisher == "Contoso"
    assert info.kind == "vendor_doc"
