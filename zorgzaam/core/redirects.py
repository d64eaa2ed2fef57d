"""The one place that decides where a `next` parameter may send the browser.

Every view that reads `next` (from a form or the query string) goes through `safe_next`, so an
attacker's link cannot turn our login, language switch or any other redirect into a trampoline to
another site."""

from __future__ import annotations

import unicodedata

from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_next(request, url) -> bool:
    """True when `url` stays on this site (same host; https only when the request is https)."""
    if not isinstance(url, str) or not url:
        return False
    # Django's check strips outer whitespace and, like browsers, ignores tabs and line breaks, so the
    # address it approves is not always the one we would send (a line break even makes Django refuse
    # to write the header: a 500). Browsers read a backslash as a slash. Refuse all of these outright.
    if any(ch == "\\" or ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, default: str = "/", *, field: str = "next") -> str:
    """The `next` of the request (POST, else query string) when it is safe, otherwise `default`
    (a path or a URL name; "" stays "", for forms that only carry `next` along)."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if is_safe_next(request, candidate):
        return candidate
    return resolve_url(default) if default else ""


def redirect_next(request, default: str = "/", *, field: str = "next") -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next(request, default, field=field))
