from django.urls import path

from trustreg.evidence import views

app_name = "evidence"

# Public ids are random (Source.public_id, Snapshot.public_id), never the sequential primary keys.
urlpatterns = [
    path("sources/<slug:source_id>/", views.source_detail, name="source"),
    path("sources/<slug:source_id>/copies/<slug:snapshot_id>/", views.snapshot_detail, name="snapshot"),
    path("monitor/", views.monitor_dashboard, name="monitor"),
]
