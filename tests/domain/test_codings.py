"""One reading of Accept-Encoding for every compressed answer (RFC 9110 §12.5.3)."""

from __future__ import annotations

import gzip

import brotli
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.codings import CODINGS, IDENTITY, choose, compress, weights


@pytest.mark.parametrize(("header", "chosen"), [
    ("gzip, deflate, br, zstd", "br"),
    ("gzip", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("br;q=0.0,gzip;q=0", IDENTITY),
    ("gzip;q=0, br;q=0", IDENTITY),
    ("br;q=0.5", "br"),
    ("gzip;q=1, br;q=0.5", "gzip"),  # the client's weights first
    ("gzip;q=0.8, br;q=0.8", "br"),  # then the server's order
    ("GZIP", "gzip"), ("Br ; Q=1", "br"), ("x-gzip", "gzip"),  # names and the q are case-insensitive
    ("*", "br"), ("*;q=0.1, br;q=0", "gzip"), ("*;q=0", IDENTITY), ("identity;q=0, *;q=0", IDENTITY),
    ("identity", IDENTITY), ("deflate", IDENTITY), ("", IDENTITY),
    ("brotli-ish, xgzip, gzip2", IDENTITY),
    ("gzip;q=2, br;q=abc, br;q=0.5000", IDENTITY),  # malformed weights grant nothing
    ("gzip, gzip;q=0", IDENTITY),  # named twice: the refusal holds
    (None, IDENTITY),  # no header at all: the text as it is (see the module's note)
])
def test_the_chosen_coding_follows_the_clients_weights_then_brotli_before_gzip(header, chosen):
    assert choose(header) == chosen


def test_only_what_the_server_offers_is_chosen():
    assert choose("br, gzip", ("gzip",)) == "gzip" and choose("br", ("gzip",)) == IDENTITY


def test_a_long_header_is_cut_after_a_whole_element_and_a_refusal_is_never_read_as_a_grant():
    assert choose("x" * 1010 + ", br;q=0") == IDENTITY
    assert choose("deflate, " * 200 + "gzip") == IDENTITY  # past the elements read


# No b, g, i, p, r or *: neither coding's name can be spelled, whatever else the header holds.
@given(st.text(alphabet="acdefhklmnoqstuvwxyz ,;=.0123456789", max_size=60))
def test_a_header_that_names_neither_coding_takes_neither(header: str) -> None:
    assert choose(header) == IDENTITY


NAMES = st.sampled_from(["br", "gzip", "identity", "deflate", "zstd", "*"])
QVALUES = st.one_of(st.none(), st.sampled_from(["0", "0.0", "0.000", "0.5", "0.25", "0.001", "1", "1.0", "1.000"]))


@st.composite
def headers(draw: st.DrawFn) -> tuple[str, dict[str, float]]:
    """An Accept-Encoding value as clients write it (any case, spaces around separators), and the
    weights it means."""
    named = draw(st.dictionaries(NAMES, QVALUES, max_size=6))
    elements = []
    for name, q in named.items():
        spelled = "".join(c.upper() if draw(st.booleans()) else c for c in name)
        space = draw(st.sampled_from(["", " ", "  "]))
        q_name = draw(st.sampled_from(["q", "Q"]))
        elements.append(spelled if q is None else f"{spelled}{space};{space}{q_name}={q}")
    text = draw(st.sampled_from([",", ", ", " ,"])).join(elements)
    return text, {name: 1.0 if q is None else float(q) for name, q in named.items()}


@given(headers())
def test_every_header_reads_as_the_weights_it_was_written_with(header: tuple[str, dict[str, float]]) -> None:
    text, meant = header
    assert weights(text) == meant


@given(headers())
def test_the_choice_is_the_best_weighed_offered_coding_or_the_text_as_it_is(header: tuple[str, dict[str, float]]) -> None:
    text, meant = header
    weight = {c: meant.get(c, meant.get("*", 0.0)) for c in CODINGS}
    chosen = choose(text)
    if max(weight.values()) == 0:
        assert chosen == IDENTITY
    else:
        assert weight[chosen] == max(weight.values())
        assert chosen == "br" or weight["br"] < weight["gzip"]


@given(st.binary(max_size=3000), st.sampled_from(CODINGS), st.booleans())
def test_a_compressed_body_unpacks_to_itself_and_always_packs_to_the_same_bytes(body: bytes, coding: str,
                                                                                  live: bool) -> None:
    packed = compress(body, coding, live=live)
    assert (brotli.decompress if coding == "br" else gzip.decompress)(packed) == body
    assert compress(body, coding, live=live) == packed
