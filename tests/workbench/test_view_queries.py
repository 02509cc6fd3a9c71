"""Workbench pages read the database a fixed number of times, however much the registry holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trustreg.evidence import services as evidence
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.workbench import corrections, drafts

pytestmark = pytest.mark.django_db

PAGES = (
    "/workbench/",
    "/workbench/queue/",
    "/workbench/flags/{flag}/",
    "/workbench/cells/",
    "/workbench/cells/party/microsoft-azure/soc2_type2/",
    "/workbench/cells/party/microsoft-azure/soc2_type2/draft/",
    "/workbench/drafts/",
    "/workbench/drafts/{draft}/",
    "/workbench/drafts/{draft}/edit/",
    "/workbench/sources/",
    "/workbench/sources/{source}/",
    "/workbench/corrections/",
    "/workbench/corrections/{correction}/",
    "/workbench/audit/",
)


def grow(editor, n: int, start: int) -> dict[str, int]:
    """Add ``n`` more flags, drafts, sources with copies and corrections; return one of each."""
    made: dict[str, int] = {}
    dims = ["iso_27001", "hipaa_baa", "gdpr_dpa", "retention_zdr", "data_residency"]
    for i in range(start, start + n):
        flag, _ = flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key=f"k{i}", title=f"Flag {i}",
                                   offering_id="azure-openai", dimension_id="soc2_type2")
        holder = drafts.Holder("party", "microsoft-azure")
        dim = dims[i % len(dims)]
        draft = drafts.draft_save(actor=editor, holder=holder, dimension_id=dim,  # no quotes to check
                                  data={"grade": "not_reviewed", "notes": f"Not reviewed yet ({i})."}, kind="editorial",
                                  reason=f"clarify {i}")
        source = evidence.source_create(actor=editor, url=f"https://docs{i}.example/page", kind="vendor_doc",
                                        publisher="Example", title=f"Page {i}")
        for version in range(2):
            evidence.snapshot_add(actor=editor, source=source, text=f"Version {version} of page {i}.")
        corr = corrections.correction_submit(
            address_key=f"addr{i}",
            proposal=corrections.Proposal(offering_id="azure-openai", dimension_id="hipaa_baa",
                                          evidence_url=f"https://e{i}.example/", proposed_grade="no"),
        )
        made = {"flag": flag.pk, "draft": draft.pk, "source": source.pk, "correction": corr.pk}
    return made


def counts(client, ids: dict[str, int]) -> dict[str, int]:
    found = {}
    for template in PAGES:
        url = template.format(**ids)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        found[template] = len(ctx.captured_queries)
    return found


def test_workbench_pages_make_the_same_queries_with_one_or_many_of_everything(
    registry, editor, reviewer, client
) -> None:
    client.force_login(editor)  # an editor sees every page, the draft forms included
    ids = grow(editor, 1, 0)
    client.get("/workbench/")  # the session and roles are read once
    small = counts(client, ids)
    grow(editor, 4, 1)
    large = counts(client, ids)
    assert large == small, {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    assert small == PINNED, small


# Measured on this layout; each includes the session, the user and their roles. A change here is a
# change in what the page reads: say why in the commit.
PINNED = {
    "/workbench/": 6,
    "/workbench/queue/": 7,  # the offering filter is a search box, not a list of offerings
    "/workbench/flags/{flag}/": 5,
    "/workbench/cells/": 8,
    "/workbench/cells/party/microsoft-azure/soc2_type2/": 13,
    "/workbench/cells/party/microsoft-azure/soc2_type2/draft/": 21,
    "/workbench/drafts/": 4,
    "/workbench/drafts/{draft}/": 6,
    "/workbench/drafts/{draft}/edit/": 11,
    "/workbench/sources/": 4,
    "/workbench/sources/{source}/": 6,
    "/workbench/corrections/": 4,
    "/workbench/corrections/{correction}/": 14,
    "/workbench/audit/": 4,
}
