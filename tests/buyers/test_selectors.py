"""The fit check over the bundled registry: verdicts per preset, steps from data, fixed queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trustreg.buyers import profiles, selectors
from trustreg.domain.fieldtypes import replace
from trustreg.domain.fit import Verdict
from trustreg.registry.selectors import catalogue
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db

# Every bundled offering's verdict for every preset. A data change that flips one shows up here:
# update the table only after reading why the verdict changed.
EXPECTED = {
    "phi-hipaa": {
        "openai-api": "meets_after_steps", "azure-openai": "meets", "gemini-vertex": "meets_after_steps",
        "claude-vertex": "does_not_meet", "mistral-la-plateforme": "does_not_meet",
        "anthropic-api": "meets_after_steps", "claude-bedrock": "meets_after_steps",
        "llama-bedrock": "meets_after_steps", "mistral-azure": "meets", "nova-bedrock": "meets_after_steps",
        "llama-azure": "meets", "gemini-api": "unknown", "claude-foundry": "unknown",
        "llama-api": "does_not_meet", "xai-api": "unknown", "cohere-api": "does_not_meet",
        "deepseek-api": "unknown", "perplexity-sonar": "unknown",
    },
    "eu-personal-data": {
        "openai-api": "meets_after_steps", "azure-openai": "meets_after_steps", "gemini-vertex": "meets_after_steps",
        "claude-vertex": "meets_after_steps", "mistral-la-plateforme": "does_not_meet",
        "anthropic-api": "does_not_meet", "claude-bedrock": "meets_after_steps",
        "llama-bedrock": "meets_after_steps", "mistral-azure": "does_not_meet",
        "nova-bedrock": "meets_after_steps", "llama-azure": "does_not_meet", "gemini-api": "unknown",
        "claude-foundry": "does_not_meet", "llama-api": "does_not_meet", "xai-api": "does_not_meet",
        "cohere-api": "does_not_meet", "deepseek-api": "does_not_meet", "perplexity-sonar": "unknown",
    },
    "zero-retention": {
        "openai-api": "meets_after_steps", "azure-openai": "meets_after_steps", "gemini-vertex": "meets_after_steps",
        "claude-vertex": "unknown", "mistral-la-plateforme": "meets_after_steps",
        "anthropic-api": "meets_after_steps", "claude-bedrock": "does_not_meet",
        "llama-bedrock": "meets_after_steps", "mistral-azure": "does_not_meet",
        "nova-bedrock": "meets_after_steps", "llama-azure": "does_not_meet",
        "gemini-api": "meets_after_steps", "claude-foundry": "meets_after_steps", "llama-api": "does_not_meet",
        "xai-api": "meets_after_steps", "cohere-api": "meets_after_steps", "deepseek-api": "does_not_meet",
        "perplexity-sonar": "meets",
    },
    "no-training": {
        "openai-api": "meets", "azure-openai": "meets", "gemini-vertex": "meets",
        "claude-vertex": "meets", "mistral-la-plateforme": "does_not_meet", "anthropic-api": "meets",
        "claude-bedrock": "meets", "llama-bedrock": "meets", "mistral-azure": "meets",
        "nova-bedrock": "meets", "llama-azure": "meets", "gemini-api": "meets", "claude-foundry": "meets",
        "llama-api": "does_not_meet", "xai-api": "meets", "cohere-api": "does_not_meet",
        "deepseek-api": "unknown", "perplexity-sonar": "meets",
    },
    "eu-ai-act-ready": {
        "openai-api": "unknown", "azure-openai": "unknown", "gemini-vertex": "unknown",
        "claude-vertex": "unknown", "mistral-la-plateforme": "unknown", "anthropic-api": "unknown",
        "claude-bedrock": "unknown", "llama-bedrock": "does_not_meet", "mistral-azure": "unknown",
        "nova-bedrock": "unknown", "llama-azure": "does_not_meet", "gemini-api": "unknown",
        "claude-foundry": "unknown", "llama-api": "does_not_meet", "xai-api": "unknown",
        "cohere-api": "unknown", "deepseek-api": "unknown", "perplexity-sonar": "unknown",
    },
    "phi-eu-zero-retention": {
        "openai-api": "meets_after_steps", "azure-openai": "meets_after_steps", "gemini-vertex": "meets_after_steps",
        "claude-vertex": "does_not_meet", "mistral-la-plateforme": "does_not_meet",
        "anthropic-api": "does_not_meet", "claude-bedrock": "does_not_meet",
        "llama-bedrock": "meets_after_steps", "mistral-azure": "does_not_meet",
        "nova-bedrock": "meets_after_steps", "llama-azure": "does_not_meet", "gemini-api": "unknown",
        "claude-foundry": "does_not_meet", "llama-api": "does_not_meet", "xai-api": "does_not_meet",
        "cohere-api": "does_not_meet", "deepseek-api": "does_not_meet", "perplexity-sonar": "unknown",
    },
}


def test_every_preset_classifies_every_bundled_offering_as_pinned(loaded):
    cat = catalogue()
    got = {
        p.id: {row.offering.id: row.verdict.value for row in selectors.fit_view(p).rows}
        for p in profiles.presets(cat)
    }
    assert got == EXPECTED


def test_results_list_what_meets_first_and_every_offering_once(loaded):
    view = selectors.fit_view(profiles.preset("phi-eu-zero-retention", catalogue()))
    order = [selectors.VERDICT_ORDER.index(r.verdict) for r in view.rows]
    assert order == sorted(order)
    assert len({r.offering.id for r in view.rows}) == len(loaded.offerings)
    assert sum(n for _, n in view.counts) == len(view.rows)


def test_steps_for_a_configurable_cell_come_from_its_facts_in_the_data(loaded):
    view = selectors.fit_view(profiles.preset("eu-personal-data", catalogue()))
    azure = next(r for r in view.rows if r.offering.id == "azure-openai")
    residency = next(res for res in azure.fit.results if res.requirement.question == "data_residency")
    assert residency.verdict is Verdict.MEETS_AFTER_STEPS
    assert residency.steps == (
        "Configure it yourself: deploy the model as a DataZone EU deployment (or a Standard deployment "
        "in an EU region), not a Global one.",
    )


def test_expired_evidence_makes_a_yes_unknown_with_its_reason(loaded):
    view = selectors.fit_view(profiles.preset("zero-retention", catalogue()))
    azure = next(r for r in view.rows if r.offering.id == "azure-openai")
    (res,) = azure.fit.results
    if res.evidence.strength.value == "expired":
        assert res.verdict is Verdict.UNKNOWN
        assert "older than" in res.reason
    else:  # re-verified since: then it is the gated path with its steps and proof
        assert res.verdict is Verdict.MEETS_AFTER_STEPS
        assert any("ContentLogging=false" in s for s in res.steps)


def test_the_allow_list_holds_only_what_meets_and_carries_the_steps(loaded):
    view = selectors.fit_view(profiles.preset("eu-personal-data", catalogue()))
    doc = selectors.allow_list(view)
    allowed = {a["offering"] for a in doc["allow"]}
    denied = {d["offering"] for d in doc["deny"]}
    assert allowed | denied == {o.id for o in loaded.offerings}
    assert not allowed & denied
    assert allowed == {r.offering.id for r in view.with_verdict(Verdict.MEETS, Verdict.MEETS_AFTER_STEPS)}
    assert doc["profile"]["id"] == "eu-personal-data"


def test_the_registry_as_of_a_past_day_is_checked_as_it_was(loaded):
    import datetime as dt

    view = selectors.fit_view(profiles.preset("no-training", catalogue()), as_of=dt.date.today())
    assert view.as_of is not None
    assert len(view.rows) == len(loaded.offerings)


def test_a_retired_offering_is_left_out_of_the_fit_check_today_and_on_past_days(loaded):
    import datetime as dt

    registry_load(actor="test", retire_missing=True, bundle=replace(loaded, offerings=tuple(
        o for o in loaded.offerings if o.id != "azure-openai")))
    profile = profiles.preset("no-training", catalogue())
    for as_of in (None, dt.date.today()):
        view = selectors.fit_view(profile, as_of=as_of)
        assert "azure-openai" not in [r.offering.id for r in view.rows]
        assert len(view.rows) == len(loaded.offerings) - 1
        assert "azure-openai" not in {a["offering"] for a in selectors.allow_list(view)["allow"]}


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_the_fit_check_costs_the_same_queries_at_any_registry_size(loaded):
    profile = profiles.preset("phi-eu-zero-retention", catalogue())
    small = _queries(lambda: selectors.fit_view(profile))
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    extra = tuple(replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=100 + i) for i in range(30))
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings + extra))
    large = _queries(lambda: selectors.fit_view(profile))
    assert small == large == 7  # catalogue (2), offerings, cells, citations, annotations, quote states


def test_checking_several_profiles_at_once_gives_each_ones_own_check(loaded):
    from trustreg.buyers.profiles import presets
    from trustreg.buyers.selectors import fit_view, fit_views
    from trustreg.registry.selectors import catalogue

    profiles = presets(catalogue())
    assert len(profiles) > 1
    together = fit_views(profiles)
    for profile, view in zip(profiles, together, strict=True):
        alone = fit_view(profile)
        assert view.profile == profile and view.counts == alone.counts
        assert [(r.offering.id, r.verdict, r.fit.steps, [x.reason for x in r.fit.results]) for r in view.rows] == [
            (r.offering.id, r.verdict, r.fit.steps, [x.reason for x in r.fit.results]) for r in alone.rows]
