"""The workbench over HTTP: who may do what, CSRF, escaping, sign-in lockout."""

import pytest
from django.test import Client

from trustreg.accounts.models import AuditEvent
from trustreg.evidence import services as evidence
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.workbench import corrections, drafts, flags
from trustreg.workbench.models import Correction

from .conftest import make_user

pytestmark = pytest.mark.django_db

# The permission matrix: which roles may take each workbench action (the specification, written
# out rather than read back from trustreg.accounts.roles).
VIEW, EDIT, REVIEW = {"editor", "reviewer", "admin"}, {"editor", "admin"}, {"reviewer", "admin"}
ACTIONS = [
    ("GET", "/workbench/", VIEW),
    ("GET", "/workbench/queue/", VIEW),
    ("GET", "/workbench/flags/{flag}/", VIEW),
    ("POST", "/workbench/flags/{flag}/decide/", REVIEW),
    ("GET", "/workbench/cells/party/microsoft-azure/soc2_type2/", VIEW),
    ("GET", "/workbench/cells/party/microsoft-azure/soc2_type2/draft/", EDIT),
    ("POST", "/workbench/cells/party/microsoft-azure/soc2_type2/draft/", EDIT),
    ("GET", "/workbench/drafts/", VIEW),
    ("GET", "/workbench/drafts/{draft}/", VIEW),
    ("GET", "/workbench/drafts/{draft}/edit/", EDIT),
    ("POST", "/workbench/drafts/{draft}/publish/", REVIEW),
    ("POST", "/workbench/drafts/{draft}/withdraw/", EDIT),
    ("POST", "/workbench/drafts/{draft}/take-over/", EDIT),
    ("GET", "/workbench/sources/", VIEW),
    ("POST", "/workbench/sources/new/", VIEW),
    ("GET", "/workbench/sources/{source}/", VIEW),
    ("POST", "/workbench/sources/{source}/edit/", VIEW),
    ("POST", "/workbench/sources/{source}/snapshots/", VIEW),
    ("GET", "/workbench/corrections/", VIEW),
    ("GET", "/workbench/corrections/{correction}/", VIEW),
    ("POST", "/workbench/corrections/{correction}/triage/", REVIEW),
    ("POST", "/workbench/checks/run/", REVIEW),
    ("GET", "/workbench/audit/", VIEW),
    ("GET", "/workbench/cells/", VIEW),
    ("GET", "/monitor/", VIEW),
    ("GET", "/ingest/", VIEW),
]
POST_DATA = {
    "decide": {"decision": "resolved", "reason": "ok"},
    "triage": {"outcome": "intentional", "public_reason": "on purpose", "source_kind": "other"},
    "publish": {"version": "1"},
    "take-over": {"reason": "finishing it"},
    "snapshots": {"text": "Some text of the page."},
    "new": {"url": "https://new.example/page", "kind": "vendor_doc"},
    "edit": {"url": "https://learn.example.com/privacy", "kind": "vendor_doc", "title": "Renamed"},
}


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return "denied" if response.status_code == 403 else "allowed"


@pytest.mark.parametrize("role", ["visitor", "no role", "editor", "reviewer", "admin"])
def test_the_permission_matrix_holds_for_every_workbench_action(role, objects, client):
    if role != "visitor":
        client.force_login(make_user(f"u-{role.replace(' ', '')}", *([role] if role != "no role" else [])))
    wrong = []
    for method, template, allowed in ACTIONS:
        url = template.format(**objects)
        data = POST_DATA.get(url.rstrip("/").rsplit("/", 1)[-1], {})
        response = client.post(url, data) if method == "POST" else client.get(url)
        expected = "login" if role == "visitor" else ("allowed" if role in allowed else "denied")
        if outcome(response) != expected:
            wrong.append(f"{method} {url}: {outcome(response)} ({response.status_code}), expected {expected}")
    assert not wrong, "\n".join(wrong)
    if role == "admin":  # every action that changed something left its row in the audit trail
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {"flag.resolved", "source.create", "source.update", "snapshot.add", "correction.triage",
                "checks.run", "draft.publish"} <= actions


def _maintainer_patterns():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield namespace, prefix + str(p.pattern), p

    for namespace, route, p in walk(get_resolver().url_patterns, "", ""):
        if namespace in ("workbench", "ingest") or (namespace, p.name) == ("evidence", "monitor"):
            yield route, p


def test_every_maintainer_page_checks_a_role_through_the_one_roles_module():
    from trustreg.accounts import roles

    unchecked = [route for route, p in _maintainer_patterns() if not hasattr(p.callback, "required_action")]
    assert not unchecked, unchecked
    assert any(route == "monitor/" for route, _ in _maintainer_patterns())
    assert roles.role_required  # the decorator lives beside the permission matrix


def test_the_monitor_and_ingest_pages_keep_the_workbench_navigation(objects, reviewer, client):
    client.force_login(reviewer)
    for url in ("/monitor/", "/ingest/"):
        page = client.get(url).content.decode()
        assert 'class="wb-nav"' in page and "workbench.css" in page, url


def test_a_superuser_counts_as_an_admin(objects, client):
    client.force_login(make_user("root", superuser=True))
    assert client.post(f"/workbench/drafts/{objects['draft']}/publish/", {"version": "1"}).status_code == 302


def test_a_form_without_or_with_a_forged_csrf_token_is_refused_and_changes_nothing(objects, reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    url = f"/workbench/flags/{objects['flag']}/decide/"
    missing = client.post(url, {"decision": "dismissed", "reason": "no token"})
    client.cookies["csrftoken"] = "a" * 32
    forged = client.post(url, {"decision": "dismissed", "reason": "forged", "csrfmiddlewaretoken": "b" * 32})
    assert missing.status_code == forged.status_code == 403
    assert b"Nothing was saved" in missing.content
    assert Flag.objects.get(pk=objects["flag"]).status == Flag.Status.OPEN


def test_the_public_correction_form_needs_its_csrf_token(registry):
    client = Client(enforce_csrf_checks=True)
    url = "/offerings/azure-openai/cells/soc2_type2/correction/"
    data = {"proposed_grade": "no", "evidence_url": "https://e.example/"}
    assert client.post(url, data).status_code == 403 and not Correction.objects.exists()
    client.get(url)
    token = client.cookies["csrftoken"].value
    assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302


MARKUP = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_quotes_notes_decisions_and_corrections_containing_markup_render_inert(
    registry, editor, reviewer, reviewer2, client
):
    source = evidence.source_create(
        actor=editor, url="https://evil.example/page", kind="vendor_doc", title=f"Title {MARKUP}"
    )
    evidence.snapshot_add(actor=editor, source=source, text=f"The vendor says {MARKUP} in its page.")
    holder = drafts.Holder("party", "microsoft-azure")
    data = drafts.cell_input(
        {"grade": "partial", "notes": f"Notes {MARKUP}"},
        [drafts.CitationInput(source.pk, f"says {MARKUP} in")],
        [],
    )
    draft = drafts.draft_save(
        actor=editor,
        holder=holder,
        dimension_id="soc2_type2",
        data=data,
        kind="editorial",
        reason=f"Reason {MARKUP}",
    )
    drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    flag, _ = flag_raise(
        actor="test",
        kind=Flag.Kind.CONFLICTING,
        key="x",
        title=f"Flag {MARKUP}",
        offering_id="azure-openai",
        dimension_id="soc2_type2",
    )
    flags.flag_decide(actor=reviewer, flag=flag, decision="dismissed", reason=f"Dismissed {MARKUP}")
    corr = corrections.correction_submit(
        address_key="x",
        proposal=corrections.Proposal(
            offering_id="azure-openai",
            dimension_id="soc2_type2",
            evidence_url="https://e.example/?q=%3Cb%3E",
            proposed_grade="no",
            quote=MARKUP,
            message=MARKUP,
            name=MARKUP,
            credit_consent=True,
        ),
    )
    client.force_login(reviewer2)
    pages = [
        "/offerings/azure-openai/",
        f"/corrections/{corr.token}/",
        f"/workbench/corrections/{corr.pk}/",
        f"/workbench/drafts/{draft.pk}/",
        f"/workbench/sources/{source.pk}/",
        f"/workbench/flags/{flag.pk}/",
        "/workbench/queue/?status=all",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
    offering = client.get("/offerings/azure-openai/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in offering
