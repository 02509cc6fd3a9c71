from django.urls import path

from trustreg.site import views

app_name = "site"

urlpatterns = [
    path("", views.index, name="index"),
    path("offerings/<slug:offering_id>/", views.offering, name="offering"),
    path("questions/<slug:slug>/", views.question, name="question"),
    path("compare/", views.compare_picker, name="compare_picker"),
    path("compare/<str:pair>/", views.compare, name="compare"),
    path("methodology/", views.methodology, name="methodology"),
    path("data.json", views.data_json, name="data_json"),
]
