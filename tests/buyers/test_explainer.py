"""The regulated-workload explainer: generated from the cells, informational text marked as such."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.domain.test_bundle import files_of
from tests.domain.test_informational import with_controls
from trustreg.buyers.explainer import explainer_view
from trustreg.domain.bundle import parse_files
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def with_info():
    bundle = parse_files(with_controls(files_of()))
    registry_load(actor="test", bundle=bundle)
    return bundle


def test_commitments_are_the_true_facts_of_the_data_handling_cells(with_info):
    ex = explainer_view("azure-openai")
    facts = {(i.cell.dimension.id, i.text) for i in ex.commitments}
    training = next(c for c in ex.view.cells if c.dimension.id == "training_on_customer_data")
    expected = {k for k, v in training.facts.items() if v is True}
    assert expected and {t for d, t in facts if d == "training_on_customer_data"} == {
        (training.dimension.facts[k].description or k.replace("_", " ").capitalize()) for k in expected
    }


def test_assurance_and_controls_come_from_the_cells_and_their_groups(with_info):
    ex = explainer_view("azure-openai")
    assert [i.cell.dimension.id for i in ex.assurance][:6] == [
        "soc2_type2", "iso_27001", "iso_42001", "trust_center", "hipaa_baa", "gdpr_dpa"]
    assert [i.cell.dimension.id for i in ex.controls] == [
        "private_networking", "encryption_keys", "identity_access", "content_free_logging"]
    # a group that is not the controls group counts as an attestation
    assert {"fedramp_high", "hitrust", "private_networking_test"} <= {i.cell.dimension.id for i in ex.assurance}


def test_the_azure_explainer_holds_every_item_of_the_explainer_seed_with_its_evidence(client, loaded):
    """Every commitment, assurance reference and control the public explainer names is on the page."""
    text = text_of(client.get("/offerings/azure-openai/explainer/"))
    for label in ("SOC 2 Type II", "ISO 27001", "ISO 42001", "HIPAA BAA", "FedRAMP High", "HITRUST",
                  "StateRAMP", "ISO 27799", "Private networking", "Encryption and keys", "Identity and access",
                  "Logging without content", "Residency", "Not used to train any foundation model",
                  "not available to the model developer (OpenAI)", "not available to other customers",
                  "Not used to improve the provider's or third parties' products",
                  "Fine-tuned models are for the customer's use only", "The model is stateless",
                  "Higher risk (clinical-facing)"):
        assert label in text, label
    assert "No source cited" in text  # StateRAMP and ISO 27799: said honestly, not guessed


def test_weak_evidence_is_listed_to_confirm(with_info):
    ex = explainer_view("azure-openai")
    assert all(i.evidence.to_confirm for i in ex.unproven)
    assert "private_networking_test" in [i.cell.dimension.id for i in ex.unproven]  # it cites nothing


def test_the_page_marks_informational_parts_and_links_every_item_to_its_cell(client, with_info):
    response = client.get("/offerings/azure-openai/explainer/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Informational only" in text
    assert "not compliance, regulatory or legal advice" in text
    assert "Shared responsibility Informational" in text
    assert "not an official Microsoft classification and not legal advice" in text
    body = response.content.decode()
    for dim in ("training_on_customer_data", "hipaa_baa", "private_networking_test"):
        assert f'href="/offerings/azure-openai/#{dim}"' in body


def test_an_offering_without_its_own_narrative_gets_the_general_one(client, with_info):
    text = text_of(client.get("/offerings/openai-api/explainer/"))
    assert "written by the registry's maintainers" in text
    assert "Microsoft" not in text.split("Shared responsibility")[1].split("Assurance references")[0]


def test_unknown_offerings_are_404_and_the_offering_page_links_its_explainer(client, with_info):
    assert client.get("/offerings/nope/explainer/").status_code == 404
    assert 'href="/offerings/azure-openai/explainer/"' in client.get("/offerings/azure-openai/").content.decode()


def test_source_text_is_escaped(client, with_info):
    from trustreg.registry.models import Cell

    cell = Cell.objects.get(party_id="microsoft-azure", dimension_id="private_networking_test")
    cell.summary = '<script>alert(1)</script>'
    cell.save(update_fields=["summary"])
    body = client.get("/offerings/azure-openai/explainer/").content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
