import ipaddress

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from zorgzaam.core import registry

SESSION_NETWORK = "zorgzaam_network"
SESSION_ON_BEHALF = "zorgzaam_on_behalf_of"


def _address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. Behind ZORGZAAM_TRUSTED_PROXIES reverse proxies, each of which appends
    its peer to X-Forwarded-For, the client is the n-th entry from the end: entries before it are
    whatever the client chose to send. With 0 the header is ignored (anyone can send it)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "ZORGZAAM_TRUSTED_PROXIES", 0)
    if proxies > 0:
        entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entries = [e for e in entries if e]
        if entries:
            found = _address(entries[-proxies] if len(entries) >= proxies else entries[0])
            if found:
                return found
    return remote


class ActorMiddleware:
    """Puts `request.actor` on every request (lazily: pages that do not need it pay nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The builder is registered by the app that owns actors and roles (people), so core imports
        # no domain app.
        request.actor = SimpleLazyObject(lambda: registry.build_request_actor(request))
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """A strict CSP: only our own scripts and styles (vendored), no inline script, optional tile host."""

    def __init__(self, get_response):
        self.get_response = get_response
        img = ["'self'", "data:"]
        tile = getattr(settings, "ZORGZAAM_TILE_URL", "")
        if tile:
            from urllib.parse import urlparse

            parsed = urlparse(tile.replace("{s}", "a"))
            img.append(f"{parsed.scheme}://{parsed.netloc.replace('a.', '*.', 1)}")
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                f"img-src {' '.join(img)}",
                "font-src 'self'",
                "connect-src 'self'",
                "frame-ancestors 'none'",
                "form-action 'self'",
                "base-uri 'self'",
                "object-src 'none'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/docs"):
            # Swagger UI (served by ninja from our own static files) needs inline bootstrap code.
            response.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; frame-ancestors 'none'",
            )
        else:
            response.setdefault("Content-Security-Policy", self.policy)
        return response
