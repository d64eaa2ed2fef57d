"""Logins: throttling, the TOTP second factor with recovery codes, API tokens."""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.accounts import throttle
from zorgzaam.accounts.models import ApiToken, RecoveryCode, User
from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.people.actor import Actor, build_actor
from zorgzaam.people.models import Role, RoleAssignment

TOTP_DISABLED = kinds.register("auth.totp_disabled", gettext_lazy("Two-step login switched off"))
RECOVERY_CODES_MADE = kinds.register("auth.recovery_codes_made", gettext_lazy("New recovery codes made"))
RECOVERY_CODE_USED = kinds.register("auth.recovery_code_used", gettext_lazy("Logged in with a recovery code"))

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper. 16 characters of 31 carry about 79 random bits.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class LoginError(Exception):
    pass


class SecondFactorError(Exception):
    """A refused change to two-step login, with a user-facing message."""


def _wrong_code() -> str:
    return _("That code is not right. Check the time on your phone and try again.")


def _tried(username: str) -> dict:
    """Audit data for a failed or locked login: the account's id when the name is one, never the typed
    name itself (events are append-only, so they must not hold names; erased logins show as such)."""
    user = User.objects.filter(username=username[:150]).only("pk").first()
    return {"user": user.pk} if user is not None else {"user": None}


def check_password_step(request, username: str, password: str, ip: str | None) -> User:
    """First step of login. Raises LoginError with a user-facing message."""
    if not throttle.reserve(username, ip):
        record(build_actor(None, via="ui", ip=ip), kinds.LOCKED_OUT, data=_tried(username))
        raise LoginError(throttle.lock_message())
    user = authenticate(request, username=username, password=password)
    if user is None:
        record(build_actor(None, via="ui", ip=ip), kinds.LOGIN_FAILED, data=_tried(username))
        raise LoginError(_("That user name and password do not match."))
    throttle.release(username, ip)
    return user


def _use_totp_code(user: User, code: str) -> bool:
    """A current code (one step of clock drift either way), accepted once: a code seen on a screen
    or typed into a fake page cannot be used again within its lifetime."""
    code = "".join((code or "").split())
    if not user.totp_secret or not code.isdigit():
        return False
    import pyotp  # only for users with two-step login (zorgzaam/core/lazy.py)

    totp = pyotp.TOTP(user.totp_secret)
    now_step = totp.timecode(timezone.now())
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            # Conditional update: two parallel uses of one code cannot both win.
            return bool(User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step))
    return False


def _use_recovery_code(user: User, code: str, ip: str | None) -> bool:
    if len(RecoveryCode.normalise(code)) != 16:
        return False
    used = RecoveryCode.objects.filter(
        user=user, digest=RecoveryCode.hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        record(build_actor(user, via="ui", ip=ip), RECOVERY_CODE_USED, data={"left": left})
    return bool(used)


def check_second_step(user: User, code: str, ip: str | None) -> None:
    """Second step of login: a code from the app or an unused recovery code. Throttled like the
    password. Raises LoginError with a user-facing message."""
    if not throttle.reserve(user.username, ip):
        record(build_actor(None, via="ui", ip=ip), kinds.LOCKED_OUT, data={"user": user.pk})
        raise LoginError(throttle.lock_message())
    if user.totp_enabled and (_use_totp_code(user, code) or _use_recovery_code(user, code, ip)):
        throttle.release(user.username, ip)
        return
    record(
        build_actor(None, via="ui", ip=ip),
        kinds.LOGIN_FAILED,
        data={"user": user.pk, "step": "totp"},
    )
    raise LoginError(_wrong_code())


def login_succeeded(user: User, ip: str | None) -> None:
    throttle.forget(user.username, ip)
    record(build_actor(user, via="ui", ip=ip), kinds.LOGIN)


def must_have_second_factor(user) -> bool:
    """Coordinators and platform administrators must use two-step login when the installation
    requires it (ZORGZAAM_REQUIRE_2FA); a network can require it of its own coordinators as well."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    required = settings.ZORGZAAM_REQUIRE_2FA
    if required and user.is_superuser:
        return True
    roles = RoleAssignment.objects.filter(
        person__user=user, person__anonymised_at__isnull=True, role=Role.COORDINATOR, active=True
    )
    if not required:
        roles = roles.filter(person__network__require_2fa_coordinators=True)
    return roles.exists()


def needs_enrolment(user) -> bool:
    return not getattr(user, "totp_enabled", False) and must_have_second_factor(user)


def provisioning_uri(user: User) -> str:
    import pyotp

    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name="Zorgzaam")


def start_totp_setup(user: User) -> str:
    """A secret to scan, not active until confirmed with a code. Kept while enrolment is pending, so
    reloading the page does not invalidate what the phone already scanned; never replaces an
    active secret."""
    if user.totp_enabled:
        raise SecondFactorError(_("Two-step login is already on."))
    if not user.totp_secret:
        import pyotp

        user.totp_secret = pyotp.random_base32()
        user.save(update_fields=["totp_secret"])
    return provisioning_uri(user)


def _new_recovery_codes(user: User) -> list[str]:
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16)) for _ in range(RECOVERY_CODE_COUNT)
    ]
    codes = ["-".join(c[i : i + 4] for i in range(0, 16, 4)) for c in codes]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, digest=RecoveryCode.hash(c)) for c in codes])
    return codes


@transaction.atomic
def confirm_totp(actor: Actor, code: str) -> list[str]:
    """Switch two-step login on with a first code. Returns the recovery codes (shown once), or an
    empty list when the code is wrong."""
    user = User.objects.select_for_update().get(pk=actor.user.pk)
    if user.totp_enabled or not _use_totp_code(user, code):
        return []
    user.totp_enabled = True
    user.save(update_fields=["totp_enabled"])
    actor.user.totp_enabled = True
    codes = _new_recovery_codes(user)
    record(actor, kinds.TOTP_ENABLED)
    return codes


def _confirm_password(actor: Actor, password: str) -> None:
    # Throttled like a login: a stolen session must not become a way to guess the password.
    user = actor.user
    if not throttle.reserve(user.username, actor.ip):
        raise SecondFactorError(throttle.lock_message())
    if not user.check_password(password or ""):
        raise SecondFactorError(_("That password is not right."))
    throttle.release(user.username, actor.ip)


# The password is checked outside the transaction: a wrong one must stay counted, not roll back.


def disable_totp(actor: Actor, password: str) -> None:
    if not actor.is_authenticated:
        deny()
    if must_have_second_factor(actor.user):
        raise SecondFactorError(_("Your role requires two-step login, so it cannot be switched off."))
    _confirm_password(actor, password)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.user.pk)
        user.totp_enabled = False
        user.totp_secret = ""
        user.save(update_fields=["totp_enabled", "totp_secret"])
        actor.user.totp_enabled, actor.user.totp_secret = False, ""
        RecoveryCode.objects.filter(user=user).delete()
        record(actor, TOTP_DISABLED)


def regenerate_recovery_codes(actor: Actor, password: str) -> list[str]:
    """New recovery codes (the old ones stop working). Needs the password: whoever holds the codes
    can pass the second step."""
    if not actor.is_authenticated:
        deny()
    if not actor.user.totp_enabled:
        raise SecondFactorError(_("Switch on two-step login first."))
    _confirm_password(actor, password)
    with transaction.atomic():
        codes = _new_recovery_codes(actor.user)
        record(actor, RECOVERY_CODES_MADE)
    return codes


def create_token(actor: Actor, name: str) -> tuple[ApiToken, str]:
    if not actor.is_authenticated:
        deny()
    token = ApiToken.new_token()
    obj = ApiToken.objects.create(
        user=actor.user, name=name[:100] or "API", prefix=token[3:11], digest=ApiToken.hash(token)
    )
    record(actor, kinds.TOKEN_CREATED, obj=obj)
    return obj, token


def revoke_token(actor: Actor, token: ApiToken) -> None:
    if token.user_id != actor.user.pk:
        deny()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor, kinds.TOKEN_REVOKED, obj=token)


def user_for_token(token: str) -> User | None:
    if not token or not token.startswith("zz_"):
        return None
    obj = (
        ApiToken.objects.filter(digest=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if obj is None:
        return None
    now = timezone.now()
    if not obj.last_used_at or (now - obj.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=obj.pk).update(last_used_at=now)
    return obj.user
