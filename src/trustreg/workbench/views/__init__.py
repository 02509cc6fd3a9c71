"""Workbench pages: parse the request, check the role (``roles``), call one service or selector.

One module per job: ``auth``, ``review_queue``, ``cells``, ``sources``, ``corrections``."""

from trustreg.workbench.views.auth import LoginView, csrf_failure, logout
from trustreg.workbench.views.cells import (
    cell,
    draft_detail,
    draft_edit,
    draft_list,
    draft_publish,
    draft_take_over,
    draft_withdraw,
)
from trustreg.workbench.views.corrections import correction_detail, correction_list, correction_triage
from trustreg.workbench.views.review_queue import (
    audit_log,
    cell_index,
    flag_decide,
    flag_detail,
    home,
    queue,
    run_checks,
)
from trustreg.workbench.views.sources import (
    snapshot_add,
    source_create,
    source_detail,
    source_list,
    source_update,
)

__all__ = [
    "LoginView",
    "audit_log",
    "cell",
    "cell_index",
    "correction_detail",
    "correction_list",
    "correction_triage",
    "csrf_failure",
    "draft_detail",
    "draft_edit",
    "draft_list",
    "draft_publish",
    "draft_take_over",
    "draft_withdraw",
    "flag_decide",
    "flag_detail",
    "home",
    "logout",
    "queue",
    "run_checks",
    "snapshot_add",
    "source_create",
    "source_detail",
    "source_list",
    "source_update",
]
