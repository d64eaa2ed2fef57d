"""Sectors: progress and outcome of a background import job."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.core import uploads
from zorgzaam.sectors.models import (
    ImportJob,
)

# --- sector layers ------------------------------------------------------------------------------


def report_progress(job: ImportJob | None, progress: int, message: str = "") -> None:
    if job is None:
        return
    # Never backwards: a page (or a script polling the API) shows it only ever moving on.
    job.progress = max(job.progress or 0, min(100, int(progress)))
    if message:
        job.message = message
    # Every step is also a heartbeat: a job that stops beating was interrupted (see jobs.py).
    job.heartbeat_at = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        progress=job.progress, message=job.message, heartbeat_at=job.heartbeat_at
    )


def start_job(job: ImportJob) -> None:
    from zorgzaam.sectors import jobs

    jobs.claim(job)


def finish_job(
    job: ImportJob, *, ok: bool, counts: dict | None = None, errors: list | None = None, message: str = ""
) -> None:
    job.refresh_from_db(fields=["counts", "message", "sector_set"])
    job.status = ImportJob.Status.DONE if ok else ImportJob.Status.FAILED
    job.progress = 100 if ok else job.progress
    job.finished_at = timezone.now()
    if counts is not None:
        job.counts = {**job.counts, **counts}
    job.errors = uploads.capped(errors or [])  # the first problems and a count of the rest
    job.message = message or (_("Finished.") if ok else _("Nothing was imported."))
    job.save(update_fields=["status", "progress", "finished_at", "counts", "errors", "message"])


def today() -> dt.date:
    return timezone.localdate()


def job_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return uploads.capped([str(m) for msgs in exc.message_dict.values() for m in msgs])
    return uploads.capped([str(m) for m in exc.messages])
