"""Static files: hashed and compressed after collectstatic, as named before it (``trustreg.site.staticstorage``)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from django.core.management import call_command
from django.test import Client

from trustreg.site import staticstorage

SOURCE = Path(staticstorage.__file__).parent / "static" / "site" / "site.css"


def stylesheet_url() -> str:
    """Where ``{% static 'site/site.css' %}`` links the stylesheet."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    return str(staticfiles_storage.url("site/site.css"))


@pytest.fixture
def collected(settings, tmp_path):  # noqa: ANN001 - pytest fixtures
    """What `make run` does first: collectstatic (of the site's folder alone: brotli at WhiteNoise's
    quality takes seconds over every app's files)."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATICFILES_DIRS = [SOURCE.parent.parent]
    call_command("collectstatic", interactive=False, verbosity=0)
    assert staticstorage.collected(settings.STATIC_ROOT)
    settings.WHITENOISE_USE_FINDERS = False  # what the settings choose once the manifest is there
    return settings.STATIC_ROOT


def test_after_collectstatic_the_stylesheet_is_linked_by_its_hash_and_sent_compressed_for_good(collected):
    client = Client()
    url = stylesheet_url()
    assert re.fullmatch(r"/static/site/site\.[0-9a-f]{12}\.css", url)
    for accepted, coding, unpack in (("gzip, deflate, br, zstd", "br", brotli.decompress),
                                     ("gzip", "gzip", gzip.decompress)):
        answer = client.get(url, headers={"Accept-Encoding": accepted})
        assert answer.status_code == 200 and answer["Content-Encoding"] == coding
        body = b"".join(answer.streaming_content)
        assert unpack(body) == SOURCE.read_bytes() and int(answer["Content-Length"]) == len(body)
        assert "immutable" in answer["Cache-Control"] and "Accept-Encoding" in answer["Vary"]
    plain = client.get(url)
    assert "Content-Encoding" not in plain and b"".join(plain.streaming_content) == SOURCE.read_bytes()


def test_before_any_collection_the_stylesheet_is_linked_and_served_by_its_own_name(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "empty"
    settings.WHITENOISE_USE_FINDERS = True
    assert not staticstorage.collected(settings.STATIC_ROOT)
    url = stylesheet_url()
    assert url == "/static/site/site.css"
    answer = Client().get(url, headers={"Accept-Encoding": "br"})
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == SOURCE.read_bytes()


@pytest.mark.parametrize("accepted", ["gzip;q=0, br;q=0", "br;q=0, gzip", "br;q=0", "*", "*;q=0", "GZIP", "BR",
                                      "x-gzip", "br;q=-1", "gzip;q=abc", "identity", "", "br;q=0.5, gzip;q=0.9"])
def test_a_stylesheet_is_sent_in_the_coding_the_one_rule_picks_never_one_the_client_refused(collected, accepted):
    from trustreg.domain import codings

    answer = Client().get(stylesheet_url(), headers={"Accept-Encoding": accepted})
    body = b"".join(answer.streaming_content)
    chosen = codings.choose(accepted)
    assert answer.status_code == 200 and answer.get("Content-Encoding", codings.IDENTITY) == chosen, accepted
    unpack = {"br": brotli.decompress, "gzip": gzip.decompress}.get(chosen, lambda b: b)
    assert unpack(body) == SOURCE.read_bytes() and "Accept-Encoding" in answer["Vary"]
