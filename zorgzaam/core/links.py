"""Absolute links for places without a request (e-mails, printed letters and PDFs, background tasks).

They always use settings.ZORGZAAM_BASE_URL, the public address of the site (required in production),
never the host of whatever request happened to trigger them.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`/people/3/` -> `https://zorgzaam.example.be/people/3/`; a full http(s) URL is returned as is."""
    path = str(path or "")
    if urlsplit(path).scheme in {"http", "https"}:
        return path
    base = settings.ZORGZAAM_BASE_URL.rstrip("/")
    return f"{base}/{path.lstrip('/')}"
