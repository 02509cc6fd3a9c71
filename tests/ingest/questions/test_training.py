"""The facts a training passage states: no training, exceptions, opt-out, who sees the data."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


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
