from django.urls import path

from trustreg.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscriptions, name="list"),
    path("<int:pk>/", views.subscription, name="detail"),
    path("<int:pk>/disable/", views.disable, name="disable"),
    path("<int:pk>/enable/", views.enable, name="enable"),
]
