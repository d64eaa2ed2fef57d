"""Error responses (handler400/403/404/500 and the CSRF failure view): for people an HTML page in the
site layout that says what happened and where to go next; for the API a JSON body. Never a traceback.

Wired in zorgzaam/urls.py (handler*) and settings.CSRF_FAILURE_VIEW.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _home() -> str:
    try:
        return reverse("core:home")
    except Exception:  # noqa: BLE001 - an error page must not fail on a broken URLconf
        return "/"


def _respond(request, status: int, title: str, message: str, steps: list[tuple[str, str | None]]):
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    context = {
        "status": status,
        "title": title,
        "message": message,
        "steps": [{"label": label, "url": url} for label, url in steps],
    }
    try:
        # The full layout needs the database (user, unread messages) and the static manifest.
        html = render_to_string("core/error.html", context, request=request)
    except Exception:
        # The failure that brought us here may be the very thing the layout needs: fall back to a
        # page without database, static files or context processors.
        logger.exception("The error page could not be rendered in the site layout")
        try:
            html = render_to_string("core/error_plain.html", context)
        except Exception:  # noqa: BLE001 - last resort, still no traceback
            logger.exception("The plain error page could not be rendered")
            html = f"<!DOCTYPE html><title>{status}</title><h1>{status}</h1>"
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def _start_page():
    return (_("Go to the start page"), _home())


def bad_request(request, exception=None):
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return _respond(
        request,
        400,
        _("The request could not be handled"),
        _("What your browser sent was incomplete or not valid, so nothing was done."),
        [(_("Go back, check what you entered and try again."), None), _start_page()],
    )


def request_too_large(request):
    """413: more form data or JSON than DATA_UPLOAD_MAX_MEMORY_SIZE, or a body larger than any upload
    may be (zorgzaam.core.uploads.RequestSizeMiddleware)."""
    return _respond(
        request,
        413,
        _("Too much data"),
        _("What you sent is too large to be handled, so nothing was done."),
        [
            (_("Send a smaller file, or split what you send into smaller parts."), None),
            _start_page(),
        ],
    )


def permission_denied(request, exception=None):
    return _respond(
        request,
        403,
        _("No access"),
        _("You do not have access to this page with the roles you have in this network."),
        [
            _start_page(),
            (_("If you need this page for your work, ask the coordinator of your network."), None),
        ],
    )


def page_not_found(request, exception=None):
    return _respond(
        request,
        404,
        _("Page not found"),
        _("The page you asked for does not exist (any more). The address may be mistyped or out of date."),
        [_start_page(), (_("Check the address, or use the menu to find what you are looking for."), None)],
    )


def server_error(request):
    return _respond(
        request,
        500,
        _("Something went wrong"),
        _(
            "Something went wrong on our side while handling your request. It is not your fault; "
            "the error has been logged so it can be fixed."
        ),
        [
            (_("Try again in a moment. What you just sent may not have been saved."), None),
            _start_page(),
            (
                _(
                    "If it keeps happening, tell the coordinator of your network what you were doing "
                    "and when."
                ),
                None,
            ),
        ],
    )


def csrf_failure(request, reason=""):
    # The reason is for developers (logged by Django); people get what to do about it.
    return _respond(
        request,
        403,
        _("This form has expired"),
        _(
            "For your safety a form can only be sent from a page that is still valid. The page may have "
            "been open for a long time, or you logged in or out in another window. Nothing was saved."
        ),
        [
            (_("Go back, reload the page and send the form again."), None),
            (_("Make sure your browser accepts cookies from this site."), None),
            _start_page(),
        ],
    )
