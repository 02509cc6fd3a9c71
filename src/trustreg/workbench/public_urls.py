from django.urls import path

from trustreg.workbench import public_views

app_name = "corrections"

urlpatterns = [
    path(
        "offerings/<slug:offering_id>/cells/<str:dimension_id>/correction/",
        public_views.correction_new,
        name="new",
    ),
    path("corrections/<str:token>/", public_views.correction_status, name="status"),
]
