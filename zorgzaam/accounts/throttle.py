"""Login throttling that one attacker cannot turn against everyone.

Two counters per attempt: (user name, address) locks after LOGIN_MAX_FAILURES failures, so guessing a
coordinator's password from one address never locks the coordinator out elsewhere; the address alone
locks only after LOGIN_MAX_FAILURES_PER_ADDRESS failures, so invented names from an office or a proxy
do not lock out everyone behind it. Failures count within LOGIN_FAILURE_WINDOW_SECONDS; a lock lasts
LOGIN_LOCKOUT_SECONDS.

An attempt reserves its failure before the password is checked, under a row lock (SELECT ... FOR
UPDATE), and gives it back when the password was right: parallel attempts cannot get more password
checks than the limit. Rows live in the database because the cache is not atomic on every backend
(the database cache's incr() is a read and a write, and resets the expiry).
"""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from zorgzaam.accounts.models import LoginThrottle


def address_bucket(ip: str | None) -> str:
    """IPv6 clients usually hold a whole /64, so one is counted as one address."""
    try:
        addr = ipaddress.ip_address(ip or "")
    except ValueError:
        return "unknown"
    if addr.version == 6:
        if addr.ipv4_mapped:
            return str(addr.ipv4_mapped)
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)


def _hash(key: str) -> str:
    # Hashing keeps user names (often a password typed in the wrong box) out of the table.
    return hashlib.sha256(key.encode()).hexdigest()


def _user_key(username: str, ip: str | None) -> str:
    return _hash(f"u:{(username or '').strip().lower()[:150]}|a:{address_bucket(ip)}")


def _keys(username: str, ip: str | None) -> dict[str, int]:
    """Hashed key -> failure limit."""
    return {
        _hash(f"a:{address_bucket(ip)}"): settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
        _user_key(username, ip): settings.LOGIN_MAX_FAILURES,
    }


def _locked_rows(keys, now) -> list[LoginThrottle]:
    # Create missing rows first, then lock them all in one order (sorted keys), so two attempts that
    # share the address row cannot deadlock.
    ordered = sorted(keys)
    LoginThrottle.objects.bulk_create(
        [LoginThrottle(key=k, window_start=now, expires_at=now) for k in ordered], ignore_conflicts=True
    )
    rows = list(LoginThrottle.objects.select_for_update().filter(key__in=ordered).order_by("key"))
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    for row in rows:
        lock_over = row.locked_until is not None and row.locked_until <= now
        window_over = row.locked_until is None and row.window_start + window <= now
        if lock_over or window_over:
            row.failures, row.window_start, row.locked_until = 0, now, None
    return rows


def _save(row: LoginThrottle) -> None:
    window_end = row.window_start + timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    row.expires_at = max(window_end, row.locked_until or window_end)
    row.save(update_fields=["failures", "window_start", "locked_until", "expires_at"])


def reserve(username: str, ip: str | None) -> bool:
    """Count this attempt as a failure before checking it. False (and nothing counted): locked."""
    now = timezone.now()
    keys = _keys(username, ip)
    with transaction.atomic():
        rows = _locked_rows(keys, now)
        if any(row.locked_until and row.locked_until > now for row in rows):
            return False
        lock_until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        for row in rows:
            row.failures += 1
            if row.failures >= keys[row.key]:
                row.locked_until = lock_until
            _save(row)
    return True


def release(username: str, ip: str | None) -> None:
    """The attempt was right: give back the failure reserve() counted."""
    now = timezone.now()
    keys = _keys(username, ip)
    with transaction.atomic():
        for row in _locked_rows(keys, now):
            row.failures = max(row.failures - 1, 0)
            if row.failures < keys[row.key]:
                row.locked_until = None
            _save(row)


def forget(username: str, ip: str | None) -> None:
    """A complete login: earlier failures for this user name at this address no longer count."""
    LoginThrottle.objects.filter(key=_user_key(username, ip)).delete()


def prune() -> int:
    """Delete rows whose window and lock are over (a periodic task)."""
    deleted, _ = LoginThrottle.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def lock_message() -> str:
    seconds = settings.LOGIN_LOCKOUT_SECONDS
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext(
            "Too many failed attempts. Wait %(count)d minute or ask your coordinator.",
            "Too many failed attempts. Wait %(count)d minutes or ask your coordinator.",
            minutes,
        ) % {"count": minutes}
    return ngettext(
        "Too many failed attempts. Wait %(count)d second or ask your coordinator.",
        "Too many failed attempts. Wait %(count)d seconds or ask your coordinator.",
        seconds,
    ) % {"count": seconds}
