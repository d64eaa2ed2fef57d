"""Batch assignment sent at most once: each batch carries an idempotency key (the API's Idempotency-Key
header, the batch page's hidden field).

1. The key row (BatchRun, state pending, with the hash of the pairs) is committed on its own first: a
   concurrent duplicate waits on the unique key and then finds it.
2. In one transaction the row is locked, the pairs are proposed (suggestions.accept_batch) and the
   result is stored with state done. A crash anywhere in there rolls back the matches together with
   the result, so the run is pending with nothing made; a retry with the same key runs it again. A
   retry after success returns the stored result and proposes nothing.
The same key with other pairs is refused (the client mixed up its keys). Keys are per user and per
network, and kept for RETENTION_DAYS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.care import services, suggestions
from zorgzaam.care.models import BatchRun
from zorgzaam.core.permissions import deny
from zorgzaam.people.actor import Actor

KEY_FIELD = "Idempotency-Key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9._~:-]{1,100}")
RETENTION_DAYS = 7


def _check_key(key: str | None) -> str:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise ValidationError(
            {KEY_FIELD: _("Send a key of 1 to 100 letters, digits or . _ ~ : - that is new for every batch.")}
        )
    return key


def request_hash(pairs) -> str:
    canonical = json.dumps([[int(r), int(h)] for r, h in pairs], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _allowed(actor: Actor) -> None:
    if not services.is_staff(actor) or getattr(actor.user, "pk", None) is None:
        deny()


def accept_batch_once(actor: Actor, key: str | None, pairs) -> tuple[BatchRun, bool]:
    """Propose the pairs once per key. Returns the run and whether this was a replay (an earlier call
    with the same key had already done the work)."""
    _allowed(actor)
    key = _check_key(key)
    pairs = [(int(r), int(h)) for r, h in pairs]
    digest = request_hash(pairs)
    run, _created = BatchRun.objects.get_or_create(
        network=actor.network, user=actor.user, key=key, defaults={"request_hash": digest}
    )
    if run.request_hash != digest:
        raise ValidationError({KEY_FIELD: _("This key was already used for other pairs: use a new key.")})
    try:
        with transaction.atomic():
            # A concurrent duplicate waits here until the first one has committed its result.
            run = BatchRun.objects.select_for_update().get(pk=run.pk)
            if run.state == BatchRun.State.DONE:
                return run, True
            made, problems = suggestions.accept_batch(actor, pairs)
            run.state = BatchRun.State.DONE
            run.result = {"created": [m.pk for m in made], "problems": problems}
            run.finished_at = timezone.now()
            run.save(update_fields=["state", "result", "finished_at"])
    except Exception:
        # Nothing of the run was kept; say so (a retry with the same key runs it again).
        BatchRun.objects.filter(pk=run.pk).exclude(state=BatchRun.State.DONE).update(
            state=BatchRun.State.FAILED, finished_at=timezone.now()
        )
        raise
    return run, False


def get_run(actor: Actor, key: str) -> BatchRun:
    """The sender's own run under `key`; any other (another user's, unknown) is simply not found."""
    _allowed(actor)
    run = BatchRun.objects.filter(network=actor.network, user=actor.user, key=key).first()
    if run is None:
        raise Http404
    return run


def prune_runs(days: int = RETENTION_DAYS) -> int:
    """Forget keys older than `days`: a client retries within minutes, not weeks."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _per_model = BatchRun.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def forget_user(network, user) -> None:
    """Erasure: the runs a login sent in this network (keys are the client's own text)."""
    BatchRun.objects.filter(network=network, user=user).delete()
