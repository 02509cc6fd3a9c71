"""The fit data files read from a directory, with every problem naming its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustreg.domain import fitfiles
from trustreg.domain.bundle import read_dir
from trustreg.domain.fit import ProfileError

ROOT = Path(__file__).resolve().parents[2]
FIT = ROOT / "data" / "fit"


@pytest.fixture(scope="module")
def catalogue():
    return read_dir(ROOT / "data" / "registry").catalogue


def test_the_bundled_presets_and_steps_read_from_their_directory(catalogue):
    presets = fitfiles.presets(FIT, catalogue)
    assert presets and all(p.requirements for p in presets)
    assert fitfiles.preset(FIT, presets[0].id, catalogue) == presets[0]
    assert fitfiles.preset(FIT, "no-such-preset", catalogue) is None
    assert fitfiles.step_catalogue(FIT).order


def test_a_profile_file_too_big_is_refused_naming_the_file(tmp_path, catalogue):
    big = tmp_path / "profile.yaml"
    big.write_text("#" * (fitfiles.MAX_PROFILE_BYTES + 1))
    with pytest.raises(ProfileError, match="profile.yaml: .* the limit is"):
        fitfiles.read_profile_file(big, catalogue)


def test_a_presets_file_that_is_not_a_list_is_refused_naming_the_file(tmp_path, catalogue):
    (tmp_path / "presets.yaml").write_text("a: 1\n")
    with pytest.raises(ProfileError, match="presets.yaml: expected a list"):
        fitfiles.presets(tmp_path, catalogue)
