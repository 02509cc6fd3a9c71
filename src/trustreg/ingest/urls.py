from django.urls import path

from trustreg.ingest import views

app_name = "ingest"

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("documents/<int:document_id>/", views.document_detail, name="document"),
]
