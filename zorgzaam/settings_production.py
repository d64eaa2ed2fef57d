"""Production settings: everything secret or host-specific must come from the environment.

`scripts/production_check.sh` runs this path end to end (migrate, collectstatic, check --deploy,
gunicorn serving real pages); CI calls it from scripts/test.sh.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "0")

from zorgzaam.settings import *  # noqa: E402,F403

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")


def _base_url() -> str:
    # Links in e-mails and printed letters are built without a request, so the public address cannot
    # be guessed; the development default (http://127.0.0.1:8000) would send people nowhere.
    value = os.environ.get("ZORGZAAM_BASE_URL", "").strip()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            "ZORGZAAM_BASE_URL must be set in production to the public address of the site, "
            "e.g. https://zorgzaam.example.be (it is used for links in e-mails and printed letters); "
            f"got {value!r}."
        )
    return value.rstrip("/")


ZORGZAAM_BASE_URL = _base_url()

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer may probe the nodes over plain HTTP (zorgzaam.core.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# A new dict, never an in-place change: the base module's dict is the live settings object of any
# process that merely imports this module (tests do), and would switch its static storage too.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SESSION_COOKIE_AGE = 8 * 3600
# Coordinators and platform administrators must use two-step login.
ZORGZAAM_REQUIRE_2FA = env_bool("ZORGZAAM_REQUIRE_2FA", True)  # noqa: F405

SILENCED_SYSTEM_CHECKS = [
    # HSTS preload: submitting a domain to the browsers' preload list is a lasting commitment of the
    # whole domain (and its subdomains) to HTTPS that only its owner (often a municipality's IT
    # department) can make; we send HSTS with subdomains but do not ask for preloading on its behalf.
    "security.W021",
]
