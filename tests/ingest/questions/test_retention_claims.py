"""Retention vocabulary used without a claim (ingest/questions/retention_claims.py): prices and caches, definitions,
advice, records about the account, the topic in general and zero retention named only as a circumstance (invented
sentences, none from a labelled set)."""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def retention(text: str) -> tuple[str, int | None] | None:
    for claim in extract_claims(text):
        if claim.dimension == "retention_zdr":
            return claim.polarity, claim.facts.get("retention_days")
    return None


@pytest.mark.parametrize(
    "text",
    [
        "The model vendors never see your data.",
        "Prompt caching costs $0.30 per million tokens, and cached prefixes live for five minutes.",
        "Data retention is one of the first questions a security team will ask.",
        "What is zero data retention, and do you need it?",
        "A retention policy defines how long records are kept before deletion.",
        "Most LLM providers keep API logs for around 30 days.",
        "Our Files API lets you store documents and reuse them across requests.",
        "The vector store keeps embeddings so you can search them later.",
        "Longer retention plans cost $10 per month per seat.",
        "Buyers should confirm how long a vendor retains prompts before signing.",
        "Audit logs are retained for one year.",
        "Invoices are stored for seven years to meet tax law.",
        "ZDR stands for zero data retention.",
        "Enterprises increasingly demand zero data retention from AI vendors.",
        "Does Acme keep my prompts? Many users have asked.",
        "Memory lets the assistant remember details you share across chats.",
        "Save your work often: unsaved drafts are lost when the tab closes.",
        "Temporary files are removed after 24 hours to free disk space on the build runner.",
        "Expired API keys are removed from the dashboard after 90 days.",
        "Sessions expire after 30 minutes of inactivity.",
        "The beta endpoint will be removed after 60 days.",
        "Your trial expires after 14 days unless you upgrade.",
        "Password reset links expire after one hour.",
        "Deprecated models are removed from the API 90 days after the announcement.",
        "Conversation memory lets the assistant keep context for up to 20 messages.",
        "Store your API key in an environment variable, never in your code.",
        "The cache keeps responses for 60 seconds to reduce load.",
        "Use the delete endpoint to remove a file you no longer need.",
        "You can delete a project from the settings page.",
        "Data retention policies should balance legal needs against privacy risk.",
        "The GDPR's storage-limitation principle says personal data should be kept no longer than necessary.",
        "Regulators have fined companies for keeping customer records indefinitely.",
        "Many apps keep your chat history forever by default.",
        "How long does ChatGPT keep my conversations?",
        "The retention schedule template in appendix B can be adapted to your needs.",
        "Log files rotate daily and older files are compressed.",
        "Embeddings are stored in the vector database you configure.",
        "Click Save to keep your changes.",
        "What happens to my data if I delete my account?",
        "Learn how to configure log retention in the admin console.",
        "Retention pricing is based on the number of traces stored.",
        "The assistant remembers earlier messages within a conversation.",
        "Backups are stored in a separate region for disaster recovery.",
        "DeepSeek stores user data on servers in China.",
        "Meta AI keeps a record of your conversations to personalise answers.",
        "Data retention periods vary widely across AI chatbots.",
        "Prompt logs are useful for debugging, but they also create privacy risk.",
        "A zero-retention setup reduces breach exposure.",
        "Set up log retention in your own SIEM to keep agent traces for 90 days.",
        "Zero data retention sounds simple, but the details differ between providers.",
        "The Company does not store the card details you enter at checkout.",
        "Some integrations behave differently with zero data retention enabled.",
        "Support can only see limited diagnostics under ZDR.",
        "Unlike chat apps that store prompts forever, a good gateway deletes them.",
        "Payment card numbers are not stored by us.",
        "The feature stays available for 30 days after launch.",
        "Your subscription remains active for 30 days after cancellation.",
        "Offer valid for 14 days.",
    ],
)
def test_retention_words_in_prices_caches_definitions_advice_and_records_claim_nothing(text):
    assert retention(text) is None, text
