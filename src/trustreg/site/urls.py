from django.urls import path

from trustreg.site import feeds, history_views, views

app_name = "site"

urlpatterns = [
    path("", views.index, name="index"),
    path("offerings/<slug:offering_id>/", views.offering, name="offering"),
    path("questions/<slug:slug>/", views.question, name="question"),
    path("compare/", views.compare_picker, name="compare_picker"),
    path("compare/<str:pair>/", views.compare, name="compare"),
    path("methodology/", views.methodology, name="methodology"),
    path("coverage/", views.coverage, name="coverage"),
    path("data.json", views.data_json, name="data_json"),
    path("changelog/", history_views.changelog_page, name="changelog"),
    path("changelog/<int:revision_id>/", history_views.revision_page, name="revision"),
    path("changelog.atom", feeds.ChangelogFeed(), name="changelog_feed"),
    path("offerings/<slug:offering_id>/history/", history_views.offering_history, name="offering_history"),
    path("offerings/<slug:offering_id>/changelog.atom", feeds.OfferingChangelogFeed(), name="offering_feed"),
    path("questions/<slug:slug>/changelog.atom", feeds.QuestionChangelogFeed(), name="question_feed"),
]
