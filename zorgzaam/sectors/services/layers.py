"""Sectors: importing a sector layer and linking sectors to areas."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.lazy import lazy_module
from zorgzaam.core.permissions import require as _require
from zorgzaam.networks.models import Area, Network
from zorgzaam.people.actor import Actor
from zorgzaam.sectors import geo, versions
from zorgzaam.sectors.models import (
    AreaSector,
    ImportJob,
    Sector,
    SectorChange,
    SectorSet,
)
from zorgzaam.sectors.services.figures import current_sector_set
from zorgzaam.sectors.services.permissions import (
    AREA_SECTORS_CHANGED,
    SECTORS_IMPORTED,
    can_manage,
    is_platform_admin,
)
from zorgzaam.sectors.services.placement import schedule_placements
from zorgzaam.sectors.services.progress import report_progress

BATCH = 2000
WRITE_BATCH = 5000
# Imported on first use (zorgzaam/core/lazy.py): most sectors pages never touch a geometry.
np = lazy_module("numpy")
shapely = lazy_module("shapely")


def import_sector_file(
    actor: Actor,
    path: str | Path,
    *,
    reference_year: int | None = None,
    name: str = "",
    source: str = "",
    job: ImportJob | None = None,
    on_progress: Callable[[int, str], None] | None = None,
) -> SectorSet:
    """Import a Statbel sector file as a new layer version. Everything is validated before the first
    write; a failure during writing removes the half-written layer, so a bad file imports nothing.
    The year comes from the form, else from the code column or the file name (`source`). Sectors of
    municipalities the file does not cover are kept from the version before, and a layer of the same
    year is replaced (see versions.py). Changes against the newest earlier year are recorded as
    SectorChange rows. The layer is shared by every network, so only the platform administrator (or
    system work) may import one."""
    _require(is_platform_admin(actor))

    def step(progress: float, message: str) -> None:
        report_progress(job, progress, message)
        if on_progress is not None:
            on_progress(int(progress), message)

    step(2, _("Reading the file…"))
    layer = geo.read_sector_file(path, name=source or Path(path).name)
    year = reference_year or layer.year_hint
    if not year:
        raise ValidationError({"reference_year": _("Give the reference year of this layer.")})
    if not 1970 <= int(year) <= 2100:
        raise ValidationError({"reference_year": _("This is not a plausible reference year.")})
    step(15, _("Checked %(n)d sectors.") % {"n": len(layer)})
    plan = versions.plan(int(year), layer)
    rounded = geo.round_geoms(layer.geoms)
    geojson = shapely.to_geojson(rounded)  # JSON text in one C call: no dicts, no json.dumps per sector
    cx = shapely.centroid(layer.geoms)
    lon, lat = shapely.get_x(cx), shapely.get_y(cx)
    bounds = shapely.bounds(layer.geoms)
    step(25, _("Saving sectors…"))
    sset = SectorSet.objects.create(
        reference_year=year,
        name=name or _("Statistical sectors %(year)s") % {"year": year},
        source=source or Path(path).name,
        crs_source=layer.crs_label,
        feature_count=len(layer) + len(plan.kept),
        imported_by=actor.user if getattr(actor.user, "pk", None) else None,
        complete=False,
    )
    if job is not None:
        # Linked at once, so an interrupted job's half-written layer can be found and removed.
        ImportJob.objects.filter(pk=job.pk).update(sector_set=sset)
        job.sector_set = sset
    try:
        n = len(layer)
        _write_sectors(sset, layer, geojson, lat, lon, bounds, step)
        counts: dict[str, int] = {"sectors": n + len(plan.kept)}
        if plan.kept:
            step(86, _("Keeping %(n)d sectors of other municipalities…") % {"n": len(plan.kept)})
            versions.copy_kept(sset, plan.kept, BATCH)
            counts["kept"] = len(plan.kept)
        previous = plan.prior
        with transaction.atomic():
            if previous is not None:
                step(88, _("Comparing with the previous layer…"))
                from django.db.models import TextField
                from django.db.models.functions import Cast

                # The stored JSON as text, parsed by GEOS in one call (no per-sector dicts).
                old = list(
                    Sector.objects.filter(sector_set=previous)
                    .annotate(geo_text=Cast("geometry", TextField()))
                    .values_list("code", "geo_text")
                )
                old_geoms = geo.from_geojson_texts([g for _c, g in old])
                changes = geo.detect_changes(
                    [c for c, _g in old],
                    old_geoms,
                    layer.codes + [r["code"] for r in plan.kept],
                    np.concatenate([rounded, plan.kept_geoms]),
                )
                SectorChange.objects.bulk_create(
                    [
                        SectorChange(from_set=previous, to_set=sset, kind=k, old_codes=o, new_codes=nw)
                        for k, o, nw in changes
                    ],
                    batch_size=1000,
                )
                for k, _o, _n in changes:
                    counts[k] = counts.get(k, 0) + 1
            SectorSet.objects.filter(pk=sset.pk).update(complete=True)
            sset.complete = True
            replaced = versions.replace_same_year(sset)
            if replaced:
                counts["replaced"] = replaced
            if job is not None:
                ImportJob.objects.filter(pk=job.pk).update(sector_set=sset, counts=counts)
                job.counts = counts
            record(
                actor, SECTORS_IMPORTED, obj=sset, data={"year": year, "sectors": n, "crs": layer.crs_label}
            )
    except BaseException:
        _discard_layer(sset)
        raise
    return sset


SECTOR_COLUMNS = (
    "sector_set_id, code, name_nl, name_fr, nis_code, geometry, area_m2, "
    "centroid_lat, centroid_lon, minx, miny, maxx, maxy"
)


def _write_sectors(sset: SectorSet, layer, geojson, lat, lon, bounds, step) -> None:
    """Write the layer's sectors with raw rows (issue 15 item 5: close to a bare read plus COPY):
    COPY on PostgreSQL, executemany elsewhere; the ORM's per-field preparation cost more than the
    database. Committed per batch, so progress shows; an interrupted import's layer is incomplete and
    removed (see _discard_layer and the worker's clean-up)."""
    from django.db import connection

    table = connection.ops.quote_name(Sector._meta.db_table)
    n = len(layer)
    rows = zip(
        [sset.pk] * n,
        layer.codes,
        [t[:200] for t in layer.names_nl],
        [t[:200] for t in layer.names_fr],
        layer.nis_codes,
        geojson.tolist(),
        np.asarray(layer.areas_m2, dtype=float).tolist(),
        np.asarray(lat, dtype=float).tolist(),
        np.asarray(lon, dtype=float).tolist(),
        *np.asarray(bounds, dtype=float).T.tolist(),
        strict=True,
    )
    done = 0
    while done < n:
        batch = [next(rows) for _ in range(min(WRITE_BATCH, n - done))]
        with transaction.atomic():
            _write_batch(table, batch)
        done += len(batch)
        step(25 + 60 * done / n, _("Saved %(done)d of %(n)d sectors.") % {"done": done, "n": n})


def _write_batch(table: str, batch: list[tuple]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({SECTOR_COLUMNS}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * 13)
            # The table name comes from our own model, never from input.
            cursor.executemany(f"INSERT INTO {table} ({SECTOR_COLUMNS}) VALUES ({marks})", batch)  # noqa: S608


def _discard_layer(sset: SectorSet) -> None:
    """Remove a layer whose import failed. A killed process never gets here: jobs.recover_interrupted
    removes what it left."""
    sset.delete()


def sector_sets() -> QuerySet[SectorSet]:
    return SectorSet.objects.filter(complete=True)


def change_summary(sset: SectorSet) -> dict[str, int]:
    from django.db.models import Count

    return dict(
        SectorChange.objects.filter(to_set=sset)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )


def change_summaries(sets) -> dict[int, dict[str, int]]:
    """change_summary of several layers in one query (the layer list)."""
    from django.db.models import Count

    out: dict[int, dict[str, int]] = {s.pk: {} for s in sets}
    rows = (
        SectorChange.objects.filter(to_set__in=list(out))
        .values("to_set_id", "kind")
        .annotate(n=Count("id"))
        .values_list("to_set_id", "kind", "n")
    )
    for set_id, kind, n in rows:
        out[set_id][kind] = n
    return out


def network_sectors(network: Network, sector_set: SectorSet | None = None) -> QuerySet[Sector]:
    """Sectors of the network's municipality (NIS code), else of its areas' extent."""
    sset = sector_set or current_sector_set()
    if sset is None:
        return Sector.objects.none()
    qs = Sector.objects.filter(sector_set=sset)
    if network.nis_code:
        return qs.filter(nis_code=network.nis_code)
    linked = set(AreaSector.objects.filter(area__network=network).values_list("sector__nis_code", flat=True))
    if linked:
        return qs.filter(nis_code__in=linked)
    # No NIS code and no sectors chosen yet: the sectors around the areas' drawn boundaries.
    boxes = []
    for boundary in (
        Area.objects.filter(network=network).exclude(boundary=None).values_list("boundary", flat=True)
    ):
        try:
            boxes.append(shapely.geometry.shape(boundary).bounds)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    if not boxes:
        return qs.none()
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return qs.filter(minx__lte=x1, maxx__gte=x0, miny__lte=y1, maxy__gte=y0)


# --- areas of sectors ---------------------------------------------------------------------------


def set_area_sectors(
    actor: Actor, area: Area, codes: Iterable[str], *, recompute: bool = True
) -> list[Sector]:
    """Define an area as this set of sectors of the current layer (empty: back to its drawn boundary)."""
    _require(can_manage(actor) and actor.network is not None and area.network_id == actor.network.pk)
    wanted = sorted({c.strip().upper() for c in codes if c and c.strip()})
    sset = current_sector_set()
    if wanted and sset is None:
        raise ValidationError(
            {"codes": _("There is no sector layer yet: the platform administrator imports it.")}
        )
    sectors = list(Sector.objects.filter(sector_set=sset, code__in=wanted)) if wanted else []
    unknown = sorted(set(wanted) - {s.code for s in sectors})
    if unknown:
        raise ValidationError(
            {"codes": _("Unknown sector codes: %(codes)s") % {"codes": ", ".join(unknown[:20])}}
        )
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=area.pk).first()
        AreaSector.objects.filter(area=area).delete()
        AreaSector.objects.bulk_create([AreaSector(area=area, sector=s) for s in sectors])
        record(actor, AREA_SECTORS_CHANGED, obj=area, data={"sectors": len(sectors)})
    if recompute:
        schedule_placements(area.network, actor)
    return sectors


def parse_codes(text: str) -> list[str]:
    import re

    return [c for c in re.split(r"[\s,;]+", (text or "").upper()) if c]


def sectors_in_other_areas(area: Area) -> dict[str, list[str]]:
    """Sector code -> names of the network's other areas that already contain it (in the current
    layer), so a coordinator does not count the same residents twice by accident."""
    sset = current_sector_set()
    if sset is None:
        return {}
    result: dict[str, list[str]] = {}
    links = (
        AreaSector.objects.filter(area__network_id=area.network_id, sector__sector_set=sset)
        .exclude(area=area)
        .select_related("area")
        .only("area__name", "sector__code")
        .values_list("sector__code", "area__name")
        .order_by("area__name")
    )
    for code, name in links:
        result.setdefault(code, []).append(name)
    return result
