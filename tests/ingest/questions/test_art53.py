"""The facts an Article 53 passage states: whether the training data summary is published."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


def test_an_article_53_summary_is_read_as_published_or_not():
    assert facts("X has published the Article 53 training data summary.", "art53_summary")[
        "summary_published"
    ]
    assert (
        facts("X has yet to publish its Article 53 summary.", "art53_summary")["summary_published"] is False
    )
