from django.urls import path

from trustreg.fit import views

app_name = "fit"

urlpatterns = [
    path("fit/", views.fit_page, name="fit"),
    path("fit/allow-list.json", views.allow_list, name="allow_list"),
]
