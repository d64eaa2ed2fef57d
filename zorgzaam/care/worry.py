"""Signals from anyone ("zorgzame buur meldt"): a neighbour or shopkeeper without an account raises a
worry on the network's public form. The worry enters the normal consent and triage flow as a signal;
the reporter gets an acknowledgement and nothing about the case, ever (no number, no status, no names).

Per client address at most ZORGZAAM_PUBLIC_SIGNAL_LIMIT worries per ZORGZAAM_PUBLIC_SIGNAL_WINDOW_SECONDS
(defaults 5 per hour), counted in the login throttle's table under its own key, with a row lock, so
parallel posts cannot overshoot (accounts/throttle.py explains why the database and not the cache).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import LoginThrottle
from zorgzaam.accounts.throttle import address_bucket
from zorgzaam.care import services
from zorgzaam.care.models import Signal

# Who may say they noticed it on the public form (staff-only sources stay off it).
PUBLIC_SOURCES = (Signal.Source.NEIGHBOUR, Signal.Source.SHOPKEEPER, Signal.Source.SELF)
MAX_BODY_BYTES = 20_000  # the form's fields at their longest, with room; refused before parsing


def _limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "ZORGZAAM_PUBLIC_SIGNAL_LIMIT", 5)),
        int(getattr(settings, "ZORGZAAM_PUBLIC_SIGNAL_WINDOW_SECONDS", 3600)),
    )


def take_slot(ip: str | None) -> bool:
    """Count one public worry from this address; False (nothing counted) once the limit is reached."""
    limit, window_seconds = _limit()
    key = hashlib.sha256(f"worry:a:{address_bucket(ip)}".encode()).hexdigest()
    now = timezone.now()
    window = timedelta(seconds=window_seconds)
    with transaction.atomic():
        LoginThrottle.objects.bulk_create(
            [LoginThrottle(key=key, window_start=now, expires_at=now + window)], ignore_conflicts=True
        )
        row = LoginThrottle.objects.select_for_update().get(key=key)
        if row.window_start + window <= now:
            row.failures, row.window_start = 0, now
        if row.failures >= limit:
            return False
        row.failures += 1
        row.expires_at = row.window_start + window
        row.save(update_fields=["failures", "window_start", "expires_at"])
    return True


def public_actor(network, ip: str | None):
    """Nobody logged in: the audit event says 'via public' with the address, the signal has no reporter."""
    return services.Actor(user=None, network=network, via="public", ip=ip, _roles=[])


def raise_worry(
    network,
    *,
    ip: str | None,
    description: str,
    source: str,
    consent_status: str,
    consent_reason: str = "",
    address_text: str = "",
    description_of_person: str = "",
    area=None,
) -> None:
    """Store a worry from the public form as an open signal for the area's coaches. Returns nothing: the
    reporter learns nothing about the case. Refused (ValidationError) when this address sent too many."""
    if network is None:
        raise ValidationError(_("Unknown neighbourhood."))
    if source not in PUBLIC_SOURCES:
        raise ValidationError({"source": _("Unknown source.")})
    if not take_slot(ip):
        raise ValidationError(
            _("Many worries came from this connection in a short time. Try again later, or call the team.")
        )
    services.store_signal(
        public_actor(network, ip),
        description=description,
        source=source,
        consent_status=consent_status,
        consent_reason=consent_reason,
        address_text=address_text,
        description_of_person=description_of_person,
        area=area,
    )
