import pytest

pytestmark = pytest.mark.django_db


def test_every_workbench_page_renders_for_an_admin(client, registry, admin_user, source_with_text):
    client.force_login(admin_user)
    from trustreg.workbench.checks import checks_run

    checks_run(actor="test")
    for url in [
        "/workbench/",
        "/workbench/queue/",
        "/workbench/cells/",
        "/workbench/drafts/",
        "/workbench/sources/",
        f"/workbench/sources/{source_with_text.pk}/",
        "/workbench/corrections/",
        "/workbench/audit/",
        "/workbench/cells/offering/azure-openai/soc2_type2/",
        "/workbench/cells/offering/azure-openai/soc2_type2/draft/",
        "/workbench/cells/party/microsoft-azure/soc2_type2/draft/",
        "/offerings/azure-openai/",
        "/offerings/azure-openai/cells/soc2_type2/correction/",
    ]:
        assert client.get(url).status_code == 200, url
