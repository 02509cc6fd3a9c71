"""One write core for cells: a load and a publish write the same rows, and citations that stay keep
their ids, quote checks and the kept copy a person linked to them."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.kept_helpers import CELL
from tests.resolved_helpers import assert_stored_equals_recomputed
from trustreg.domain.bundle import Bundle
from trustreg.domain.cells import CellRecord
from trustreg.domain.fieldtypes import replace
from trustreg.domain.grades import Grade
from trustreg.evidence.models import Citation, QuoteCheck
from trustreg.evidence.services import snapshot_add
from trustreg.registry.cellwrite import CellChange, cells_write
from trustreg.registry.models import Annotation, Cell, ResolvedGrade, Revision
from trustreg.registry.publish import Holder, cell_publish, current_record
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db

AZURE = Holder("offering", "azure-openai")


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import User

    return User.objects.create_user("rita", first_name="Rita", last_name="Quinn")


def with_cell(bundle: Bundle, record: CellRecord) -> Bundle:
    azure = next(o for o in bundle.offerings if o.id == AZURE.id)
    azure = replace(azure, cells={**azure.cells, CELL: record})
    return replace(bundle, offerings=tuple(azure if o.id == azure.id else o for o in bundle.offerings))


def cell_of(bundle: Bundle) -> CellRecord:
    return next(o for o in bundle.offerings if o.id == AZURE.id).cells[CELL]


def rows_of(holder: Holder, dimension_id: str) -> dict:
    """Every stored row of one cell, ids and links included (only the write time left out)."""
    cell = Cell.objects.get(dimension_id=dimension_id, **holder.filter())
    columns = {f.attname: getattr(cell, f.attname) for f in Cell._meta.concrete_fields if f.name != "updated_at"}
    citations = list(Citation.objects.filter(cell=cell).order_by("position", "id").values(
        "id", "source__url", "quote", "role", "primary", "position", "snapshot_id"))
    annotations = list(Annotation.objects.filter(cell=cell).order_by("position", "id").values(
        "date", "decision", "reason", "author", "position"))
    return {"cell": columns, "citations": citations, "annotations": annotations}


def quoted(record: CellRecord) -> int:
    """The position of the record's first primary source with a quote."""
    return next(i for i, s in enumerate(record.sources) if s.primary and s.quote)


def uncopied(bundle: Bundle) -> Bundle:
    """The bundle with the cell's sources naming no bundled copy (their kept copies come later)."""
    record = cell_of(bundle)
    return with_cell(bundle, replace(record, sources=tuple(replace(s, copy=None) for s in record.sources)))


def test_a_kept_copy_linked_to_a_citation_survives_reloading_the_same_data(bundled, reviewer):
    data = uncopied(bundled)
    registry_load(actor="test", bundle=data)
    record = cell_of(data)
    pos = quoted(record)
    cited = Citation.objects.get(cell__offering_id=AZURE.id, cell__dimension_id=CELL, position=pos)
    assert cited.snapshot_id is None
    pasted = snapshot_add(actor=reviewer, source=cited.source, text=f"Kept as found: {record.sources[pos].quote}")
    # A reviewer re-verifies the cell against the pasted copy: the citation now points at it.
    cell_publish(actor=reviewer, holder=AZURE, dimension_id=CELL, record=replace(record, notes="Re-verified."),
                 kind=Revision.Kind.REVERIFIED, reason="checked the copy", snapshots={pos: pasted.pk})
    cited.refresh_from_db()
    assert cited.snapshot_id == pasted.pk
    checks = QuoteCheck.objects.filter(citation=cited).count()
    assert checks == 1

    report = registry_load(actor="test", bundle=data)  # the same data files again

    assert report.updated == 1  # the published notes are put back as the files hold them
    assert current_record(AZURE, CELL) == record
    again = Citation.objects.get(cell__offering_id=AZURE.id, cell__dimension_id=CELL, position=pos)
    assert (again.pk, again.snapshot_id) == (cited.pk, pasted.pk)
    assert QuoteCheck.objects.filter(citation=again).count() == checks


def test_a_citation_whose_quote_changes_is_a_new_citation_without_the_old_link(bundled, reviewer):
    data = uncopied(bundled)
    registry_load(actor="test", bundle=data)
    record = cell_of(data)
    pos = quoted(record)
    cited = Citation.objects.get(cell__offering_id=AZURE.id, cell__dimension_id=CELL, position=pos)
    pasted = snapshot_add(actor=reviewer, source=cited.source, text=f"Kept: {record.sources[pos].quote}")
    cell_publish(actor=reviewer, holder=AZURE, dimension_id=CELL, record=replace(record, notes="Checked."),
                 kind=Revision.Kind.REVERIFIED, reason="checked", snapshots={pos: pasted.pk})
    sources = tuple(replace(s, quote="Kept") if i == pos else s for i, s in enumerate(record.sources))
    registry_load(actor="test", bundle=with_cell(data, replace(record, sources=sources)))
    now = Citation.objects.get(cell__offering_id=AZURE.id, cell__dimension_id=CELL, position=pos)
    assert now.pk != cited.pk and now.snapshot_id is None
    assert not Citation.objects.filter(pk=cited.pk).exists()


def test_a_citation_naming_a_bundled_copy_follows_the_data_file(loaded, reviewer):
    record = cell_of(loaded)
    pos = next(i for i, s in enumerate(record.sources) if s.copy and s.quote)
    cited = Citation.objects.get(cell__offering_id=AZURE.id, cell__dimension_id=CELL, position=pos)
    bundled_copy = cited.snapshot_id
    pasted = snapshot_add(actor=reviewer, source=cited.source, text=f"Kept: {record.sources[pos].quote}")
    cell_publish(actor=reviewer, holder=AZURE, dimension_id=CELL, record=replace(record, notes="Checked."),
                 kind=Revision.Kind.REVERIFIED, reason="checked", snapshots={pos: pasted.pk})
    cited.refresh_from_db()
    assert cited.snapshot_id == pasted.pk
    registry_load(actor="test", bundle=loaded)
    cited.refresh_from_db()
    assert cited.snapshot_id == bundled_copy  # the file names its copy: the registry holds what it says
    assert current_record(AZURE, CELL) == record


def test_publishing_and_loading_the_same_record_write_identical_rows(bundled):
    target = cell_of(bundled)
    # The base cites the sources without naming their kept copies; the change names them, reverses
    # the sources and edits the notes: matched, relinked and moved citations all at once.
    base = uncopied(bundled)
    changed = replace(target, notes=f"{target.notes} Checked again.", sources=tuple(reversed(target.sources)))
    assert any(s.copy for s in changed.sources) and len(changed.sources) > 1

    registry_load(actor="test", bundle=base)
    cell_publish(actor="test", holder=AZURE, dimension_id=CELL, record=changed, kind=Revision.Kind.EDITORIAL,
                 reason="by publishing")
    published = rows_of(AZURE, CELL)
    registry_load(actor="test", bundle=base)
    assert rows_of(AZURE, CELL) != published
    registry_load(actor="test", bundle=with_cell(base, changed), reason="by loading")
    loaded_rows = rows_of(AZURE, CELL)

    assert loaded_rows == published
    linked = [c["quote"] for c in published["citations"] if c["snapshot_id"] is not None]
    assert linked == [s.quote for s in changed.sources if s.copy]
    assert current_record(AZURE, CELL) == changed


def test_publish_and_load_record_the_same_revision_byline_for_the_same_actor(loaded, reviewer):
    record = cell_of(loaded)
    cell_publish(actor=reviewer, holder=AZURE, dimension_id=CELL, record=replace(record, notes="x"),
                 kind=Revision.Kind.EDITORIAL, reason="published")
    registry_load(actor=reviewer, bundle=loaded, reason="loaded")
    published, reloaded = Revision.objects.filter(holder=str(AZURE), dimension_id=CELL).order_by("-id")[:2][::-1]
    assert published.author_name == reloaded.author_name
    assert reviewer.get_username() not in reloaded.author_name


def stored_grade(holder: Holder, dimension_id: str) -> str:
    return ResolvedGrade.objects.get(offering_id=holder.id, dimension_id=dimension_id).grade


def other_grade(record: CellRecord) -> str:
    return next(g.value for g in (Grade.NO_PUBLIC_EVIDENCE, Grade.PARTIAL) if g.value != record.grade)


def test_writing_through_the_core_refreshes_the_stored_grade_it_moves(loaded):
    row = Cell.objects.get(dimension_id=CELL, **AZURE.filter())
    record = current_record(AZURE, CELL)
    assert isinstance(record, CellRecord)
    grade = other_grade(record)
    with transaction.atomic():
        cells_write(changes=[CellChange(("offering", AZURE.id, CELL), replace(record, grade=grade), row)])
        assert stored_grade(AZURE, CELL) == grade  # in the writer's own transaction
    assert_stored_equals_recomputed()


def test_a_publish_and_a_load_both_refresh_the_stored_grade(loaded):
    record = cell_of(loaded)
    published, reloaded = other_grade(record), record.grade
    cell_publish(actor="test", holder=AZURE, dimension_id=CELL, record=replace(record, grade=published),
                 kind=Revision.Kind.EDITORIAL, reason="by publishing")
    assert stored_grade(AZURE, CELL) == published
    registry_load(actor="test", bundle=loaded, reason="by loading")
    assert stored_grade(AZURE, CELL) == reloaded
    assert_stored_equals_recomputed()


def test_a_write_that_rolls_back_leaves_the_stored_grade_as_it_was(loaded):
    record = cell_of(loaded)
    with pytest.raises(RuntimeError), transaction.atomic():
        cell_publish(actor="test", holder=AZURE, dimension_id=CELL, record=replace(record, grade=other_grade(record)),
                     kind=Revision.Kind.EDITORIAL, reason="rolled back")
        raise RuntimeError("the caller's transaction fails after the write")
    assert stored_grade(AZURE, CELL) == record.grade


@pytest.mark.parametrize("key", [("offering", "azure-openai", CELL), ("party", "microsoft", CELL)])
def test_a_revision_by_no_account_is_the_revision_keyword_arguments_build(key, reviewer):
    """Built from its columns in field order (a load's revisions) or by keyword (an account's): the same row."""
    from django.utils import timezone

    from trustreg.registry.cellwrite import revision_new

    at = timezone.now()
    by_columns = revision_new(key, None, {"grade": "yes"}, actor="cli:load", reason="r", kind="editorial",
                              at=at, credit="c" * 300)
    by_keyword = Revision(holder=f"{key[0]}:{key[1]}", dimension_id=key[2],
                          offering_id=key[1] if key[0] == "offering" else None,
                          party_id=key[1] if key[0] == "party" else None, before=None, after={"grade": "yes"},
                          kind="editorial", reason="r", author=None, author_name="cli:load", reviewer=None,
                          credit="c" * 200, published_at=at)
    fields = [f.attname for f in Revision._meta.concrete_fields]
    assert [getattr(by_columns, f) for f in fields] == [getattr(by_keyword, f) for f in fields]
    assert by_columns._state.adding and by_columns.pk is None
    with_account = revision_new(key, None, None, actor=reviewer, reason="r", kind="editorial", at=at)
    assert (with_account.author, with_account.author_name) == (reviewer, "Rita Quinn")
