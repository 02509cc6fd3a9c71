"""Inserting many rows in few statements: the same rows as bulk_create, fewer statements."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustreg import dbinsert
from trustreg.dbinsert import rows_insert, values_insert
from trustreg.evidence.models import Citation
from trustreg.outbox.models import OutboxEvent
from trustreg.registry.models import Cell, Dimension, Offering, Party, ResolvedGrade, Revision

pytestmark = pytest.mark.django_db

COLUMNS = ("holder", "dimension_id", "offering_id", "party_id", "before", "after", "kind", "reason",
           "author_name", "credit", "published_at")


# One fixed instant: two calls taking the clock could straddle a second and no longer compare equal.
AT = dt.datetime(2026, 11, 30, 12, 0, 0, 123456, tzinfo=dt.UTC)


def _revisions(n: int, tag: str) -> list[Revision]:
    at = AT
    return [
        Revision(holder=f"party:p{i}", dimension_id=Dimension.objects.order_by("id").first().id, party_id=None,
                 before=None if i % 2 else {"grade": "no", "facts": {"z": 1, "a": [1, "é"]}},
                 after={"grade": "yes_public", "notes": f"{tag} {i}", "verified": "2026-01-02"},
                 kind=Revision.Kind.EDITORIAL, reason=f"{tag} reason {i}", author_name="Ada", credit="",
                 published_at=at - dt.timedelta(days=i))
        for i in range(n)
    ]


def _read(ids: list[int]) -> list[tuple]:
    rows = {r[0]: r[1:] for r in Revision.objects.filter(pk__in=ids).values_list("pk", *COLUMNS)}
    return [rows[pk] for pk in ids]


def test_rows_inserted_read_back_exactly_as_bulk_create_writes_them(loaded):
    ours = rows_insert(Revision, _revisions(5, "same"))
    theirs = Revision.objects.bulk_create(_revisions(5, "same"))
    assert all(r.pk is not None and not r._state.adding for r in ours)
    assert _read([r.pk for r in ours]) == _read([r.pk for r in theirs])


def test_each_object_gets_the_id_of_its_own_row(loaded):
    revs = rows_insert(Revision, _revisions(7, "own"))
    assert [Revision.objects.get(pk=r.pk).reason for r in revs] == [f"own reason {i}" for i in range(7)]


def test_rows_with_natural_keys_are_inserted_under_those_keys(loaded):
    party = Party.objects.order_by("id").first()
    rows_insert(Offering, [Offering(id=f"new-{i}", name=f"New {i}", developer=party, platform=party,
                                    category="api", sort_order=i) for i in range(3)])
    assert list(Offering.objects.filter(id__startswith="new-").order_by("id").values_list("name", flat=True)) == [
        "New 0", "New 1", "New 2"]


def test_a_batch_larger_than_one_statement_is_split_and_every_row_arrives(loaded, monkeypatch):
    monkeypatch.setattr(dbinsert, "MAX_ROWS", 3)
    with CaptureQueriesContext(connection) as ctx:
        revs = rows_insert(Revision, _revisions(7, "split"))
    assert sum(q["sql"].startswith("INSERT") for q in ctx.captured_queries) == 3
    assert len({r.pk for r in revs}) == 7 and Revision.objects.filter(reason__startswith="split").count() == 7


def test_a_registry_of_any_size_is_inserted_in_statements_as_large_as_the_database_takes(loaded):
    with CaptureQueriesContext(connection) as ctx:
        rows_insert(Revision, _revisions(600, "big"))
    per_statement = dbinsert.max_params(connection) // len(
        [f for f in Revision._meta.local_concrete_fields if f is not Revision._meta.pk])
    assert sum(q["sql"].startswith("INSERT") for q in ctx.captured_queries) == -(-600 // min(per_statement, 2000))


def test_rows_some_with_a_key_and_some_without_are_refused(loaded):
    party = Party.objects.order_by("id").first()
    rows = [Offering(id="keyed", name="K", developer=party, platform=party, category="api"),
            Offering(name="Unkeyed", developer=party, platform=party, category="api")]
    rows[1].id = None
    with pytest.raises(ValueError, match="some registry.Offering rows have a primary key and some have none"):
        rows_insert(Offering, rows)


def test_values_are_inserted_without_model_objects_and_read_back(loaded):
    offering = Offering.objects.order_by("id").first()
    dim = Dimension.objects.order_by("id").first()
    ResolvedGrade.objects.filter(offering=offering, dimension=dim).delete()
    values_insert(ResolvedGrade, ("offering_id", "dimension_id", "grade", "grade_rank", "origin", "strength",
                                  "strength_rank", "why", "confidence", "verified", "expires_on", "backed", "quoted",
                                  "fit_key"),
                  [(offering.id, dim.id, "no", 6, "offering", "no_source", 3, "why", "", dt.date(2026, 1, 2), None,
                    False, False, "")])
    row = ResolvedGrade.objects.get(offering=offering, dimension=dim)
    assert (row.grade, row.grade_rank, row.verified, row.expires_on) == ("no", 6, dt.date(2026, 1, 2), None)


def test_values_for_a_field_the_model_lacks_or_of_the_wrong_length_are_refused(loaded):
    with pytest.raises(ValueError, match="registry.ResolvedGrade has no field 'colour'"):
        values_insert(ResolvedGrade, ("colour",), [("red",)])
    with pytest.raises(ValueError, match="a registry.ResolvedGrade row has 1 values for 2 fields"):
        values_insert(ResolvedGrade, ("grade", "why"), [("no",)])


def test_rows_sharing_one_datetime_and_rows_alternating_between_two_read_back_as_bulk_create_writes_them(loaded):
    def stamped(tag: str) -> list[Revision]:
        revs = _revisions(6, tag)
        one, other = revs[0].published_at, revs[1].published_at
        for i, r in enumerate(revs):
            r.published_at = one if i < 3 or i % 2 else other  # the prepared value is kept only while it repeats
        return revs

    ours, theirs = rows_insert(Revision, stamped("dates")), Revision.objects.bulk_create(stamped("dates"))
    assert _read([r.pk for r in ours]) == _read([r.pk for r in theirs])
    assert len({r.published_at for r in Revision.objects.filter(pk__in=[r.pk for r in ours])}) == 2



@pytest.mark.filterwarnings("ignore:DateTimeField Revision.published_at received a naive datetime")
def test_equal_datetimes_in_other_objects_and_zones_read_back_as_bulk_create_writes_them(loaded):
    def stamped(tag: str) -> list[Revision]:
        revs = _revisions(4, tag)
        at = revs[0].published_at
        shifted = at.astimezone(dt.timezone(dt.timedelta(hours=2)))  # the same instant in another zone
        for r, when in zip(revs, [at, at.replace(), shifted, at.replace(tzinfo=None)], strict=True):
            r.published_at = when
        return revs

    ours, theirs = rows_insert(Revision, stamped("equal")), Revision.objects.bulk_create(stamped("equal"))
    assert _read([r.pk for r in ours]) == _read([r.pk for r in theirs])


def test_rows_inserted_while_queries_are_logged_read_back_as_those_inserted_unlogged(loaded):
    # Unlogged, SQLite takes the statement with ``?`` placeholders straight to its cursor; logged (a
    # test counting queries), Django's own path: both write the same rows.
    plain = rows_insert(Revision, _revisions(9, "same"))
    with CaptureQueriesContext(connection) as ctx:
        logged = rows_insert(Revision, _revisions(9, "same"))
    assert sum(q["sql"].startswith("INSERT") for q in ctx.captured_queries) == 1
    assert _read([r.pk for r in plain]) == _read([r.pk for r in logged])


def test_a_row_the_database_refuses_raises_djangos_integrity_error_on_either_path(loaded):
    from django.db import IntegrityError, transaction

    party = Party.objects.order_by("id").first()
    for logged in (False, True):
        row = Offering(id=f"dup-{logged}", name="D", developer=party, platform=party, category="api")
        rows_insert(Offering, [row])
        twin = Offering(id=row.id, name="D", developer=party, platform=party, category="api")
        with pytest.raises(IntegrityError), transaction.atomic():
            if logged:
                with CaptureQueriesContext(connection):
                    rows_insert(Offering, [twin])
            else:
                rows_insert(Offering, [twin])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize("field", [Revision._meta.get_field("after"), OutboxEvent._meta.get_field("payload"),
                                   Cell._meta.get_field("facts")], ids=lambda f: f"{f.model.__name__}.{f.name}")
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES)
def test_a_json_value_is_sent_as_the_field_itself_prepares_it(field, value):
    prep = dbinsert._preparer(field)
    fast = dbinsert._json_preparer(field, connection, prep) or prep
    assert _sent(fast(value, connection)) == _sent(field.get_db_prep_save(value, connection))


def _sent(prepared):  # noqa: ANN001, ANN202
    return getattr(prepared, "obj", prepared)  # psycopg's JSON wrappers (PostgreSQL) hold the value


def test_json_is_sent_straight_to_the_encoder_only_where_the_database_keeps_it_as_text():
    field = Revision._meta.get_field("after")
    fast = dbinsert._json_preparer(field, connection, dbinsert._preparer(field))
    assert (fast is not None) == (connection.vendor == "sqlite")


def _fields(obj):  # noqa: ANN001, ANN202
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_an_unsaved_object_holds_what_the_models_own_constructor_gives_it(loaded):
    at = AT
    cases = [
        (Cell, {"dimension_id": "hipaa-baa", "offering_id": "o1", "grade": "yes_public", "facts": {"b": 1, "a": 2},
                "updated_at": at}),
        (Cell, {"dimension_id": "hipaa-baa", "party_id": "p1"}),
        (Citation, {"cell_id": 3, "source_id": 4, "quote": "q", "role": "supports", "primary": True, "position": 2,
                    "snapshot_id": None}),
        (Revision, {"holder": "party:p", "dimension_id": "d", "after": {"grade": "no"}, "published_at": at}),
    ]
    for model, values in cases:
        ours, theirs = dbinsert.unsaved(model, dict(values)), model(**values)
        assert _fields(ours) == _fields(theirs) and ours.pk is None and ours._state.adding
    assert dbinsert.unsaved(Cell, {})._meta.get_field("facts").get_default() == {}  # a fresh default each time
    assert dbinsert.unsaved(Cell, {}).facts is not dbinsert.unsaved(Cell, {}).facts


def test_an_unsaved_object_of_a_field_the_model_lacks_is_refused(loaded):
    with pytest.raises(TypeError, match="registry.Cell has no field 'colour'"):
        dbinsert.unsaved(Cell, {"colour": "red"})
