"""Training vocabulary used without a claim about customers' data (ingest/questions/training_claims.py): the model's own
corpus, a customer's own fine-tuning, product analytics, pointers, the industry and the topic (invented sentences,
none from a labelled set)."""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def training(text: str) -> str | None:
    for claim in extract_claims(text):
        if claim.dimension == "training_on_customer_data":
            return claim.polarity
    return None


@pytest.mark.parametrize(
    "text",
    [
        "Model training requires large amounts of data.",
        "Most AI vendors train on user data unless you pay.",
        "Fine-tuning lets you train a model on your own examples.",
        "Our model was trained on licensed and publicly available text.",
        "The training dataset includes 2 trillion tokens of web text.",
        "How do AI companies use your data for training?",
        "Opt-out forms are a common way for users to control how their data trains AI.",
        "Training costs for large models have fallen sharply since 2022.",
        "Check whether your provider trains on prompts before you sign.",
        "Federated learning trains models without centralising user data.",
        "Upload a JSONL file of examples to start a fine-tuning job on your own data.",
        "Training data quality matters more than quantity.",
        "We trained a small classifier on 10,000 labelled support tickets from a public dataset.",
        "In this tutorial you will train a sentiment model on movie reviews.",
        "RLHF trains the model on human preference data.",
        "The model was fine-tuned on a curated instruction dataset.",
        "OpenAI was sued over training its models on copyrighted books.",
        "Training jobs are billed per token processed.",
        "Every AI provider has a different policy on training with customer data.",
        "Choose a model that was not trained on copyrighted material.",
        "Training AI on customer data raises hard questions about consent.",
        "Many users want to know whether their chats are used to train models.",
        "The EU AI Act requires providers to document the data used to train their models.",
        "See our FAQ on whether your chats are used for training.",
        "The model was trained on data up to April 2024.",
        "Developers use the API to train custom classifiers on their own labelled data.",
        "Our researchers used public benchmarks to train and evaluate the model.",
        "We use cookies and usage data to improve our website and services.",
        "Diagnostic information is collected to improve the product's performance.",
        "Learn how we use your data to improve our services.",
        "We use aggregated, anonymised usage statistics to improve our products.",
        "Your feedback helps us improve the app.",
        "Crash reports are used to develop fixes for bugs.",
    ],
)
def test_training_words_about_the_model_the_industry_a_feature_or_analytics_claim_no_training(text):
    assert training(text) is None, text
