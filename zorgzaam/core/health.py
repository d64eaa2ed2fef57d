"""Health checks for a load balancer and the container healthchecks of compose.yaml.

`/healthz` answers 200 "ok" when this web node can reach the database (and Redis, when configured),
else 503; it says nothing else, needs no login and reads no personal data.
`python -m zorgzaam.core.health URL` calls it from inside the container (with the site's host name
and X-Forwarded-Proto, as the TLS proxy would); `--worker` checks that a background worker beat
recently (the heartbeat of zorgzaam.sectors.jobs).
"""

from __future__ import annotations

import os
import sys

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


def _checks() -> None:
    from django.conf import settings
    from django.db import connections

    with connections["default"].cursor() as cur:
        cur.execute("SELECT 1")
    if getattr(settings, "REDIS_URL", ""):
        from django.core.cache import cache

        cache.get("zorgzaam:healthz")


@never_cache
def healthz(request):
    try:
        _checks()
    except Exception:  # noqa: BLE001 - any failure means "not healthy"; details go to the log
        import logging

        logging.getLogger(__name__).exception("Health check failed")
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def _probe_web(url: str) -> int:
    import urllib.request

    host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".")
    if not url.startswith(("http://", "https://")):
        return 2
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 - our own URL
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


def _probe_worker() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.settings")
    django.setup()
    from zorgzaam.core import registry

    # The app that runs the background worker registers its heartbeat (sectors); core imports no app.
    seen = registry.HEALTH_CHECKS.get("worker")
    return 0 if seen is not None and seen() else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        return _probe_worker()
    return _probe_web(argv[0] if argv else "http://127.0.0.1:8000/healthz")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
