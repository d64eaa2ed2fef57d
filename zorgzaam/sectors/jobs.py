"""The life of an ImportJob beyond its import: who runs it, whether it is still alive, and cleaning up
after a process that was killed (kill -9, a crashed container) in the middle of an import.

A running job records its process (`worker` = "host:pid:token") and a heartbeat (`heartbeat_at`, set at
every progress step). A running job is interrupted when
- its process ran on this host and is gone (the pid is dead, or the pid now belongs to a newer process
  with another token, as in a restarted container), or
- its heartbeat is older than ZORGZAAM_JOB_STALE_SECONDS (a process on another host we cannot check).
Cleaning marks the job failed with a translated reason and removes incomplete sector layers nobody
is still writing. Incomplete layers are never "current" meanwhile (services.current_sector_set).

The background worker itself beats in the cache (WORKER_KEY) on start, on every task and every minute,
so a page can tell a queued job that is waiting its turn from one that no worker will pick up.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from zorgzaam.sectors.models import ImportJob, SectorSet

HOST = socket.gethostname()[:60]
# One per process: tells this process apart from an earlier one that had the same pid.
PROCESS_TOKEN = uuid.uuid4().hex[:12]

# Stored untranslated (a msgid) and translated when shown, in the reader's language.
INTERRUPTED = gettext_noop("The import was interrupted; please start again.")

WORKER_KEY = "zorgzaam:worker-heartbeat"
WORKER_FRESH_SECONDS = 150  # the worker beats every minute: two missed beats mean no worker
PICKUP_SECONDS = 20  # a queued job not started after this long is worth a notice


def stale_after() -> int:
    """Seconds without a heartbeat after which a running job counts as dead: the Django setting, else
    the environment variable of the same name, else 600."""
    value = getattr(settings, "ZORGZAAM_JOB_STALE_SECONDS", None) or os.environ.get(
        "ZORGZAAM_JOB_STALE_SECONDS"
    )
    try:
        return max(60, int(value)) if value else 600
    except ValueError:
        return 600


def worker_label() -> str:
    return f"{HOST}:{os.getpid()}:{PROCESS_TOKEN}"


def claim(job: ImportJob) -> None:
    """Mark the job running in this process."""
    now = timezone.now()
    job.status = ImportJob.Status.RUNNING
    job.started_at = job.heartbeat_at = now
    job.worker = worker_label()
    job.save(update_fields=["status", "started_at", "heartbeat_at", "worker"])


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


def _process_gone(worker: str) -> bool:
    host, _sep, rest = worker.partition(":")
    pid_text, _sep, token = rest.partition(":")
    if host != HOST or not pid_text.isdigit():
        return False  # another machine: only the heartbeat can tell
    pid = int(pid_text)
    if pid == os.getpid():
        return token != PROCESS_TOKEN
    return not _pid_alive(pid)


def interrupted_jobs(stale_seconds: int | None = None) -> list[ImportJob]:
    limit = timezone.now() - dt.timedelta(seconds=stale_after() if stale_seconds is None else stale_seconds)
    out = []
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING):
        beat = job.heartbeat_at or job.started_at or job.created_at
        if beat < limit or (job.worker and _process_gone(job.worker)):
            out.append(job)
    return out


def recover_interrupted(stale_seconds: int | None = None) -> dict[str, int]:
    """Mark interrupted jobs failed and remove the incomplete layers no live job is writing. Safe to
    run any time and from several processes (each job is taken over with a conditional update)."""
    failed, dead_layers = 0, set()
    for job in interrupted_jobs(stale_seconds):
        taken = ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.RUNNING, heartbeat_at=job.heartbeat_at
        ).update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            message=INTERRUPTED,
            errors=[INTERRUPTED],
        )
        failed += taken
        if taken and job.sector_set_id:
            dead_layers.add(job.sector_set_id)
    # Also layers no running job writes (from imports without a job), once they are old enough that
    # no import can still be busy with them.
    live = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, sector_set__isnull=False).values(
        "sector_set_id"
    )
    old = timezone.now() - dt.timedelta(seconds=stale_after())
    orphans = SectorSet.objects.filter(complete=False, imported_at__lt=old).exclude(pk__in=live)
    layers = 0
    for sset in SectorSet.objects.filter(complete=False).filter(
        Q(pk__in=dead_layers) | Q(pk__in=orphans.values("pk"))
    ):
        with transaction.atomic():
            sset.delete()
        layers += 1
    return {"jobs": failed, "layers": layers}


# --- the worker's own heartbeat ------------------------------------------------------------------


def beat_worker() -> None:
    cache.set(WORKER_KEY, timezone.now().timestamp(), timeout=None)


def worker_seen_recently() -> bool:
    seen = cache.get(WORKER_KEY)
    return bool(seen) and timezone.now().timestamp() - float(seen) < WORKER_FRESH_SECONDS


def waiting_for_worker(job: ImportJob) -> bool:
    """A queued job that no worker has picked up: none beats, or it has waited long already."""
    if job.status != ImportJob.Status.PENDING:
        return False
    waited = (timezone.now() - job.created_at).total_seconds()
    return waited > PICKUP_SECONDS or not worker_seen_recently()
