from django.urls import path

from trustreg.buyers import views

app_name = "buyers"

urlpatterns = [
    path("fit/", views.fit_page, name="fit"),
    path("fit/allow-list.json", views.allow_list, name="allow_list"),
    path("offerings/<slug:offering_id>/memo.md", views.memo, {"fmt": "md"}, name="memo_md"),
    path("offerings/<slug:offering_id>/memo.pdf", views.memo, {"fmt": "pdf"}, name="memo_pdf"),
    path("offerings/<slug:offering_id>/explainer/", views.explainer, name="explainer"),
]
