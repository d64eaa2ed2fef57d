"""Two-step login enrolment: someone who must use it (services.must_have_second_factor) but has not
switched it on yet can only switch it on, log out or change the language until done."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zorgzaam.accounts import services


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _allowed(self, path: str) -> bool:
        open_paths = (
            reverse("accounts:totp_setup"),
            reverse("accounts:logout"),
            settings.STATIC_URL,
            "/i18n/",
        )
        return path.startswith(open_paths)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._allowed(request.path)
            and services.needs_enrolment(user)
        ):
            if request.path.startswith("/api/"):
                # A personal token is its own authentication and stays unaffected; a session call
                # follows the same rule as a page.
                auth = request.headers.get("Authorization", "")
                token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
                if not services.user_for_token(token):
                    return JsonResponse({"detail": _("Switch on two-step login first.")}, status=403)
            else:
                return redirect("accounts:totp_setup")
        return self.get_response(request)
