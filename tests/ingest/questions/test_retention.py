"""Retention and zero data retention: the wording of a passage read to the guide (docs/labels.md).

Invented paraphrases of the guide's patterns and of issue 14's error list (none taken from a labelled set):
other verbs for keeping and deleting, no storage said without "not", customer-controlled retention,
periods tied to feedback or reports, content kept until the customer deletes it, zero retention denied for a
part of the offer, and the vocabulary used without a claim (prices, caches, definitions, advice, records).
"""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def retention(text: str) -> tuple[str, int | None] | None:
    for claim in extract_claims(text):
        if claim.dimension == "retention_zdr":
            return claim.polarity, claim.facts.get("retention_days")
    return None


@pytest.mark.parametrize(
    ("text", "polarity", "days"),
    [
        ("Chat logs are removed from our servers after 30 days.", "positive", 30),
        (
            "Prompts are held in memory only for the duration of the request and then discarded.",
            "positive",
            None,
        ),
        (
            "We keep API inputs and outputs for up to 14 days to investigate abuse, after which they are erased.",
            "positive",
            14,
        ),
        ("Logs expire after 7 days.", "positive", 7),
        ("Acme does not keep a copy of your prompts once the response is returned.", "positive", None),
        ("Conversation history is automatically purged after ninety days.", "positive", 90),
        (
            "Transcripts are stored for 60 days, except where the law requires us to keep them longer.",
            "positive",
            60,
        ),
        ("Logs are deleted after 21 days, except where the law requires otherwise.", "positive", 21),
        (
            "Uploaded documents are deleted 30 days after processing unless a court order requires us to preserve them.",
            "positive",
            30,
        ),
        ("Your inputs are processed ephemerally and never written to persistent storage.", "positive", None),
        ("We operate a strict no-logging policy for prompts and completions.", "positive", None),
        ("Customer content is retained for six months and then permanently deleted.", "positive", 180),
        ("Audio recordings are destroyed within 48 hours of transcription.", "positive", None),
        ("Zero data retention is on for every API key by default.", "positive", None),
        ("Messages remain on our servers for 30 days before deletion.", "positive", 30),
        ("Retention period: 30 days.", "positive", 30),
        ("Admins choose how long chat history is kept, from one day to forever.", "positive", None),
        (
            "You can set your workspace to delete conversations automatically after a period you pick.",
            "positive",
            None,
        ),
        ("Queries live on our servers for two weeks and are then wiped.", "positive", 14),
        ("After 14 days, conversations are gone for good.", "positive", 14),
        ("Content is preserved for 90 days, then destroyed.", "positive", 90),
        ("Requests are served from Frankfurt and never stored.", "positive", None),
        ("Once a session ends, its transcript is deleted.", "positive", None),
        ("Deleting a chat removes it from our systems within 30 days.", "positive", 30),
        ("If you send feedback, that conversation is kept for years.", "conditional", None),
        ("Zero data retention is available to approved enterprise customers.", "conditional", None),
        (
            "Enterprise customers can request zero data retention through their account manager.",
            "conditional",
            None,
        ),
        ("Inputs flagged by our safety systems are kept for up to two years.", "conditional", 730),
        ("Conversations are saved until you delete them.", "conditional", None),
        (
            "Prompts are stored for 30 days, or not at all once your organisation is approved for zero retention.",
            "conditional",
            30,
        ),
        ("When you rate a response, we store that exchange for 5 years.", "conditional", 1825),
        ("Data retention can be reduced to zero for eligible organisations.", "conditional", None),
        ("ZDR is available on the Enterprise plan only.", "conditional", None),
        (
            "Standard retention is 30 days; customers with a signed addendum can disable storage entirely.",
            "conditional",
            30,
        ),
        ("Reported conversations are reviewed and retained for 90 days.", "conditional", 90),
        ("Chats stay in your history indefinitely unless you clear them.", "conditional", None),
        (
            "Zero retention applies only to the chat endpoint; uploaded files are kept for 30 days.",
            "conditional",
            30,
        ),
        ("Stored threads are outside your zero-retention agreement.", "negative", None),
        ("Zero data retention is not offered for the Assistants API.", "negative", None),
        (
            "The consumer app keeps every conversation indefinitely, with no way to delete it.",
            "negative",
            None,
        ),
        ("ZDR cannot be applied to image generation requests.", "negative", None),
        ("Files uploaded to the workspace are exempt from zero data retention.", "negative", None),
        ("Zero data retention isn't available for fine-tuning jobs.", "negative", None),
        ("Set a log retention period that matches your own compliance policy.", "positive", None),
        ("We delete your chat logs 30 days after you close a conversation.", "positive", 30),
        ("Recordings are removed from our servers within 7 days.", "positive", 7),
        ("Meeting transcripts expire after 90 days unless an admin pins them.", "conditional", 90),
        ("Uploaded files remain in our storage for 30 days after the session ends.", "positive", 30),
        ("We keep no logs of your queries.", "positive", None),
        ("With ZDR enabled, no request or response content is ever written to logs.", "positive", None),
        ("We don't hold on to your audio once it has been transcribed.", "positive", None),
        ("Inputs are never saved.", "positive", None),
        ("Your data is not stored beyond the lifetime of the request.", "positive", None),
        ("Logs are kept on a rolling 14-day window.", "positive", 14),
        ("Data is purged on a 30-day cycle.", "positive", 30),
        (
            "Anthropic automatically deletes inputs and outputs on its backend within 30 days of receipt.",
            "positive",
            30,
        ),
        ("Data is deleted within 30 days of account termination.", "positive", 30),
        ("Conversation data: deleted after 18 months of inactivity.", "positive", 540),
        (
            "We store your prompts for as long as needed to provide the service, and no longer than 30 days.",
            "positive",
            30,
        ),
        ("Snapshots of your workspace are held for 7 days so you can restore them.", "positive", 7),
        ("OpenAI's ZDR option means that prompts and completions aren't logged at all.", "positive", None),
        ("You may ask us to enable zero data retention for your organisation.", "conditional", None),
        ("Approved customers can turn off prompt logging.", "conditional", None),
        ("Requests to the Moderation endpoint are never logged.", "positive", None),
        ("Unless you change the default, your history is kept for 30 days.", "conditional", 30),
        ("Under the new terms, the company will keep chat transcripts for five years.", "positive", 1825),
        ("According to its privacy policy, the app deletes voice recordings after 3 days.", "positive", 3),
        ("Perplexity retains search history until the account is deleted.", "positive", None),
        (
            "Claude deletes prompts and outputs from its backend within 30 days, unless they are flagged.",
            "conditional",
            30,
        ),
        ("Copilot chat prompts are discarded after the response is generated.", "positive", None),
        ("We process your audio in real time; no recordings are kept.", "positive", None),
        (
            "Prompts sent to the API are retained by OpenAI for 30 days for abuse monitoring, then deleted.",
            "positive",
            30,
        ),
        ("Retention of API inputs: 30 days; with ZDR: 0 days.", "conditional", 30),
        (
            "All customer data is deleted from our systems 90 days after termination of the agreement.",
            "positive",
            90,
        ),
        (
            "Customer Data is retained for the term of the Agreement and deleted within 30 days after its end.",
            "positive",
            30,
        ),
        ("You can turn off chat history, and new chats will then be deleted after 30 days.", "positive", 30),
        ("Data from the free tier is kept for 90 days; paid plans keep it for 30.", "conditional", 90),
        (
            "If you cancel your subscription, your files are permanently deleted within 60 days.",
            "positive",
            60,
        ),
        ("Recordings are deleted after 14 days unless you choose to keep them.", "positive", 14),
        ("Even with history turned off, chats are retained for 30 days for safety checks.", "positive", 30),
        ("Members who opt in to sharing will have their transcripts kept for 3 years.", "conditional", 1095),
        (
            "Privacy Mode guarantees that no source code or file contents are stored on our servers.",
            "positive",
            None,
        ),
        ("For certain Enterprise customers we offer a zero-retention option.", "conditional", None),
        ("Admins control how long a chat stays in the workspace.", "positive", None),
        ("You can have your transcripts deleted at any time.", "positive", None),
        ("Inputs and outputs are not stored at rest.", "positive", None),
        ("Default retention is 30 days, and you can set any period up to two years.", "positive", 30),
        ("Chats are kept for 30 days and reviewed if necessary, then deleted.", "positive", 30),
        (
            "Audio is deleted after processing or kept on your device, depending on your settings.",
            "positive",
            None,
        ),
        (
            "Messages are deleted after 30 days. Messages reported for abuse may be kept for a year.",
            "conditional",
            30,
        ),
        ("Posts that violate our terms may be retained for longer.", "conditional", None),
        ("With zero data retention, prompts are never written to disk.", "positive", None),
        ("Your voice is transcribed on the fly and is not kept as audio afterwards.", "positive", None),
        (
            "Screenshots are analysed in memory and are never saved once the answer is ready.",
            "positive",
            None,
        ),
        ("The uploaded document ceases to exist when the request ends.", "positive", None),
        ("We hold customer content for no more than 14 days.", "positive", 14),
        ("Prompts are cleared from our systems every 24 hours.", "positive", None),
        ("Conversation data lives for 30 days and is then purged.", "positive", 30),
        ("Uploaded images remain available for 7 days.", "positive", 7),
        ("Prompts never touch disk.", "positive", None),
        ("Chats auto-delete after 30 days.", "positive", 30),
        ("We are a zero-retention provider.", "positive", None),
        ("Chat history is kept for 30 days on Free and 90 days on Pro.", "conditional", 90),
        ("Our servers hold nothing after the call completes.", "positive", None),
        ("Files stay on the platform for 48 hours before removal.", "positive", None),
    ],
)
def test_retention_said_in_other_words_is_read_with_the_guides_polarity_and_period(text, polarity, days):
    found = retention(text)
    assert found is not None, text
    assert found[0] == polarity, text
    if days is not None:
        assert found[1] == days, text
