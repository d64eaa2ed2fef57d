"""Sectors: uploads and import jobs for sector layers and indicator tables."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zorgzaam.core import uploads
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.networks.models import Network
from zorgzaam.people.actor import Actor
from zorgzaam.sectors.models import (
    ImportJob,
)
from zorgzaam.sectors.services.layers import import_sector_file
from zorgzaam.sectors.services.permissions import can_manage, is_platform_admin
from zorgzaam.sectors.services.placement import schedule_placements
from zorgzaam.sectors.services.progress import finish_job, job_messages, start_job

# --- background imports -------------------------------------------------------------------------


def run_import_job(job: ImportJob) -> None:
    """Run a queued import; errors end up on the job (translated), never half-imported data."""
    from django.contrib.auth import get_user_model

    from zorgzaam.people.actor import build_actor

    user = get_user_model().objects.filter(pk=job.created_by_id).first() if job.created_by_id else None
    actor = build_actor(user, job.network) if user else None
    if actor is None:
        from zorgzaam.people.actor import system_actor

        actor = system_actor(job.network)
    start_job(job)
    try:
        if job.kind == ImportJob.Kind.SECTORS:
            sset = import_sector_file(actor, job.file_path, job=job, **job.params)
            finish_job(job, ok=True, message=_("Imported %(n)d sectors.") % {"n": sset.feature_count})
            for network in Network.objects.all():
                schedule_placements(network, actor)
        elif job.kind == ImportJob.Kind.INDICATORS:
            from zorgzaam.sectors import indicators

            counts = indicators.import_table(actor, job.file_path, job=job, **job.params)
            finish_job(
                job,
                ok=True,
                counts=counts,
                message=_("Imported %(n)d values.") % {"n": counts.get("values", 0)},
            )
        elif job.kind == ImportJob.Kind.ADDRESSES:
            from zorgzaam.addresses.services import run_job

            run_job(job, actor)
    except ValidationError as exc:
        finish_job(job, ok=False, errors=job_messages(exc))
    except PermissionDenied as exc:
        finish_job(job, ok=False, errors=[str(exc) or _("You do not have access to this.")])
    except Exception:
        # Keep the job page honest (not "running" forever); the traceback goes to the log.
        import logging

        logging.getLogger(__name__).exception("Import job %s failed", job.pk)
        finish_job(
            job,
            ok=False,
            errors=[_("The import stopped because of an unexpected error. Nothing was imported.")],
        )
    finally:
        Path(job.file_path).unlink(missing_ok=True) if job.file_path else None


def upload_dir() -> Path:
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "sector_imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(uploaded, suffix: str = "", *, kind: str | None = None) -> Path:
    """Keep an upload for its import job. With `kind` (core.uploads) it is first checked against that
    kind's limits, before anything is stored or parsed: too large, or a ZIP (also XLSX) that is not safe
    to unpack, is refused on the file field, for the page and the API alike."""
    import uuid

    if kind is not None:
        try:
            uploads.check_upload(kind, uploaded, getattr(uploaded, "name", ""))
        except uploads.UploadRefused as exc:
            raise ValidationError({"file": exc.messages}) from None
    name = getattr(uploaded, "name", "") or "upload"
    ext = suffix or Path(name).suffix.lower()
    path = upload_dir() / f"{uuid.uuid4().hex}{ext}"
    with path.open("wb") as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
    return path


SECTOR_EXTENSIONS = (".geojson", ".json", ".zip", ".gpkg")
TABLE_EXTENSIONS = (".csv", ".txt", ".xlsx")


def job_user(actor: Actor):
    return actor.user if getattr(actor.user, "pk", None) else None


def start_sector_import(actor: Actor, uploaded, *, reference_year: int | None, name: str = "") -> ImportJob:
    """Queue a sector layer import (platform admin only). The job belongs to no network: the layer is
    for all of them."""
    _require(is_platform_admin(actor))
    filename = getattr(uploaded, "name", "")
    if not filename.lower().endswith(SECTOR_EXTENSIONS):
        raise ValidationError({"file": _("Upload a GeoJSON, a zipped Shapefile or a GeoPackage.")})
    path = store_upload(uploaded, kind=uploads.SECTORS)
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.SECTORS,
        network=None,
        created_by=job_user(actor),
        file_path=str(path),
        params={"reference_year": reference_year, "name": name, "source": filename},
        message=_("Waiting to start…"),
    )
    enqueue_job(job)
    return job


def start_indicator_import(
    actor: Actor, path: str, *, filename: str, mapping: dict, default_year: int | None, source_name: str
) -> ImportJob:
    """Queue an indicator table import: values are shared by every network, so platform admin only."""
    _require(is_platform_admin(actor))
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.INDICATORS,
        network=None,
        created_by=job_user(actor),
        file_path=str(path),
        params={
            "mapping": mapping,
            "default_year": default_year,
            "source_name": source_name,
            "filename": filename,
        },
        message=_("Waiting to start…"),
    )
    enqueue_job(job)
    return job


def enqueue_job(job: ImportJob) -> None:
    from zorgzaam.sectors.tasks import run_import

    transaction.on_commit(lambda: run_import(job.pk))


SHARED_JOB_KINDS = (ImportJob.Kind.SECTORS, ImportJob.Kind.INDICATORS, ImportJob.Kind.ADDRESSES)


def visible_jobs(actor: Actor) -> QuerySet[ImportJob]:
    """The platform administrator follows the shared imports; a coordinator the jobs of their network
    (placements)."""
    own = Q(network=actor.network) if actor.network is not None and can_manage(actor) else Q(pk__in=[])
    if is_platform_admin(actor):
        return ImportJob.objects.filter(Q(kind__in=SHARED_JOB_KINDS) | own)
    if not can_manage(actor):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(own)


def get_job(actor: Actor, job_id: int) -> ImportJob:
    job = visible_jobs(actor).filter(pk=job_id).select_related("sector_set").first()
    if job is None:
        deny()
    return job
