"""Informational questions in the database: shown apart, never watch-outs, never in data.json."""

from __future__ import annotations

import pytest

from tests.domain.test_bundle import files_of
from tests.domain.test_informational import with_controls
from trustreg.domain.bundle import parse_files
from trustreg.registry import index as registry_index
from trustreg.registry import selectors
from trustreg.registry.datajson import export_document
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_info():
    bundle = parse_files(with_controls(files_of()))
    registry_load(actor="test", bundle=bundle)
    return bundle


def test_an_inherited_informational_cell_shows_in_its_own_group_and_is_no_watch_out(with_info):
    view = selectors.offering_view("azure-openai")
    group = next(g for g in view.info_groups if g.id == "controls_test")
    assert [c.dimension.id for c in group.cells] == ["private_networking_test"]
    assert len(view.cells) == 11
    assert all(c.dimension.id != "private_networking_test" for c in view.watchouts + view.not_reviewed)
    assert len(view.watchouts) == 2  # the seed's two, unchanged by the informational cell


def test_data_json_and_the_index_keep_to_the_eleven(with_info):
    doc = export_document()
    assert "private_networking_test" not in doc["dimensions"]
    assert all("private_networking_test" not in o["dimensions"] for o in doc["offerings"])
    index_view = registry_index.index_view()
    assert all(len(r.cells) == 11 for r in index_view.rows)


def test_the_catalogue_read_back_from_the_database_keeps_the_group_informational(with_info):
    cat = selectors.catalogue()
    assert "private_networking_test" in [d.id for d in cat.informational]
    assert next(g for g in cat.groups if g.id == "controls_test").informational
    assert selectors.bundle_from_db() == with_info


def test_the_offering_page_shows_informational_cells_apart_from_the_watch_outs(client, with_info):
    body = client.get("/offerings/azure-openai/").content.decode()
    assert "informational: never a watch-out" in body
    assert 'id="private_networking_test"' in body
    assert "Watch-outs 2" in body
