"""Reading a registry directory: what belongs where, size and encoding bounds, every problem named by file.

(The rules inside each record are tested in tests/domain/test_bundle.py, through the package.)
"""

import shutil
from pathlib import Path

import pytest

from trustreg.domain import copies as kept
from trustreg.domain import yamlio
from trustreg.domain.bundle import BundleError, parse_files, read_dir
from trustreg.domain.bundle.records import Problem

DATA = Path(__file__).resolve().parents[3] / "data" / "registry"


@pytest.fixture
def registry(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns("history"))
    return root


def problems(root):
    with pytest.raises(BundleError) as exc:
        read_dir(root)
    return [str(p) for p in exc.value.problems]


def test_a_copy_of_the_bundled_registry_reads_as_the_bundled_registry(registry, bundled):
    assert read_dir(registry) == bundled


def test_parties_and_offerings_come_back_in_a_fixed_order(bundled):
    assert [p.id for p in bundled.parties] == sorted(p.id for p in bundled.parties)
    keys = [(o.sort_order, o.id) for o in bundled.offerings]
    assert keys == sorted(keys)


def test_a_yaml_file_over_the_size_limit_is_refused_unread_and_named(registry):
    big = registry / "offerings" / "azure-openai.yaml"
    with big.open("ab") as fh:
        fh.write(b"#" * (yamlio.MAX_FILE_BYTES + 1))
    assert f"offerings/azure-openai.yaml: file is larger than {yamlio.MAX_FILE_BYTES} bytes" in problems(registry)


def test_a_kept_copy_over_its_size_limit_is_refused_and_named(registry):
    (registry / "copies" / "huge.txt").write_bytes(b"x" * (kept.MAX_COPY_BYTES + 1))
    assert f"copies/huge.txt: file is larger than {kept.MAX_COPY_BYTES} bytes" in problems(registry)


def test_a_file_that_is_not_utf8_is_refused_with_the_byte_that_broke_it(registry):
    path = registry / "parties" / "openai.yaml"
    path.write_bytes(b"id: openai\nname: Open\xffAI\n")
    assert "parties/openai.yaml: not UTF-8 text (invalid start byte at byte 21)" in problems(registry)


def test_a_kept_copy_that_is_not_utf8_is_refused_and_named(registry):
    (registry / "copies" / "latin1.txt").write_bytes("caf\u00e9".encode("latin-1"))
    found = problems(registry)
    assert any(p.startswith("copies/latin1.txt: not UTF-8 text (") for p in found), found


@pytest.mark.parametrize("entry", ["offerings/notes.md", "parties/extra.json", "offerings/nested/"])
def test_an_unexpected_entry_among_parties_or_offerings_is_a_problem(registry, entry):
    path = registry / entry
    path.mkdir() if entry.endswith("/") else path.write_text("id: x\n")
    assert f"{entry.rstrip('/')}: unexpected entry: only .yaml files belong here" in problems(registry)


@pytest.mark.parametrize("entry", ["copies/page.html", "copies/sub/"])
def test_an_unexpected_entry_among_kept_copies_is_a_problem(registry, entry):
    path = registry / entry
    path.mkdir() if entry.endswith("/") else path.write_text("<p>x</p>")
    assert (f"{entry.rstrip('/')}: unexpected entry: only <id>.yaml and <id>.txt belong here"
            in problems(registry))


def test_a_kept_copys_text_without_its_metadata_is_a_problem(registry):
    (registry / "copies" / "stray.txt").write_text("We never train on your data.")
    assert "copies/stray.txt: its metadata copies/stray.yaml is missing" in problems(registry)


def test_an_offering_file_must_be_named_after_its_id(registry):
    (registry / "offerings" / "azure-openai.yaml").rename(registry / "offerings" / "azure.yaml")
    found = problems(registry)
    assert "offerings/azure.yaml: id: 'azure-openai' must match the file name (azure.yaml)" in found


def test_a_scopes_key_written_into_a_file_is_an_unknown_field(registry):
    path = registry / "parties" / "openai.yaml"
    path.write_text(path.read_text() + "scopes: {}\n")
    found = problems(registry)
    assert any(p.startswith("parties/openai.yaml: scopes: unknown field (allowed: ") for p in found), found


def test_problems_in_several_files_are_all_reported_at_once(registry):
    (registry / "parties" / "openai.yaml").write_bytes(b"\xff")
    (registry / "offerings" / "notes.md").write_text("x")
    (registry / "copies" / "stray.txt").write_text("x")
    found = problems(registry)
    for file in ("parties/openai.yaml", "offerings/notes.md", "copies/stray.txt"):
        assert any(p.startswith(f"{file}: ") for p in found), (file, found)


def test_a_directory_that_is_not_there_is_a_problem_naming_it(tmp_path):
    assert problems(tmp_path / "missing") == [f"{tmp_path / 'missing'}: not a directory"]


def test_without_a_catalogue_nothing_else_is_read():
    with pytest.raises(BundleError) as exc:
        parse_files({"offerings/x.yaml": "id: x\n"})
    assert [str(p) for p in exc.value.problems] == ["dimensions.yaml: the dimension catalogue is missing"]


def test_a_catalogue_that_is_not_yaml_is_named_and_stops_the_read():
    with pytest.raises(BundleError) as exc:
        parse_files({"dimensions.yaml": "groups: [\n", "offerings/x.yaml": "id: [\n"})
    files = {p.file for p in exc.value.problems}
    assert "dimensions.yaml" in files


def test_duplicate_group_and_dimension_ids_and_slugs_are_named(registry):
    text = (registry / "dimensions.yaml").read_text()
    data = yamlio.load(text)
    data["groups"].append(dict(data["groups"][0]))
    data["dimensions"].append(dict(data["dimensions"][0]))
    (registry / "dimensions.yaml").write_text(yamlio.dump(data))
    group, dim = data["groups"][0]["id"], data["dimensions"][0]
    found = problems(registry)
    assert f"dimensions.yaml: groups: duplicate group id {group!r}" in found
    assert f"dimensions.yaml: dimensions: duplicate dimension id {dim['id']!r}" in found
    assert f"dimensions.yaml: dimensions: duplicate dimension slug {dim['slug']!r}" in found


def test_a_catalogue_with_no_dimensions_is_a_problem(registry):
    data = yamlio.load((registry / "dimensions.yaml").read_text())
    data["dimensions"] = []
    (registry / "dimensions.yaml").write_text(yamlio.dump(data))
    assert "dimensions.yaml: dimensions: the catalogue has no dimensions" in problems(registry)


def test_extra_problems_are_reported_with_the_files_own():
    extra = Problem("offerings/big.yaml", "", "file is larger than 1 bytes")
    with pytest.raises(BundleError) as exc:
        parse_files({}, extra_problems=[extra])
    assert extra in exc.value.problems
