from django.apps import AppConfig
from django.core import checks


@checks.register(checks.Tags.security)
def trusted_proxies_check(app_configs: object, **kwargs: object) -> list[checks.CheckMessage]:
    """Shown by `trustreg django-check`, `migrate` and `runserver` (gunicorn logs it from wsgi.py)."""
    from django.conf import settings

    from trustreg.deploy import PROXY_WARNING_ID, proxy_warning

    https = bool(getattr(settings, "TRUSTREG_HTTPS", False))
    message = proxy_warning(https, int(getattr(settings, "TRUSTREG_TRUSTED_PROXIES", 0)))
    return [checks.Warning(message, id=PROXY_WARNING_ID)] if message else []


class SiteConfig(AppConfig):
    name = "trustreg.site"
    label = "site"
    verbose_name = "Public site"
