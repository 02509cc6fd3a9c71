"""Each offering's fit inputs in one narrow row, written beside its stored grades."""

import pytest

from trustreg.domain.fitkeys import weak_from
from trustreg.registry.fitvectors import COLUMNS, slots
from trustreg.registry.models import FIT_SLOTS, FitInput, FitVector, Offering, ResolvedGrade
from trustreg.registry.resolved import resolved_grades_refresh
from trustreg.registry.selectors import catalogue
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def test_every_offering_has_one_vector_naming_its_stored_grades_inputs_and_weak_days_by_slot(loaded):
    where = slots(catalogue())
    assert where and max(where.values()) < FIT_SLOTS
    ids = dict(FitInput.objects.values_list("key", "id"))
    stored = {(o, d): (k, s, e) for o, d, k, s, e in ResolvedGrade.objects.values_list(
        "offering_id", "dimension_id", "fit_key", "strength", "expires_on")}
    vectors = {v.offering_id: v for v in FitVector.objects.all()}
    assert set(vectors) == set(Offering.objects.values_list("id", flat=True))
    for o in Offering.objects.all():
        v = vectors[o.id]
        assert (v.listed, v.sort_order) == (o.retired_at is None, o.sort_order)
        for dimension_id, k in where.items():
            key, strength, expires = stored[(o.id, dimension_id)]
            assert getattr(v, f"i{k}") == ids[key]
            assert getattr(v, f"w{k}") == weak_from(strength, expires)
        assert all(getattr(v, f"i{k}") is None for k in range(len(where), FIT_SLOTS))


def test_a_reload_that_changes_nothing_rewrites_no_vector(loaded):
    before = list(FitVector.objects.order_by("offering_id").values_list("offering_id", *COLUMNS))
    registry_load(actor="test", bundle=loaded)
    assert resolved_grades_refresh() == 0
    assert list(FitVector.objects.order_by("offering_id").values_list("offering_id", *COLUMNS)) == before


def test_a_retired_offering_keeps_its_vector_unlisted(loaded):
    from trustreg.domain.fieldtypes import replace

    gone = loaded.offerings[0].id
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings[1:]), retire_missing=True)
    assert FitVector.objects.get(offering_id=gone).listed is False
    assert FitVector.objects.filter(listed=True).count() == len(loaded.offerings) - 1
