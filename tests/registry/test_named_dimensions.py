"""The system check that every dimension id the code names exists in the catalogue."""

from django.core import checks

from trustreg.registry import named_dimensions

SOURCE = '''
BADGES = {"soc2_type2", "hipaa_bba"}

def f(dimension, d, by_dimension, m):
    if dimension == "retention_zdr" or d.id in ("gdpr_dpa", "iso_27001"):
        return by_dimension.get("gpai_cop"), by_dimension["art53_summary"]
    if dimension in BADGES and "trust_center" in by_dimension:
        return m(dimension="data_residency")
    return dimension == 3, m.id == "not_a_dimension"
'''


def test_every_way_the_code_names_a_dimension_is_read() -> None:
    found = {ident for _line, ident in named_dimensions.literal_ids(SOURCE)}
    assert found == {"retention_zdr", "gdpr_dpa", "iso_27001", "gpai_cop", "art53_summary", "soc2_type2",
                     "hipaa_bba", "trust_center", "data_residency"}


def test_a_misspelt_id_is_reported_with_the_line_naming_it() -> None:
    known = named_dimensions.catalogue_ids()
    assert known is not None
    unknown = [(line, i) for line, i in named_dimensions.literal_ids(SOURCE) if i not in known]
    assert unknown == [(7, "hipaa_bba")]


def test_the_code_names_only_dimensions_the_catalogue_defines() -> None:
    named = [ident for _part, source in named_dimensions._SOURCES for _where, ident in source()]
    assert len(set(named)) >= 10  # ingest and the buyer tools single out many questions
    errors = [e for e in checks.run_checks() if e.id == "trustreg.E010"]
    assert errors == []
