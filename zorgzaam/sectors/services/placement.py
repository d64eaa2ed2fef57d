"""Sectors: placing people (and other registered point sources) in sectors."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.core.lazy import lazy_module
from zorgzaam.networks.models import Area, Network
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person
from zorgzaam.sectors.models import (
    ImportJob,
    Placement,
    Sector,
    SectorSet,
)
from zorgzaam.sectors.services.figures import area_geometry, current_sector_set, sectors_of_area
from zorgzaam.sectors.services.progress import finish_job, report_progress, start_job

# Imported on first use (zorgzaam/core/lazy.py): most sectors pages never touch a geometry.
np = lazy_module("numpy")
shapely = lazy_module("shapely")

PERSON_SOURCE = "people.person"


# --- placements ---------------------------------------------------------------------------------

# label -> function(network) returning a queryset with latitude/longitude fields, or an iterable of
# (object_id, longitude, latitude) tuples.
POINT_SOURCES: dict[str, Callable] = {}


def register_point_source(label: str, queryset_fn: Callable) -> None:
    """Let another app have its points placed in sectors and areas (e.g. "community.place")."""
    POINT_SOURCES[label] = queryset_fn


register_point_source(
    PERSON_SOURCE,
    lambda network: Person.objects.filter(
        network=network, anonymised_at__isnull=True, latitude__isnull=False, longitude__isnull=False
    ),
)


def _points_of(fn: Callable, network: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = fn(network)
    if isinstance(rows, QuerySet):
        rows = rows.values_list("pk", "longitude", "latitude")
    arr = [(int(i), float(x), float(y)) for i, x, y in rows if x is not None and y is not None]
    if not arr:
        return np.empty(0, dtype=np.int64), np.empty(0), np.empty(0)
    a = np.array(arr, dtype=float)
    return a[:, 0].astype(np.int64), a[:, 1], a[:, 2]


def locate(lon: np.ndarray, lat: np.ndarray, geoms: list) -> np.ndarray:
    """Index into `geoms` of the first geometry covering each point, -1 when none. Vectorised:
    one STRtree query for all points; ties (points on a shared edge) go to the lowest index."""
    result = np.full(len(lon), -1, dtype=np.int64)
    if len(lon) == 0 or not geoms:
        return result
    tree = shapely.STRtree(np.asarray(geoms, dtype=object))
    pts = shapely.points(lon, lat)
    pi, gi = tree.query(pts, predicate="intersects")
    if len(pi):
        order = np.lexsort((gi, pi))
        pi, gi = pi[order], gi[order]
        first = np.r_[True, pi[1:] != pi[:-1]]
        result[pi[first]] = gi[first]
    return result


def _area_lookup(network: Network, sset: SectorSet | None):
    """(sector_id -> area_id, [(area_id, geometry)] for areas without sectors)."""
    by_sector: dict[int, int] = {}
    drawn: list[tuple[int, object]] = []
    for area in Area.objects.filter(network=network).order_by("pk"):
        sector_ids = list(sectors_of_area(area, sset).values_list("pk", flat=True)) if sset else []
        if sector_ids:
            for sid in sector_ids:
                by_sector.setdefault(sid, area.pk)
        elif area.boundary:
            geom = area_geometry(area)
            if geom is not None and not geom.is_empty:
                drawn.append((area.pk, geom))
    return by_sector, drawn


def assign_points(network: Network, *, job: ImportJob | None = None) -> dict[str, int]:
    """Place every registered point of the network in its sector and area (vectorised), store a
    Placement per point and fill people.Person.area when it is empty or was filled in by us before."""
    sset = current_sector_set()
    sources = [(label, _points_of(fn, network)) for label, fn in POINT_SOURCES.items()]
    # Candidate sectors: those whose bounding box meets the points' extent (no NIS code needed),
    # plus the sectors of the network's areas.
    sectors = []
    by_sector, drawn = _area_lookup(network, sset)
    all_lon = np.concatenate([pts[1] for _l, pts in sources]) if sources else np.empty(0)
    all_lat = np.concatenate([pts[2] for _l, pts in sources]) if sources else np.empty(0)
    if sset is not None and len(all_lon):
        x0, x1, y0, y1 = all_lon.min(), all_lon.max(), all_lat.min(), all_lat.max()
        sectors = list(
            Sector.objects.filter(
                sector_set=sset, minx__lte=x1, maxx__gte=x0, miny__lte=y1, maxy__gte=y0
            ).values_list("pk", "geometry")
        )
    have = {pk for pk, _g in sectors}
    extra = [s for s in by_sector if s not in have]
    if extra:
        sectors += list(Sector.objects.filter(pk__in=extra).values_list("pk", "geometry"))
    sectors.sort()
    sector_ids = np.array([pk for pk, _g in sectors], dtype=np.int64)
    sector_geoms = [shapely.geometry.shape(g) for _pk, g in sectors]
    drawn_ids = np.array([a for a, _g in drawn], dtype=np.int64)
    drawn_geoms = [g for _a, g in drawn]
    counts = {"points": 0, "in_sector": 0, "in_area": 0, "areas_filled": 0}
    now = timezone.now()
    for n_src, (label, (ids, lon, lat)) in enumerate(sources):
        s_idx = locate(lon, lat, sector_geoms)
        sector_of = np.where(s_idx >= 0, sector_ids[np.maximum(s_idx, 0)] if len(sector_ids) else -1, -1)
        area_of = np.array([by_sector.get(int(s), -1) if s >= 0 else -1 for s in sector_of], dtype=np.int64)
        if len(drawn_geoms):
            d_idx = locate(lon, lat, drawn_geoms)
            fill = (area_of < 0) & (d_idx >= 0)
            area_of[fill] = drawn_ids[d_idx[fill]]
        counts["points"] += len(ids)
        counts["in_sector"] += int((sector_of >= 0).sum())
        counts["in_area"] += int((area_of >= 0).sum())
        with transaction.atomic():
            existing = {p.object_id: p for p in Placement.objects.filter(network=network, source=label)}
            persons = {}
            if label == PERSON_SOURCE:
                persons = {p.pk: p for p in Person.objects.filter(pk__in=ids.tolist()).only("pk", "area_id")}
            to_create, to_update, person_updates = [], [], []
            for oid, sid, aid in zip(ids.tolist(), sector_of.tolist(), area_of.tolist(), strict=True):
                sid = sid if sid >= 0 else None
                aid = aid if aid >= 0 else None
                pl = existing.pop(oid, None)
                auto = pl.area_set_automatically if pl else False
                person = persons.get(oid)
                if person is not None:
                    if person.area_id is None or (auto and person.area_id == pl.area_id):
                        if aid is not None and person.area_id != aid:
                            person.area_id = aid
                            person_updates.append(person)
                            counts["areas_filled"] += 1
                        auto = aid is not None or auto
                    elif person.area_id is not None and not (
                        auto and person.area_id == (pl.area_id if pl else None)
                    ):
                        auto = False
                if pl is None:
                    to_create.append(
                        Placement(
                            network=network,
                            source=label,
                            object_id=oid,
                            person_id=oid if person is not None else None,
                            sector_id=sid,
                            area_id=aid,
                            area_set_automatically=auto,
                            computed_at=now,
                        )
                    )
                else:
                    pl.sector_id, pl.area_id, pl.area_set_automatically, pl.computed_at = sid, aid, auto, now
                    to_update.append(pl)
            Placement.objects.bulk_create(to_create, batch_size=1000)
            Placement.objects.bulk_update(
                to_update, ["sector", "area", "area_set_automatically", "computed_at"], batch_size=1000
            )
            if person_updates:
                Person.objects.bulk_update(person_updates, ["area"], batch_size=1000)
            # Points that disappeared (no coordinates any more): forget their placement.
            if existing:
                Placement.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
        report_progress(
            job,
            10 + 85 * (n_src + 1) / max(1, len(sources)),
            _("Placed %(n)d points.") % {"n": counts["points"]},
        )
    return counts


def schedule_placements(network: Network, actor: Actor | None = None) -> ImportJob:
    """Start recomputing placements in the background (a Huey task), with a job to follow."""
    from zorgzaam.sectors.tasks import recompute_placements

    job = ImportJob.objects.create(
        kind=ImportJob.Kind.PLACEMENTS,
        network=network,
        created_by=getattr(actor, "user", None)
        if getattr(getattr(actor, "user", None), "pk", None)
        else None,
    )
    transaction.on_commit(lambda: recompute_placements(job.pk))
    return job


def run_placement_job(job: ImportJob) -> None:
    start_job(job)
    try:
        counts = assign_points(job.network, job=job)
    except Exception as exc:  # noqa: BLE001 - a failed background job must be visible on its page
        finish_job(job, ok=False, errors=[str(exc)])
        raise
    finish_job(job, ok=True, counts=counts)


def person_placement_counts(network: Network) -> dict[int | None, int]:
    """Persons per area from placements (for aggregates only)."""
    from django.db.models import Count

    return dict(
        Placement.objects.filter(network=network, source=PERSON_SOURCE)
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )


def place_person(person: Person) -> Placement | None:
    """Place one person after their address changed: a bounding-box prefilter keeps this to a
    handful of candidate sectors. The same area rule as assign_points applies."""
    existing = Placement.objects.filter(
        network_id=person.network_id, source=PERSON_SOURCE, object_id=person.pk
    ).first()
    if not person.has_point or person.anonymised_at:
        if existing:
            existing.delete()
        return None
    lon, lat = float(person.longitude), float(person.latitude)
    sset = current_sector_set()
    sector_id = None
    if sset is not None:
        candidates = list(
            Sector.objects.filter(sector_set=sset, minx__lte=lon, maxx__gte=lon, miny__lte=lat, maxy__gte=lat)
            .order_by("pk")
            .values_list("pk", "geometry")
        )
        idx = locate(np.array([lon]), np.array([lat]), [shapely.geometry.shape(g) for _pk, g in candidates])[
            0
        ]
        sector_id = candidates[idx][0] if idx >= 0 else None
    by_sector, drawn = _area_lookup(person.network, sset)
    area_id = by_sector.get(sector_id) if sector_id else None
    if area_id is None and drawn:
        idx = locate(np.array([lon]), np.array([lat]), [g for _a, g in drawn])[0]
        area_id = drawn[idx][0] if idx >= 0 else None
    auto = existing.area_set_automatically if existing else False
    if person.area_id is None or (auto and existing and person.area_id == existing.area_id):
        if area_id is not None and person.area_id != area_id:
            Person.objects.filter(pk=person.pk).update(area_id=area_id)  # no save(): no signal loop
        auto = area_id is not None or auto
    else:
        auto = False
    placement, _created = Placement.objects.update_or_create(
        network_id=person.network_id,
        source=PERSON_SOURCE,
        object_id=person.pk,
        defaults={
            "person": person,
            "sector_id": sector_id,
            "area_id": area_id,
            "area_set_automatically": auto,
        },
    )
    return placement


def person_export(person: Person) -> dict:
    """For a person's own data export: the sector and area their address was placed in."""
    pl = Placement.objects.filter(person=person).select_related("sector", "area").first()
    if pl is None:
        return {}
    return {
        "sector_placement": {
            "sector": pl.sector.code if pl.sector else None,
            "area": pl.area.name if pl.area else None,
            "area_set_automatically": pl.area_set_automatically,
            "computed_at": pl.computed_at.isoformat(),
        }
    }


def forget_person(person: Person) -> None:
    """Erasure: the link between this person and a place goes; area totals are recomputed later."""
    Placement.objects.filter(person=person).delete()
