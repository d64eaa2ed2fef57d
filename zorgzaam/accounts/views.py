from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts import services
from zorgzaam.accounts.forms import LoginForm, PasswordConfirmForm, TokenForm, TotpForm
from zorgzaam.accounts.models import ApiToken, RecoveryCode, User
from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.middleware import client_ip
from zorgzaam.core.redirects import safe_next

PENDING = "zorgzaam_pending_user"


def _finish_login(request, user):
    next_url = safe_next(request, "/")
    login(request, user)
    services.login_succeeded(user, client_ip(request))
    response = redirect(next_url)
    if user.preferred_language in dict(settings.LANGUAGES):
        # Pages follow the user's language from the first page on (Django reads the cookie, not a
        # session key); e-mails use preferred_language too.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


def login_view(request):
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.check_password_step(
                request, form.cleaned_data["username"], form.cleaned_data["password"], client_ip(request)
            )
        except services.LoginError as exc:
            error = str(exc)
        else:
            if user.totp_enabled:
                request.session[PENDING] = user.pk
                nxt = safe_next(request, "")
                return redirect(f"{request.path}totp/" + (f"?{urlencode({'next': nxt})}" if nxt else ""))
            return _finish_login(request, user)
    return render(
        request, "accounts/login.html", {"form": form, "error": error, "next": safe_next(request, "")}
    )


def totp_view(request):
    user_id = request.session.get(PENDING)
    if not user_id:
        return redirect("accounts:login")
    user = get_object_or_404(User, pk=user_id, is_active=True)
    form = TotpForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.check_second_step(user, form.cleaned_data["code"], client_ip(request))
        except services.LoginError as exc:
            error = str(exc)
        else:
            del request.session[PENDING]
            user.backend = "django.contrib.auth.backends.ModelBackend"
            return _finish_login(request, user)
    return render(
        request, "accounts/totp.html", {"form": form, "error": error, "next": safe_next(request, "")}
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record(request.actor, kinds.LOGOUT)
    logout(request)
    return redirect("accounts:login")


def _no_store(response):
    # Secrets on the page (recovery codes, the TOTP key, a new token): not kept in the browser's
    # cache, where the back button on a shared computer would show them again.
    add_never_cache_headers(response)
    return response


def _security_page(request, *, error=None, new_token=None):
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    context = {
        "tokens": tokens,
        "token_form": TokenForm(),
        "new_token": new_token,
        "error": error,
        # Two password boxes on one page: distinct ids, same field name.
        "off_form": PasswordConfirmForm(auto_id="off_%s"),
        "codes_form": PasswordConfirmForm(auto_id="codes_%s"),
        "codes_left": RecoveryCode.objects.filter(user=request.user, used_at__isnull=True).count(),
        "must_have_2fa": services.must_have_second_factor(request.user),
    }
    return _no_store(render(request, "accounts/security.html", context))


@login_required
def security(request):
    return _security_page(request)


@login_required
def totp_setup(request):
    """Switch two-step login on (also the enrolment page for those who must). A GET never changes
    an active second factor."""
    user = request.user
    if user.totp_enabled:
        return redirect("accounts:security")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp(request.actor, form.cleaned_data["code"])
        if codes:
            messages.success(request, _("Two-step login is on."))
            return _no_store(render(request, "accounts/recovery_codes.html", {"codes": codes}))
    if request.method == "POST":
        form.add_error("code", _("That code is not right. Check the time on your phone and try again."))
    import segno  # only on this page (zorgzaam/core/lazy.py)

    qr = segno.make(services.start_totp_setup(user)).svg_data_uri(scale=5)
    return _no_store(
        render(
            request,
            "accounts/totp_setup.html",
            {"form": form, "qr": qr, "secret": user.totp_secret, "required": services.needs_enrolment(user)},
        )
    )


@login_required
@require_POST
def totp_off(request):
    form = PasswordConfirmForm(request.POST)
    try:
        services.disable_totp(request.actor, form.data.get("password", ""))
    except services.SecondFactorError as exc:
        return _security_page(request, error=str(exc))
    messages.success(request, _("Two-step login is off."))
    return redirect("accounts:security")


@login_required
@require_POST
def recovery_codes(request):
    form = PasswordConfirmForm(request.POST)
    try:
        codes = services.regenerate_recovery_codes(request.actor, form.data.get("password", ""))
    except services.SecondFactorError as exc:
        return _security_page(request, error=str(exc))
    return _no_store(render(request, "accounts/recovery_codes.html", {"codes": codes}))


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:security")
    _obj, token = services.create_token(request.actor, form.cleaned_data["name"])
    return _security_page(request, new_token=token)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(request.actor, token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:security")
