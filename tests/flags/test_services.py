import pytest

from trustreg.accounts.models import AuditEvent
from trustreg.domain.review_flags import read_review_flags
from trustreg.flags.models import Flag
from trustreg.flags.services import bundled_flags_raise, flag_raise

from ..conftest import DATA_DIR

pytestmark = pytest.mark.django_db


def test_raising_the_same_flag_twice_keeps_one_open_flag_and_one_audit_row(loaded):
    first, raised = flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key="k:1", title="A")
    again, raised_again = flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key="k:1", title="A")
    assert raised and not raised_again and first == again
    assert AuditEvent.objects.filter(action="flag.raise", target=f"flag:{first.pk}").count() == 1


def test_a_key_whose_flag_was_decided_can_be_raised_again(loaded):
    first, _ = flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key="k:2", title="A",
                          offering_id="azure-openai")
    Flag.objects.filter(pk=first.pk).update(status=Flag.Status.RESOLVED)
    second, raised = flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key="k:2", title="A")
    assert raised and second.pk != first.pk and second.status == Flag.Status.OPEN


def test_bundled_review_flags_are_raised_once_each_keyed_by_their_id(loaded):
    records = read_review_flags(DATA_DIR, loaded)
    assert records, "the bundled data has review flags"
    assert bundled_flags_raise(actor="test", flags=records) == len(records)
    assert bundled_flags_raise(actor="test", flags=records) == 0
    keys = set(Flag.objects.filter(status=Flag.Status.OPEN, kind=Flag.Kind.REVIEW).values_list("key", flat=True))
    assert keys >= {r.key for r in records}
