"""Training on customer data: the facts a passage states, and its wording read to the guide (docs/labels.md).

The wording tests are invented paraphrases of the guide's patterns and of issue 14's error list (none taken
from a labelled set): other verbs and sentence shapes, negation without "not", opt-in and opt-out, plans and
defaults, feedback, and the vocabulary used without a claim about customers' data.
"""

from __future__ import annotations

import pytest

from tests.ingest.questions.claims_helpers import facts
from trustreg.ingest.extractor import extract_claims


def test_no_training_its_exceptions_and_opt_outs_are_read():
    assert (
        facts("Your data is not used to train our models.", "training_on_customer_data")["no_training"]
        is True
    )
    assert facts(
        "Prompts are NOT available to OpenAI and are not used to train its models.",
        "training_on_customer_data",
    )["not_available_to_developer"]
    got = facts(
        "Not used to train foundation models without your explicit consent.", "training_on_customer_data"
    )
    assert got["exception"] == "explicit consent"
    assert facts("Data may be used for training unless you opt out.", "training_on_customer_data")[
        "opt_out_available"
    ]


def training(text: str) -> str | None:
    for claim in extract_claims(text):
        if claim.dimension == "training_on_customer_data":
            return claim.polarity
    return None


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("We never use the prompts you send through the API to improve our models.", "positive"),
        ("Customer inputs are not fed into model training.", "positive"),
        ("Your conversations are off-limits for training.", "positive"),
        ("Nothing you type is used to build or refine our models.", "positive"),
        ("Acme keeps your documents out of its training pipeline.", "positive"),
        (
            "Content submitted by customers is excluded from the data used to train our foundation models.",
            "positive",
        ),
        ("We do not train on customer data unless you opt in to our research programme.", "positive"),
        ("Model training on workspace data only happens if an admin opts the workspace in.", "positive"),
        ("By default, prompts are not used for training.", "positive"),
        ("Prompts and completions are never used as training data for any model.", "positive"),
        ("We won't use your data for AI training.", "positive"),
        ("Our model providers are contractually barred from training on your content.", "positive"),
        ("We don't train Acme AI on what you write.", "positive"),
        ("Your code isn't used to train our models, period.", "positive"),
        ("Customer content is never used to improve the underlying models.", "positive"),
        ("None of your messages are used to train any AI.", "positive"),
        ("Your chats help improve the assistant; you can decline in settings.", "conditional"),
        ("You can switch training off at any time in Privacy settings.", "conditional"),
        ("Unless you opt out, we may use your conversations to make our models better.", "conditional"),
        (
            "Free-tier prompts may be used to train our models; you can turn this off under Data Controls.",
            "conditional",
        ),
        ("Enterprise workspaces are never used for training.", "conditional"),
        ("On Team and Enterprise plans, we do not train on your content.", "conditional"),
        (
            "If you give a thumbs-up or thumbs-down, that conversation may be used for training.",
            "conditional",
        ),
        ("Training on your data is enabled by default, but admins can disable it.", "conditional"),
        (
            "Content you share with us may help train future models unless you object in your account settings.",
            "conditional",
        ),
        (
            "Data from paid plans is excluded from training, while free users' chats may be used.",
            "conditional",
        ),
        (
            "Consumer accounts contribute to model training unless the Improve the model for everyone setting is turned off.",
            "conditional",
        ),
        (
            "We use de-identified snippets from free accounts to train our models; paid accounts are exempt.",
            "conditional",
        ),
        (
            "Customers who do not want their data used for training can ask support to exclude them.",
            "conditional",
        ),
        (
            "Personal accounts are used for model improvement, which you can stop from the privacy page.",
            "conditional",
        ),
        ("Everything you type into the free app is used to train our models.", "negative"),
        ("We use customer conversations to fine-tune the assistant.", "negative"),
        (
            "Acme trains its models on the support chats customers submit, and there is no way to opt out.",
            "negative",
        ),
        ("Your uploads become part of our training data.", "negative"),
        ("Our terms allow us to use your content to develop and improve our AI.", "negative"),
        ("Acme does not use your chat history to train its models.", "positive"),
        ("Your documents are never used to improve the models behind Acme Search.", "positive"),
        (
            "By using the free tier, you agree that your prompts may be used to improve our models.",
            "negative",
        ),
        ("Your data stays yours. We never sell it or train on it.", "positive"),
        ("Customer data is not used for model training or product improvement.", "positive"),
        ("We don't use your prompts to train anything.", "positive"),
        (
            "Inputs from API customers are not used for training; consumer chats are, unless users opt out.",
            "conditional",
        ),
        ("Acme uses conversations to train its models only if you turn on Help improve Acme.", "positive"),
        ("Admins can allow or block the use of workspace data for model training.", "conditional"),
        (
            "Data submitted via the API isn't used to improve our models unless you explicitly share it with us.",
            "positive",
        ),
        ("Your prompts are used to improve our services, as described in our Privacy Policy.", "negative"),
        ("Opting out is easy: go to Settings and untick Use my data for training.", "conditional"),
        ("Acme reserves the right to use customer content to train its AI systems.", "negative"),
        ("No customer content is ever used to pre-train or fine-tune our foundation models.", "positive"),
        ("LinkedIn began training AI models on user posts before updating its terms.", "negative"),
        ("The company confirmed it does not train on enterprise customers' prompts.", "conditional"),
        (
            "Zoom says it will not use audio, video or chat content to train its AI models without consent.",
            "positive",
        ),
        (
            "X changed its policy to let third parties train AI on users' posts unless they opt out.",
            "conditional",
        ),
        (
            "Adobe clarified that it doesn't train Firefly on customer content stored in Creative Cloud.",
            "positive",
        ),
        ("Users were surprised to learn that their prompts feed the next model.", "negative"),
        (
            "Grammarly uses anonymised text from free accounts to improve its models; business accounts are excluded.",
            "conditional",
        ),
        (
            "Our providers are barred from training on your data, whether or not zero data retention is on.",
            "positive",
        ),
        ("Customer content is never used for product improvement.", "positive"),
        ("Sharing conversations for model training is opt-in.", "positive"),
        ("We do not train on your content, except for the cases listed below.", "conditional"),
        ("Unless you consent, your recordings cannot be used to train our voice models.", "positive"),
        ("By default, Team workspace data is not used for training unless an admin opts in.", "conditional"),
        ("Because prompts are deleted at once, we are unable to use them for training.", "positive"),
        ("Model training is on for free users by default.", "conditional"),
        ("Chats are kept for training purposes unless you opt out.", "conditional"),
        ("Snippets are collected for model training on the free plan.", "negative"),
        ("We use your conversations to improve our AI models.", "negative"),
        ("We use your prompts to improve our products.", "negative"),
    ],
)
def test_training_said_in_other_words_is_read_with_the_guides_polarity(text, polarity):
    assert training(text) == polarity, text
