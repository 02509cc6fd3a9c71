"""The review queue: filters, the offering search, urgent flags first, in a pinned number of queries."""

import pytest

from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise

pytestmark = pytest.mark.django_db


def test_the_queue_filters_by_offering_dimension_kind_and_age(objects, reviewer, client):
    client.force_login(reviewer)
    flag_raise(
        actor="test",
        kind=Flag.Kind.SOURCE_GONE,
        key="other",
        title="Gone page",
        offering_id="openai-api",
        dimension_id="iso_27001",
    )
    assert "Gone page" in client.get("/workbench/queue/?offering=openai-api").content.decode()
    assert "Gone page" not in client.get("/workbench/queue/?offering=azure-openai").content.decode()
    assert "Gone page" not in client.get("/workbench/queue/?kind=conflicting").content.decode()
    assert "Gone page" not in client.get("/workbench/queue/?dimension=soc2_type2").content.decode()
    assert "Gone page" not in client.get("/workbench/queue/?age=7").content.decode()
    partial = client.get("/workbench/queue/?kind=source_gone", HTTP_HX_REQUEST="true").content.decode()
    assert "Gone page" in partial and "<html" not in partial


def test_the_queue_offering_filter_is_a_search_by_id_or_name_not_a_list_of_offerings(objects, reviewer, client):
    from trustreg.registry.models import Offering

    client.force_login(reviewer)
    flag_raise(actor="test", kind=Flag.Kind.SOURCE_GONE, key="k", title="Gone page", offering_id="openai-api",
               dimension_id="iso_27001")
    name = Offering.objects.get(id="openai-api").name
    page = client.get("/workbench/queue/").content.decode()
    assert 'type="search" name="offering"' in page
    assert "<option value=\"azure-openai\"" not in page and "<option value=\"openai-api\"" not in page
    assert "Gone page" in client.get("/workbench/queue/", {"offering": name.upper()}).content.decode()
    assert "Gone page" in client.get("/workbench/queue/", {"offering": "openai-a"}).content.decode()
    assert "Gone page" not in client.get("/workbench/queue/", {"offering": "no such thing"}).content.decode()


def test_the_queue_puts_expired_evidence_and_missing_quotes_on_cited_cells_first(
    objects, reviewer, client, django_assert_num_queries
):
    from trustreg.evidence.models import Source

    uncited = Source.objects.create(url="https://nobody-cites.example/", kind="blog")
    for key, kind, about in (
        ("d", Flag.Kind.EVIDENCE_EXPIRED, {"offering_id": "azure-openai", "dimension_id": "hipaa_baa"}),
        ("c", Flag.Kind.QUOTE_MISSING, {"source": uncited}),
        ("b", Flag.Kind.SOURCE_GONE, {"offering_id": "openai-api", "dimension_id": "iso_27001"}),
        ("a", Flag.Kind.CANDIDATE_CLAIM, {"offering_id": "azure-openai"}),
    ):  # raised most urgent first, so newest-first order would put them backwards
        flag_raise(actor="test", kind=kind, key=key, title=f"Flag {key}", **about)
    client.force_login(reviewer)
    client.get("/workbench/queue/")  # the session and roles are read once
    # Session, user, roles, the catalogue (groups, questions), the count, the rows: no list of offerings.
    with django_assert_num_queries(7):
        page = client.get("/workbench/queue/").content.decode()
    order = [page.index(f"Flag {k}") for k in ("d", "c", "b", "a")]
    assert order == sorted(order), "expired on a cell, missing quote, source gone, then the rest"
    filtered = client.get("/workbench/queue/?kind=evidence_expired&offering=azure-openai&dimension=hipaa_baa")
    assert "Flag d" in filtered.content.decode() and "Flag c" not in filtered.content.decode()
