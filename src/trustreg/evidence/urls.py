from django.urls import path

from trustreg.evidence import views

app_name = "evidence"

urlpatterns = [
    path("sources/<int:source_id>/", views.source_detail, name="source"),
    path("sources/<int:source_id>/snapshots/<int:snapshot_id>/", views.snapshot_detail, name="snapshot"),
    path("monitor/", views.monitor_dashboard, name="monitor"),
]
