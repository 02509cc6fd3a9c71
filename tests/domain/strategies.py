"""Hypothesis strategies for registry records that the data files must carry faithfully."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from trustreg.domain.bundle import Bundle, OfferingRecord, PartyRecord, RegistryMeta
from trustreg.domain.catalogue import Catalogue, FactType
from trustreg.domain.cells import (
    AnnotationRecord,
    CellRecord,
    CitationRole,
    ScopeRecord,
    SourceKind,
    SourceRef,
)
from trustreg.domain.grades import Confidence, Grade

# Any printable text, including quotes, markup, YAML-looking words and non-ASCII; no NUL.
prose = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=120
).filter(lambda s: s.strip() != "")
tricky_words = st.sampled_from(["no", "yes", "NO", "null", "~", "2026-07-05", "1e3", "0x1F", "- item", "key: value",
                                "#comment", "'quoted'", '"dq"', "<script>alert(1)</script>", "a\nb", " lead", "trail ",
                                "tab\there", "multi\n\nparagraph\n"])
text = st.one_of(prose, tricky_words)
ident = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12)
slug = st.builds(lambda a, b: f"{a}-{b}", ident, ident)
qualifier = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
url = st.builds(lambda host, path: f"https://{host}.example/{path}", ident, ident)
date = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))


def fact_value(fact_type: FactType):
    return {
        FactType.STRING: text,
        FactType.INTEGER: st.integers(-10**9, 10**9),
        FactType.NUMBER: st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False,
                                                                         width=32)),
        FactType.BOOLEAN: st.booleans(),
        FactType.DATE: date.map(dt.date.isoformat),
        FactType.URL: url,
        FactType.STRING_LIST: st.lists(text, min_size=1, max_size=3),
    }[fact_type]


def facts_for(catalogue: Catalogue, dim_id: str):
    dim = catalogue.get(dim_id)
    assert dim is not None
    keys = list(dim.facts)
    if not keys:
        return st.just({})
    return st.dictionaries(st.sampled_from(keys), st.nothing(), max_size=0).flatmap(
        lambda _: st.fixed_dictionaries({}, optional={k: fact_value(dim.facts[k].type) for k in keys})
    )


def source_ref(url_strategy=url):
    # Sources are described once per URL across a registry; keep descriptions a function of the URL.
    return st.builds(
        lambda u, primary, quote, role: SourceRef(url=u, kind=SourceKind.VENDOR_DOC.value, primary=primary,
                                                  publisher="Pub " + u[-4:], title="T " + u, quote=quote, role=role),
        url_strategy, st.booleans(), st.one_of(st.just(""), text), st.sampled_from([r.value for r in CitationRole]),
    )


annotation = st.builds(AnnotationRecord, date=date, decision=st.sampled_from(["dismissed", "resolved"]),
                       reason=text, author=st.sampled_from(["human", "reviewer-1"]))


def cell(catalogue: Catalogue, dim_id: str, *, override: bool = False):
    return st.builds(
        CellRecord,
        grade=st.sampled_from([g.value for g in Grade]),
        confidence=st.one_of(st.none(), st.sampled_from([c.value for c in Confidence])),
        summary=st.one_of(st.just(""), text),
        notes=st.one_of(st.just(""), text),
        tier=st.one_of(st.none(), qualifier),
        route=st.one_of(st.none(), qualifier),
        default=st.one_of(st.none(), qualifier),
        geography=st.one_of(st.none(), text),
        facts=facts_for(catalogue, dim_id),
        verified=st.one_of(st.none(), date),
        caveat=st.one_of(st.just(""), text),
        override_reason=text if override else st.just(""),
        sources=st.lists(source_ref(), max_size=2).map(tuple),
        annotations=st.lists(annotation, max_size=2).map(tuple),
        extra=st.dictionaries(st.sampled_from(["x_kept", "legacy"]), st.one_of(st.integers(), text, st.none()),
                              max_size=2),
    )


def scope(catalogue: Catalogue, dim_id: str, taken_facts: set[str]):
    dim = catalogue.get(dim_id)
    free = [k for k in dim.facts if k not in taken_facts]
    facts = st.fixed_dictionaries({}, optional={k: fact_value(dim.facts[k].type) for k in free})
    return st.builds(ScopeRecord, notes=st.one_of(st.just(""), text), facts=facts,
                     sources=st.lists(source_ref(), max_size=1).map(tuple),
                     annotations=st.lists(annotation, max_size=1).map(tuple))


@st.composite
def bundles(draw, catalogue: Catalogue, max_offerings: int = 3) -> Bundle:
    dim_ids = catalogue.ids()
    party_ids = draw(st.lists(slug, min_size=1, max_size=3, unique=True))
    parties = []
    party_cells: dict[tuple[str, str], CellRecord] = {}
    for pid in party_ids:
        chosen = draw(st.lists(st.sampled_from(dim_ids), max_size=3, unique=True))
        cells = {d: draw(cell(catalogue, d)) for d in chosen}
        party_cells.update({(pid, d): c for d, c in cells.items()})
        parties.append(PartyRecord(id=pid, name=draw(text), organisation=draw(st.one_of(st.just(""), text)),
                                   url=draw(st.one_of(st.none(), url)), summary=draw(st.one_of(st.just(""), text)),
                                   cells=cells))
    offerings = []
    for oid in draw(st.lists(slug, max_size=max_offerings, unique=True)):
        dev, plat = draw(st.sampled_from(party_ids)), draw(st.sampled_from(party_ids))
        cells, scopes = {}, {}
        for d in draw(st.lists(st.sampled_from(dim_ids), max_size=4, unique=True)):
            dim = catalogue.get(d)
            graded = plat if dim.level.value == "platform" else dev
            inherited = party_cells.get((graded, d))
            if inherited is not None and draw(st.booleans()):
                scopes[d] = draw(scope(catalogue, d, set(inherited.facts)))
            else:
                cells[d] = draw(cell(catalogue, d, override=inherited is not None))
        offerings.append(OfferingRecord(
            id=oid, name=draw(text), developer=dev, platform=plat,
            category=draw(st.sampled_from(["first_party", "cloud_distribution"])),
            model_family=draw(st.one_of(st.just(""), text.filter(lambda s: len(s) <= 120))),
            summary=draw(st.one_of(st.just(""), text)), sort_order=draw(st.integers(-100, 100)),
            cells=cells, scopes=scopes,
            extra=draw(st.dictionaries(st.sampled_from(["x_extra", "upstream_id"]), st.one_of(st.integers(), text),
                                       max_size=2)),
        ))
    offerings.sort(key=lambda o: (o.sort_order, o.id))
    parties.sort(key=lambda p: p.id)
    meta = RegistryMeta(name=draw(text.filter(lambda s: len(s) <= 200)), license=draw(st.one_of(st.just(""), text)),
                        disclaimer=draw(st.one_of(st.just(""), text)))
    return Bundle(meta, catalogue, tuple(parties), tuple(offerings))
