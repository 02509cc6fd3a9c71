"""One reading of Accept-Encoding for every compressed answer."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.codings import accepts


@pytest.mark.parametrize(("header", "br", "gzip"), [
    ("gzip, deflate, br, zstd", True, True),
    ("gzip", False, True),
    ("br;q=0, gzip", False, True),
    ("br;q=0.0,gzip;q=0", False, False),
    ("br;q=0.5", True, False),
    ("", False, False),
])
def test_a_coding_is_taken_when_named_and_refused_when_named_with_q_zero(header: str, br: bool, gzip: bool) -> None:
    assert (accepts("br", header), accepts("gzip", header)) == (br, gzip)


# No b, g, i, p or r: neither coding's name can be spelled, whatever else the header holds.
@given(st.text(alphabet="acdefhklmnoqstuvwxyz ,;=.0123456789*", max_size=60))
def test_a_header_that_names_neither_coding_takes_neither(header: str) -> None:
    assert not accepts("br", header) and not accepts("gzip", header)
