"""Each requirement is decided once per projection of its question's inputs, not per input."""

import pytest

from trustreg.buyers import fitgroups, fitpage, profiles
from trustreg.domain import fitkeys
from trustreg.registry.models import FitInput
from trustreg.registry.selectors import catalogue

pytestmark = pytest.mark.django_db
ASKED = {"r_hipaa_baa": "any", "r_retention_zdr": "any", "max_days": "30"}


@pytest.fixture
def counted(monkeypatch):  # noqa: ANN001, ANN201 - pytest fixtures
    calls = []
    real = fitkeys.verdict_of

    def verdict_of(*args):  # noqa: ANN002, ANN202
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(fitgroups, "verdict_of", verdict_of)
    monkeypatch.setattr(fitgroups, "_VERDICTS", {})
    return calls


def test_the_rule_runs_once_per_projection_fewer_times_than_there_are_distinct_inputs(loaded, counted):
    profile = profiles.profile_from_query(ASKED, catalogue()).profile
    fitpage.fit_page(profile)
    decided = [(req.question, fitkeys.columns_of(inputs)) for req, _, inputs, _ in counted]
    inputs = FitInput.objects.filter(dimension_id__in=["hipaa_baa", "retention_zdr"]).count()
    assert 0 < len(decided) < inputs
    # inputs that differ only in facts no test names (the HIPAA question's) are one projection
    hipaa = [(c.grade, c.record, c.qualifiers) for q, c in decided if q == "hipaa_baa"]
    assert len(hipaa) == len(set(hipaa))


def test_a_profile_asked_again_runs_the_rule_on_nothing(loaded, counted):
    profile = profiles.profile_from_query(ASKED, catalogue()).profile
    first = fitpage.fit_page(profile)
    decided = len(counted)
    again = fitpage.fit_page(profile)
    assert decided and len(counted) == decided
    assert again.counts == first.counts and [r.offering.id for r in again.rows] == [r.offering.id for r in first.rows]
