"""The address register: importing BeST files (platform administrator only, all or nothing), and
re-placing people after an import. Lookups and placement on intake: placement.py; reads: selectors.py.

Addresses are looked up in our own database only: nothing about a person's address leaves the server."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from zorgzaam.addresses import load
from zorgzaam.addresses.best import Reader
from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core import uploads
from zorgzaam.core.permissions import require as _require
from zorgzaam.networks.models import Network
from zorgzaam.people.actor import Actor
from zorgzaam.sectors.models import ImportJob

ADDRESSES_IMPORTED = kinds.register("addresses.imported", gettext_lazy("Address register imported"))
PEOPLE_REPLACED = kinds.register(
    "addresses.replaced", gettext_lazy("People placed again from the address register")
)

# Where FPS BOSA publishes the BeST address files (shown on the import page; we never fetch it).
OFFICIAL_SOURCE = "https://opendata.bosa.be/"
EXTENSIONS = (".csv", ".zip", ".txt")


def is_platform_admin(actor: Actor) -> bool:
    """The register is shared by every network: a Django superuser, or system work (the command)."""
    from zorgzaam.sectors.services import is_platform_admin as _admin

    return _admin(actor)


def import_file(
    actor: Actor,
    path: str | Path,
    *,
    kind: str = uploads.ADDRESSES_COMMAND,
    municipalities=(),
    job: ImportJob | None = None,
    replace_people: bool = True,
) -> dict[str, int]:
    """Import one BeST file (CSV or ZIP) into the register, in one transaction; then place people
    again (see `replace_people`). Raises ValidationError with translated messages, writing nothing."""
    _require(is_platform_admin(actor))
    path = Path(path)
    try:
        uploads.check_path(kind, path)
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.messages) from None
    except OSError as exc:
        raise ValidationError(_("The file cannot be read.")) from exc
    reader = Reader(
        path, kind=kind, municipalities=municipalities, progress=lambda f: _progress(job, 5 + 75 * f)
    )
    with transaction.atomic(), connection.cursor() as cur:
        load.create_staging(cur)
        rows = load.fill_staging(cur, reader.chunks())
        stats = reader.stats
        if stats.problems:
            raise ValidationError(uploads.capped(stats.problems.kept, stats.problems.total))
        if rows == 0:
            raise ValidationError(_("This file holds no current or proposed address to import."))
        _progress(job, 82, _("Writing the register…"))
        counts = {"rows": stats.rows, "addresses": rows, **load.merge(cur)}
        counts["skipped"] = stats.other_status + stats.other_municipality + stats.without_location
        record(actor, ADDRESSES_IMPORTED, data={k: counts[k] for k in ("addresses", "added", "removed")})
    if replace_people:
        _progress(job, 90, _("Placing people again…"))
        counts.update(replace_all(actor))
    return counts


def _progress(job: ImportJob | None, value: float, message: str = "") -> None:
    from zorgzaam.sectors.services import report_progress as progress

    progress(job, int(value), message)


def replace_all(actor: Actor, *, everyone: bool = False) -> dict[str, int]:
    """Place again the people of every network (after an import): those still unplaced or placed from
    the register before; with `everyone`, also people whose point came from elsewhere (never one
    entered by hand). Returns counts placed, moved, unchanged, not found."""
    from zorgzaam.addresses.placement import replace_network

    totals = {"placed": 0, "moved": 0, "unchanged": 0, "not_found": 0}
    for network in Network.objects.all():
        counts = replace_network(network, everyone=everyone)
        if any(counts.values()):
            record(actor, PEOPLE_REPLACED, network=network, data=counts)
        for key, n in counts.items():
            totals[key] += n
    return totals


def summary(counts: dict[str, int]) -> str:
    return ngettext("Imported %(n)s address.", "Imported %(n)s addresses.", counts.get("addresses", 0)) % {
        "n": counts.get("addresses", 0)
    }


# --- the page's background job --------------------------------------------------------------------


def start_import(actor: Actor, uploaded, *, municipalities=()) -> ImportJob:
    """Queue an import of an uploaded file (platform administrator; web limits apply)."""
    from zorgzaam.sectors.services import enqueue_job, job_user, store_upload

    _require(is_platform_admin(actor))
    filename = getattr(uploaded, "name", "") or ""
    if not filename.lower().endswith(EXTENSIONS):
        raise ValidationError({"file": _("Upload the BeST address file as CSV, or the ZIP file holding it.")})
    path = store_upload(uploaded, kind=uploads.ADDRESSES_WEB)
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.ADDRESSES,
        network=None,
        created_by=job_user(actor),
        file_path=str(path),
        params={"municipalities": list(municipalities), "source": filename},
        message=_("Waiting to start…"),
    )
    enqueue_job(job)
    return job


def run_job(job: ImportJob, actor: Actor) -> None:
    """Run a queued address import (from sectors.services.run_import_job, which handles failures)."""
    from zorgzaam.sectors.services import finish_job

    counts = import_file(
        actor,
        job.file_path,
        kind=uploads.ADDRESSES_WEB,
        municipalities=job.params.get("municipalities") or (),
        job=job,
    )
    finish_job(job, ok=True, counts=counts, message=summary(counts))
