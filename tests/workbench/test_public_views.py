"""The public corrections pages (``trustreg.workbench.public_views``): the form answers HEAD as GET."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_head_answers_the_public_correction_form_as_get_does_without_a_body(loaded, client):
    url = "/offerings/azure-openai/cells/soc2_type2/correction/"
    got, head = client.get(url), client.head(url)
    assert got.status_code == head.status_code == 200 and head.content == b""
