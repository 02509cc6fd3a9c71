from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from trustreg.evidence import services as evidence

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def registry(loaded):
    """The bundled registry, loaded (tests/conftest.py)."""
    return loaded


def make_user(username: str, *roles: str, superuser: bool = False) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_superuser=superuser, is_staff=superuser)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])  # a transactional test flushes them
    return user


@pytest.fixture
def editor(db):
    return make_user("edna", "editor")


@pytest.fixture
def reviewer(db):
    return make_user("rita", "reviewer")


@pytest.fixture
def reviewer2(db):
    return make_user("rob", "reviewer")


@pytest.fixture
def admin_user(db):
    return make_user("ada", "admin")


@pytest.fixture
def source_with_text(db, editor):
    source = evidence.source_create(
        actor=editor,
        url="https://learn.example.com/privacy",
        kind="vendor_doc",
        publisher="Example",
        title="Data privacy",
    )
    evidence.snapshot_add(
        actor=editor,
        source=source,
        text=(
            "Your prompts and completions are NOT available to other customers.\n"
            "Data is retained for up to 30 days for abuse monitoring."
        ),
    )
    return source


@pytest.fixture
def objects(registry, editor, source_with_text):
    """One of each thing a workbench page shows: an open flag, a draft, a source, a correction."""
    from trustreg.flags.models import Flag
    from trustreg.flags.services import flag_raise
    from trustreg.workbench import corrections, drafts

    flag, _ = flag_raise(
        actor="test",
        kind=Flag.Kind.CONFLICTING,
        key="m",
        title="t",
        offering_id="azure-openai",
        dimension_id="soc2_type2",
    )
    data = drafts.base_data(drafts.Holder("party", "microsoft-azure"), "soc2_type2")
    draft = drafts.draft_save(
        actor=editor,
        holder=drafts.Holder("party", "microsoft-azure"),
        dimension_id="soc2_type2",
        data={**data, "notes": "Edited notes."},
        kind="editorial",
        reason="clarify",
    )
    corr = corrections.correction_submit(
        address_key="x",
        proposal=corrections.Proposal(
            offering_id="azure-openai",
            dimension_id="soc2_type2",
            evidence_url="https://e.example/",
            proposed_grade="no",
        ),
    )
    return {"flag": flag.pk, "draft": draft.pk, "source": source_with_text.pk, "correction": corr.pk}
