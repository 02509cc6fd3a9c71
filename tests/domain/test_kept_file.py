"""A kept copy read on its own (its text and the metadata beside it), validated as a load validates it."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from tests.conftest import DATA_DIR
from trustreg.domain.bundle.kept_file import is_excerpt, read_kept_copy
from trustreg.domain.bundle.records import BundleError

COPIES = sorted((DATA_DIR / "copies").glob("*.txt"))


def test_every_bundled_copy_reads_back_with_the_metadata_its_yaml_records():
    yaml = YAML(typ="safe")
    for path in COPIES:
        meta = yaml.load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        copy = read_kept_copy(path)
        assert copy is not None, path.name
        assert (copy.id, copy.url, copy.title, copy.publisher, copy.kind, copy.sha256) == (
            path.stem, meta["url"], meta["title"], meta["publisher"], meta["kind"], meta["sha256"])
        assert copy.retrieved.isoformat() == str(meta["retrieved"])
        assert is_excerpt(copy) == ("excerpt" in meta["obtained"].lower())


def test_a_text_file_without_metadata_beside_it_is_not_a_kept_copy(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("We do not train on your data.\n")
    assert read_kept_copy(path) is None


def _copy_to(tmp_path, name: str):
    source = DATA_DIR / "copies" / name
    for suffix in (".txt", ".yaml"):
        shutil.copy(source.with_suffix(suffix), tmp_path / (source.stem + suffix))
    return tmp_path / (source.stem + ".txt")


@settings(max_examples=20, deadline=None)
@given(extra=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_a_copy_whose_text_changed_is_refused_naming_its_metadata_and_the_hash(tmp_path_factory, extra):
    path = _copy_to(tmp_path_factory.mktemp("c"), COPIES[0].name)
    path.write_bytes(path.read_bytes() + extra.encode("utf-8"))
    with pytest.raises(BundleError) as exc:
        read_kept_copy(path)
    assert any(p.file.endswith(".yaml") and p.path == "sha256" for p in exc.value.problems)


def test_metadata_that_is_not_yaml_is_refused_with_its_file_named(tmp_path):
    path = _copy_to(tmp_path, COPIES[0].name)
    path.with_suffix(".yaml").write_text("url: [unclosed\n")
    with pytest.raises(BundleError, match=path.stem + r"\.yaml"):
        read_kept_copy(path)
