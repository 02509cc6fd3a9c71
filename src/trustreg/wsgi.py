import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
application = get_wsgi_application()


def _warn_loudly() -> None:
    # gunicorn runs no system checks: say it in the server's log at start.
    from django.conf import settings

    from trustreg.deploy import proxy_warning

    message = proxy_warning(settings.TRUSTREG_HTTPS, settings.TRUSTREG_TRUSTED_PROXIES)
    if message:
        logging.getLogger("trustreg").warning("WARNING: %s", message)


_warn_loudly()
