from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("trustreg.api.urls")),
    path("ingest/", include("trustreg.ingest.urls")),
    path("accounts/", include("trustreg.workbench.auth_urls")),
    path("workbench/webhooks/", include("trustreg.webhooks.urls")),
    path("workbench/", include("trustreg.workbench.urls")),
    path("", include("trustreg.workbench.public_urls")),
    path("", include("trustreg.evidence.urls")),
    path("", include("trustreg.buyers.urls")),
    path("", include("trustreg.health.urls")),
    path("", include("trustreg.feeds.urls")),
    path("", include("trustreg.bulk.urls")),
    path("", include("trustreg.site.urls")),
]

handler404 = "trustreg.site.views.not_found"
