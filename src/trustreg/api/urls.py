"""/api/v1/: django-ninja's routes, each wrapped for CORS, HEAD and conditional GET, and the docs."""

from django.urls import URLPattern, path
from django.views.generic import RedirectView

from trustreg.api.docs import docs_page
from trustreg.api.endpoints import api
from trustreg.api.http import read_only

app_name = "api-v1"

_patterns, _app, _namespace = api.urls
urlpatterns = [
    URLPattern(p.pattern, read_only(p.callback, dated=p.name != "openapi-json"), p.default_args, p.name)
    for p in _patterns if isinstance(p, URLPattern) and p.name != "api-root"
] + [
    path("docs", docs_page, name="docs"),
    # ninja finds the API's prefix by this name; a person who opens /api/v1/ wants the docs.
    path("", RedirectView.as_view(pattern_name="api-v1:docs"), name="api-root"),
]
