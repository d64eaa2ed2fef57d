"""Logins: throttling, optional TOTP second factor, API tokens."""

from __future__ import annotations

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import ApiToken, User
from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.actor import Actor, build_actor


class LoginError(Exception):
    pass


def _keys(username: str, ip: str | None) -> list[str]:
    keys = [f"login-fail:u:{username.lower()[:150]}"]
    if ip:
        keys.append(f"login-fail:ip:{ip}")
    return keys


def is_locked(username: str, ip: str | None) -> bool:
    return any((cache.get(k) or 0) >= settings.LOGIN_MAX_FAILURES for k in _keys(username, ip))


def _register_failure(username: str, ip: str | None) -> None:
    for key in _keys(username, ip):
        # add() is a no-op when the key exists; incr() keeps the original expiry window.
        cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def _clear_failures(username: str, ip: str | None) -> None:
    cache.delete_many(_keys(username, ip))


def check_password_step(request, username: str, password: str, ip: str | None) -> User:
    """First step of login. Raises LoginError with a user-facing message."""
    if is_locked(username, ip):
        record(build_actor(None, via="ui", ip=ip), kinds.LOCKED_OUT, data={"username": username[:150]})
        raise LoginError(_("Too many failed attempts. Wait 15 minutes or ask your coordinator."))
    user = authenticate(request, username=username, password=password)
    if user is None:
        _register_failure(username, ip)
        record(build_actor(None, via="ui", ip=ip), kinds.LOGIN_FAILED, data={"username": username[:150]})
        raise LoginError(_("That user name and password do not match."))
    return user


def check_totp(user: User, code: str) -> bool:
    if not user.totp_enabled or not user.totp_secret:
        return True
    return pyotp.TOTP(user.totp_secret).verify((code or "").replace(" ", ""), valid_window=1)


def login_succeeded(user: User, ip: str | None) -> None:
    _clear_failures(user.username, ip)
    record(build_actor(user, via="ui", ip=ip), kinds.LOGIN)


def totp_failed(user: User, ip: str | None) -> None:
    _register_failure(user.username, ip)
    record(
        build_actor(None, via="ui", ip=ip),
        kinds.LOGIN_FAILED,
        data={"username": user.username, "step": "totp"},
    )


def start_totp_setup(user: User) -> str:
    """A new secret, stored but not active until confirmed with a valid code."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name="Zorgzaam")


def confirm_totp(actor: Actor, code: str) -> bool:
    user = actor.user
    if not user.totp_secret or not pyotp.TOTP(user.totp_secret).verify(code.replace(" ", ""), valid_window=1):
        return False
    user.totp_enabled = True
    user.save(update_fields=["totp_enabled"])
    record(actor, kinds.TOTP_ENABLED)
    return True


def create_token(actor: Actor, name: str) -> tuple[ApiToken, str]:
    if not actor.is_authenticated:
        raise PermissionDenied
    token = ApiToken.new_token()
    obj = ApiToken.objects.create(
        user=actor.user, name=name[:100] or "API", prefix=token[3:11], digest=ApiToken.hash(token)
    )
    record(actor, kinds.TOKEN_CREATED, obj=obj)
    return obj, token


def revoke_token(actor: Actor, token: ApiToken) -> None:
    if token.user_id != actor.user.pk:
        raise PermissionDenied
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
