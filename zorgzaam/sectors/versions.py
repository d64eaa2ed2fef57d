"""Versions of the sector layer: one layer per reference year, and current sectors kept per municipality.

- A file may cover only some municipalities (a file for Gent only). The new layer then also holds the
  sectors of every other municipality from the version it follows (the newest layer of the same or an
  earlier year), copied as they were: importing Gent keeps Antwerpen's sectors current. A sector's
  municipality is its NIS code, the first five characters of the sector code. An old sector lying under
  the new file's sectors (a merged municipality with a new NIS code) is not kept: it was redrawn.
- Importing a year again replaces that year's layer (a corrected file, or the next municipality's file
  of the same year). What pointed at the old layer (areas' sectors, indicator values, the recorded
  changes towards later layers) is moved to the new one and the old layer is removed, in the same
  transaction that makes the new layer complete; a failed import leaves the old one as it was.
Changes are recorded against the newest layer of an earlier year (`prior`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from zorgzaam.core.lazy import lazy_module
from zorgzaam.sectors import geo
from zorgzaam.sectors.models import AreaSector, IndicatorValue, Sector, SectorChange, SectorSet

# Imported on first use (zorgzaam/core/lazy.py): the sectors services load this module for every page.
np = lazy_module("numpy")
shapely = lazy_module("shapely")

COPIED_FIELDS = ("code", "name_nl", "name_fr", "nis_code", "geometry", "area_m2", "centroid_lat")
COPIED_FIELDS += ("centroid_lon", "minx", "miny", "maxx", "maxy")


@dataclass
class Plan:
    base: SectorSet | None  # the version the new layer follows: its other municipalities are kept
    prior: SectorSet | None  # the newest layer of an earlier year: changes are recorded against it
    kept: list[dict] = field(default_factory=list)  # sector rows copied from `base`
    kept_geoms: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))


def _newest(qs):
    return qs.order_by("-reference_year", "-imported_at", "-id").first()


def municipality(code: str) -> str:
    return code[:5]


def plan(year: int, layer: geo.SectorLayer) -> Plan:
    """What a new layer of `year` made from `layer` keeps from the layers before it (reads only)."""
    complete = SectorSet.objects.filter(complete=True)
    result = Plan(
        base=_newest(complete.filter(reference_year__lte=year)),
        prior=_newest(complete.filter(reference_year__lt=year)),
    )
    if result.base is None:
        return result
    covered = {municipality(c) for c in layer.codes}
    rows = [
        r
        for r in Sector.objects.filter(sector_set=result.base)
        .annotate(geo_text=Cast("geometry", TextField()))
        .values("pk", "code", "geo_text")
        .order_by("code")
        if municipality(r["code"]) not in covered
    ]
    if not rows:
        return result
    geoms = geo.from_geojson_texts([r["geo_text"] for r in rows])
    under_new = _lying_under(geoms, layer.geoms)
    result.kept = [r for r, drop in zip(rows, under_new, strict=True) if not drop]
    result.kept_geoms = geoms[~under_new]
    return result


def _lying_under(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Per old shape: does the new layer cover a substantial part of it (more than touching edges)?"""
    covered = np.zeros(len(old))
    tree = shapely.STRtree(new)
    oi, ni = tree.query(old, predicate="intersects")
    if len(oi):
        np.add.at(covered, oi, shapely.area(shapely.intersection(old[oi], new[ni])))
    return covered > geo.OVERLAP_SHARE * np.maximum(shapely.area(old), 1e-30)


def copy_kept(sset: SectorSet, kept: list[dict], batch: int = 500) -> None:
    """Copy the kept sectors into `sset` inside the database (INSERT … SELECT, the same on SQLite and
    PostgreSQL): no shape travels through Python, several times faster than bulk_create for a
    national layer."""
    qn = connection.ops.quote_name
    table = qn(Sector._meta.db_table)
    # Table and column names come from our own model, never from input.
    columns = ", ".join(qn(Sector._meta.get_field(f).column) for f in COPIED_FIELDS)
    set_column = qn(Sector._meta.get_field("sector_set").column)
    ids = [r["pk"] for r in kept]
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        marks = ", ".join(["%s"] * len(chunk))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({set_column}, {columns}) "  # noqa: S608
                f"SELECT %s, {columns} FROM {table} WHERE id IN ({marks}) ORDER BY {qn('code')}",
                [sset.pk, *chunk],
            )


def replace_same_year(new: SectorSet) -> int:
    """Remove the other complete layers of the new layer's year after moving what pointed at them.
    Runs inside the transaction that completes `new`. Returns how many layers were replaced."""
    olds = list(
        SectorSet.objects.select_for_update()
        .filter(reference_year=new.reference_year, complete=True)
        .exclude(pk=new.pk)
    )
    if not olds:
        return 0
    by_code = dict(Sector.objects.filter(sector_set=new).values_list("code", "pk"))
    taken = set(AreaSector.objects.filter(sector__sector_set=new).values_list("area_id", "sector_id"))
    for old in olds:
        moved = []
        for link in AreaSector.objects.filter(sector__sector_set=old).select_related("sector"):
            target = by_code.get(link.sector.code)
            # A code the new version no longer has: the link goes with the old layer.
            if target is not None and (link.area_id, target) not in taken:
                link.sector_id = target
                taken.add((link.area_id, target))
                moved.append(link)
        AreaSector.objects.bulk_update(moved, ["sector"], batch_size=1000)
        SectorChange.objects.filter(from_set=old).update(from_set=new)
        IndicatorValue.objects.filter(sector_set=old).update(sector_set=new)
        old.delete()  # its sectors, the links not moved, and the changes that led to it
    return len(olds)
