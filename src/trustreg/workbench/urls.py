from django.urls import path

from trustreg.workbench import exposure_views, views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("flags/<int:flag_id>/", views.flag_detail, name="flag"),
    path("flags/<int:flag_id>/decide/", views.flag_decide, name="flag_decide"),
    path("cells/", views.cell_index, name="cells"),
    path("cells/<str:kind>/<slug:ident>/<str:dimension_id>/", views.cell, name="cell"),
    path("cells/<str:kind>/<slug:ident>/<str:dimension_id>/draft/", views.draft_edit, name="draft_new"),
    path("drafts/", views.draft_list, name="drafts"),
    path("drafts/<int:draft_id>/", views.draft_detail, name="draft"),
    path("drafts/<int:draft_id>/edit/", views.draft_edit, name="draft_edit"),
    path("drafts/<int:draft_id>/publish/", views.draft_publish, name="draft_publish"),
    path("drafts/<int:draft_id>/withdraw/", views.draft_withdraw, name="draft_withdraw"),
    path("drafts/<int:draft_id>/take-over/", views.draft_take_over, name="draft_take_over"),
    path("sources/", views.source_list, name="sources"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:source_id>/", views.source_detail, name="source"),
    path("sources/<int:source_id>/edit/", views.source_update, name="source_update"),
    path("sources/<int:source_id>/snapshots/", views.snapshot_add, name="snapshot_add"),
    path("sources/<int:source_id>/snapshots/<int:snapshot_id>/publicity/", exposure_views.snapshot_publicity,
         name="snapshot_publicity"),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/<int:correction_id>/", views.correction_detail, name="correction"),
    path("corrections/<int:correction_id>/triage/", views.correction_triage, name="correction_triage"),
    path("checks/run/", views.run_checks, name="run_checks"),
    path("audit/", views.audit_log, name="audit"),
]
