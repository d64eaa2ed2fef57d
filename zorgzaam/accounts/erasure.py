"""Erasing a login when the person behind it is erased (called by people.services.erase_person).

Kept apart from services.py (logins, throttling, second factor) because it is part of erasure: it
turns the login into an inert, nameless row that audit events may keep pointing at.
"""

from __future__ import annotations

import re
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone

from zorgzaam.accounts.models import User

ERASED_PREFIX = "erased-"
_ERASED_NAME = re.compile(rf"^{ERASED_PREFIX}(\d+)$")


@transaction.atomic
def erase_login(user: User, person_id: int) -> None:
    """Deactivate and anonymise the login, revoke its API tokens and end its sessions. The row stays
    (audit events refer to it); its user name becomes erased-<person id>."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.username = f"{ERASED_PREFIX}{person_id}"
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()  # also changes the session hash: any session we cannot list dies too
    user.is_active = user.is_staff = user.is_superuser = False
    user.totp_secret, user.totp_enabled = "", False
    user.preferred_language = ""
    user.save()
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.api_tokens.update(name="")  # the name was typed by the user
    user.groups.clear()
    user.user_permissions.clear()
    if hasattr(user, "recovery_codes"):  # second-factor recovery codes, where that feature exists
        user.recovery_codes.all().delete()
    end_sessions(user)


def end_sessions(user: User) -> int:
    """Delete every stored session of `user`. Database-backed engines (db, cached_db, and custom
    stores built on them) are listed and each session is deleted through its store, which also clears
    the cache copy. Stores that cannot be listed (cache, signed cookies, files) are covered by the
    unusable password: Django's session hash check logs such sessions out on their next request, and
    an inactive user is never authenticated."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    store = store_class()
    uid = str(user._meta.pk.value_to_string(user))
    ended = 0
    for row in store_class.get_model_class().objects.only("session_key", "session_data").iterator():
        if str(store.decode(row.session_data).get(SESSION_KEY)) == uid:
            store_class(row.session_key).delete()
            ended += 1
    return ended


def erased_person_id(user) -> int | None:
    """The person number an erased login stood for (None for a login that is not erased)."""
    if user is None or user.is_active:
        return None
    match = _ERASED_NAME.match(user.username or "")
    return int(match.group(1)) if match else None
