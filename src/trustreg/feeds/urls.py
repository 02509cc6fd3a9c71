from django.urls import path

from trustreg.feeds import views

app_name = "feeds"

urlpatterns = [
    path("calendar.ics", views.registry_calendar, name="registry_calendar"),
    path("offerings/<slug:offering_id>/calendar.ics", views.offering_calendar, name="offering_calendar"),
    path("questions/<slug:slug>/calendar.ics", views.question_calendar, name="question_calendar"),
]
