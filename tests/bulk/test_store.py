"""Where the bulk files live: a file of the current generation found by its name alone."""

from __future__ import annotations

import pytest

from trustreg.bulk import build, store

pytestmark = pytest.mark.django_db


def test_a_file_of_the_current_generation_is_found_without_reading_the_manifest(built, monkeypatch):
    expected = store.current().file(build.DATA_JSON)
    monkeypatch.setattr(store, "current", lambda: pytest.fail("the manifest was read"))
    assert store.current_path(build.DATA_JSON) == expected
    assert expected.is_file()


def test_no_current_file_before_the_first_build(settings, tmp_path):
    settings.TRUSTREG_BULK_DIR = str(tmp_path / "bulk")
    assert store.current_path(build.DATA_JSON) is None
