from __future__ import annotations

from trustreg.ingest.extractor import extract_claims


def dimensions(text):
    return {c.dimension for c in extract_claims(text)}


def test_a_dpa_named_as_the_vehicle_of_a_baa_is_a_hipaa_claim_only():
    assert dimensions("The HIPAA BAA is included through the Microsoft DPA.") == {"hipaa_baa"}


def test_the_law_described_is_no_providers_stance():
    assert dimensions("Providers of general-purpose AI models must publish a summary of training content.") == set()


def test_subprocessors_as_the_subject_of_a_training_claim_are_no_dpa_claim():
    text = "We configured our AI sub-processors so that data we send them is not used to train their models."
    assert dimensions(text) == {"training_on_customer_data"}
    listed = "We publish a list of our sub-processors, none of which train models on your data."
    assert "gdpr_dpa" in dimensions(listed)
