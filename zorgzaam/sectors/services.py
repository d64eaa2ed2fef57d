"""Statistical sectors, areas of sectors, placements and indicators: every rule and permission check.

Read services used by other apps (stable names): current_sector_set, sectors_of_area, area_geometry,
indicator_values, aggregate, suppress, area_population, register_point_source, assign_points.

Who may do what:
- sector layers, indicator values and the indicator catalogue are shared by every network on the
  installation (national reference data): only the platform administrator (a Django superuser) and
  system work (background tasks, demo, CLI) import or edit them, so one network cannot change another
  network's figures;
- coordinators choose the sectors of their own network's areas;
- professionals read sectors and indicators (sector rows) for the areas of their role;
- policy viewers read area aggregates only, with small counts suppressed;
- volunteers, partner staff and residents have no access to these pages; other networks nothing.
Sectors and indicators are public statistics; placements of persons are personal data and only
ever feed aggregates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core import uploads
from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.core.lazy import lazy_module
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.networks.models import Area, Network
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, Role
from zorgzaam.sectors import geo, published, versions
from zorgzaam.sectors.models import (
    AreaSector,
    ImportJob,
    Indicator,
    IndicatorValue,
    Placement,
    Sector,
    SectorChange,
    SectorSet,
)

SECTORS_IMPORTED = kinds.register("sectors.imported", gettext_lazy("Sector layer imported"))
AREA_SECTORS_CHANGED = kinds.register("sectors.area_changed", gettext_lazy("Sectors of an area changed"))
INDICATORS_IMPORTED = kinds.register("sectors.indicators_imported", gettext_lazy("Indicator table imported"))
INDICATOR_SAVED = kinds.register("sectors.indicator_saved", gettext_lazy("Indicator saved"))

BATCH = 2000
# Imported on first use (zorgzaam/core/lazy.py): most sectors pages never touch a geometry.
np = lazy_module("numpy")
shapely = lazy_module("shapely")

PERSON_SOURCE = "people.person"


# --- permissions --------------------------------------------------------------------------------


def _is_system(actor: Actor) -> bool:
    return actor.user is None and (actor.system or actor.via == "task")


def is_platform_admin(actor: Actor) -> bool:
    """Writes shared by all networks (sector layers, indicator values, the catalogue): a Django
    superuser or system work only. A coordinator's authority stops at their own network."""
    if _is_system(actor):
        return True
    return actor.is_authenticated and bool(getattr(actor.user, "is_superuser", False))


def can_manage(actor: Actor) -> bool:
    """Per-network management (the sectors of the network's areas): its coordinators."""
    if _is_system(actor):
        return True
    return actor.network is not None and actor.is_authenticated and actor.is_coordinator()


def can_see_layers(actor: Actor) -> bool:
    """The sector layer pages: staff who read sector rows, and the platform administrator."""
    return can_read_sector_rows(actor) or is_platform_admin(actor)


def can_read_indicators(actor: Actor) -> bool:
    return (
        actor.network is not None
        and actor.is_authenticated
        and actor.has_role(Role.COORDINATOR, Role.PROFESSIONAL, Role.POLICY)
    )


def can_read_sector_rows(actor: Actor, area: Area | None = None) -> bool:
    """Sector-level rows (and maps) for staff; policy viewers see area aggregates only."""
    if actor.network is None or not actor.is_authenticated:
        return False
    if area is not None and area.network_id != actor.network.pk:
        return False
    if actor.is_coordinator():
        return True
    if area is None:
        return actor.has_role(Role.PROFESSIONAL)
    return actor.has_role(Role.PROFESSIONAL, area=area)


def can_read_area(actor: Actor, area: Area) -> bool:
    if actor.network is None or area.network_id != actor.network.pk:
        return False
    if actor.is_coordinator() or actor.has_role(Role.POLICY):
        return True
    return actor.has_role(Role.PROFESSIONAL, area=area)


def readable_areas(actor: Actor) -> QuerySet[Area]:
    if not can_read_indicators(actor):
        return Area.objects.none()
    qs = Area.objects.filter(network=actor.network)
    if actor.has_role(Role.POLICY):
        return qs
    return qs.filter(actor.area_q("pk"))


def get_area(actor: Actor, area_id: int) -> Area:
    area = Area.objects.filter(pk=area_id).select_related("network").first()
    if area is None or not can_read_area(actor, area):
        deny()
    return area


# --- read services (used by analysis, plans, ...) ----------------------------------------------


def current_sector_set() -> SectorSet | None:
    """The newest complete sector layer (highest reference year, then latest import)."""
    return SectorSet.objects.filter(complete=True).order_by("-reference_year", "-imported_at", "-id").first()


def _current_codes_for(links: list[AreaSector], current: SectorSet) -> set[str]:
    """Codes in the current layer for sectors linked from any layer: same code, or followed
    through recorded changes (a split sector brings all its parts, a merged one its union)."""
    codes = {link.sector.code for link in links}
    old_sets = {link.sector.sector_set_id for link in links} - {current.pk}
    if not old_sets:
        return codes
    current_codes = set(
        Sector.objects.filter(sector_set=current, code__in=codes).values_list("code", flat=True)
    )
    pending = {link.sector.code for link in links if link.sector.sector_set_id != current.pk} - current_codes
    result = {link.sector.code for link in links if link.sector.sector_set_id == current.pk} | current_codes
    if pending:
        for change in SectorChange.objects.filter(to_set=current).exclude(kind__in=["unchanged", "new"]):
            if pending & set(change.old_codes):
                result |= set(change.new_codes)
    return result


def sectors_of_area(area: Area, sector_set: SectorSet | None = None) -> QuerySet[Sector]:
    """The sectors (of the current layer) that make up an area; empty when the area is a drawn polygon."""
    current = sector_set or current_sector_set()
    if current is None:
        return Sector.objects.none()
    links = list(AreaSector.objects.filter(area=area).select_related("sector"))
    if not links:
        return Sector.objects.none()
    if all(link.sector.sector_set_id == current.pk for link in links):
        return Sector.objects.filter(area_links__area=area, sector_set=current).order_by("code")
    return Sector.objects.filter(sector_set=current, code__in=_current_codes_for(links, current)).order_by(
        "code"
    )


def area_geometry(area: Area):
    """The area as a shapely geometry (WGS84): the union of its sectors, else its drawn boundary."""
    geoms = [shapely.geometry.shape(g) for g in sectors_of_area(area).values_list("geometry", flat=True)]
    if geoms:
        return shapely.union_all(geoms)
    if area.boundary:
        try:
            return shapely.geometry.shape(area.boundary)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
    return None


def _latest_year(indicator: Indicator, sector_codes: Iterable[str] | None = None) -> int | None:
    qs = IndicatorValue.objects.filter(indicator=indicator)
    if sector_codes is not None:
        qs = qs.filter(sector_code__in=list(sector_codes))
    return qs.aggregate(y=Max("year"))["y"]


def indicator_values(
    indicator_code: str, sector_codes: Iterable[str], year: int | None = None
) -> dict[str, float | None]:
    """Raw values per sector code (public statistics, not suppressed). year=None: the latest year."""
    codes = list(sector_codes)
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None or not codes:
        return {}
    if year is None:
        year = _latest_year(indicator, codes)
    return dict(
        IndicatorValue.objects.filter(indicator=indicator, year=year, sector_code__in=codes).values_list(
            "sector_code", "value"
        )
    )


@dataclass(frozen=True)
class AggregateResult:
    value: float | None
    suppressed: bool
    method: str  # "sum", "recompute_rate", "single_sector", "not_aggregable", "no_data"
    year: int | None = None
    sectors: int = 0  # sectors with a value
    k: int = 5

    @property
    def display(self) -> str:
        if self.suppressed:
            return SYMBOL
        if self.value is None:
            return "–"
        return format_number(self.value)


def format_number(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.1f}".replace(",", "\u202f")


def suppress(value: float | None, k: int) -> float | None:
    """Hide small counts: None when 0 <= value < k (k=0 disables suppression)."""
    if value is None or k <= 0:
        return value
    return None if value < k else value


def _rate_parts(indicator: Indicator, codes: list[str], year: int) -> tuple[float, float, int]:
    rows = list(
        IndicatorValue.objects.filter(indicator=indicator, year=year, sector_code__in=codes).values_list(
            "sector_code", "numerator", "denominator"
        )
    )
    num = {c: n for c, n, _d in rows if n is not None}
    den = {c: d for c, _n, d in rows if d is not None}
    # Fall back on the catalogue's numerator/denominator indicators for sectors without parts.
    missing = [c for c in codes if c not in num or c not in den]
    if missing and indicator.numerator_code and indicator.denominator_code:
        nv = indicator_values(indicator.numerator_code, missing, year)
        dv = indicator_values(indicator.denominator_code, missing, year)
        for c in missing:
            if nv.get(c) is not None and dv.get(c) is not None:
                num[c], den[c] = nv[c], dv[c]
    usable = [c for c in codes if c in num and c in den]
    return sum(num[c] for c in usable), sum(den[c] for c in usable), len(usable)


def aggregate(
    indicator_code: str, sector_codes: Iterable[str], year: int | None = None, k: int = 5
) -> AggregateResult:
    """An indicator over a set of sectors, following its aggregation rule:
    counts are summed, rates recomputed as sum(numerator) / sum(denominator) × unit scale,
    medians are not aggregable (except for a single sector). Counts below k are suppressed,
    and so are rates whose numerator or denominator is below k."""
    codes = sorted(set(sector_codes))
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None or not codes:
        return AggregateResult(None, False, "no_data", year, 0, k)
    if year is None:
        year = _latest_year(indicator, codes)
    if year is None:
        return AggregateResult(None, False, "no_data", None, 0, k)
    rule = indicator.aggregation
    if rule == Indicator.Aggregation.NONE:
        if len(codes) == 1:
            value = indicator_values(indicator_code, codes, year).get(codes[0])
            return AggregateResult(value, False, "single_sector", year, int(value is not None), k)
        return AggregateResult(None, False, "not_aggregable", year, 0, k)
    if rule == Indicator.Aggregation.RECOMPUTE_RATE:
        num, den, used = _rate_parts(indicator, codes, year)
        if used == 0 or den == 0:
            return AggregateResult(None, False, "no_data", year, used, k)
        hidden = k > 0 and (num < k or den < k)
        value = None if hidden else num / den * rate_scale(indicator)
        return AggregateResult(value, hidden, "recompute_rate", year, used, k)
    values = [v for v in indicator_values(indicator_code, codes, year).values() if v is not None]
    if not values:
        return AggregateResult(None, False, "no_data", year, 0, k)
    total = float(sum(values))
    shown = suppress(total, k) if indicator.kind == Indicator.Kind.COUNT else total
    return AggregateResult(shown, shown is None, "sum", year, len(values), k)


def rate_scale(indicator: Indicator) -> float:
    return 100.0 if indicator.unit.strip() in {"%", "percent", "procent", "pourcent"} else 1.0


def area_population(area: Area, year: int | None = None) -> dict[str, int]:
    """Population counts per population group (e.g. total, age_65_plus) for an area, unsuppressed:
    the denominator for reach. Groups without data are left out."""
    codes = list(sectors_of_area(area).values_list("code", flat=True))
    result: dict[str, int] = {}
    if not codes:
        return result
    indicators = list(
        Indicator.objects.exclude(population_group="").filter(aggregation=Indicator.Aggregation.SUM)
    )
    values = sector_values_table(indicators, codes, year)  # one query for every group
    for ind in indicators:
        found = [v.value for c in codes if (v := values.get((ind.pk, c))) is not None and v.value is not None]
        if found:
            result[ind.population_group] = int(round(sum(found)))
    return result


@dataclass(frozen=True, slots=True)
class Value:
    """A light read-only indicator value (model instances cost more than the query for big tables)."""

    indicator_id: int
    sector_code: str
    year: int
    value: float | None
    numerator: float | None
    denominator: float | None


def sector_values_table(
    indicators: list[Indicator], codes: list[str], year: int | None
) -> dict[tuple[int, str], Value]:
    """All values for these indicators and sectors in one query: {(indicator_id, code): value}.
    year=None takes each indicator's latest year among these sectors."""
    if not indicators or not codes:
        return {}
    qs = IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators], sector_code__in=codes)
    if year is not None:
        qs = qs.filter(year=year)
    rows = [
        Value(*row)
        for row in qs.values_list("indicator_id", "sector_code", "year", "value", "numerator", "denominator")
    ]
    latest: dict[int, int] = {}
    for v in rows:
        if v.year > latest.get(v.indicator_id, -1):
            latest[v.indicator_id] = v.year
    return {(v.indicator_id, v.sector_code): v for v in rows if v.year == latest[v.indicator_id]}


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
    geojson = geo.to_geojson_dicts(rounded)
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
        for start in range(0, n, BATCH):
            stop = min(n, start + BATCH)
            with transaction.atomic():
                Sector.objects.bulk_create(
                    [
                        Sector(
                            sector_set=sset,
                            code=layer.codes[i],
                            name_nl=layer.names_nl[i][:200],
                            name_fr=layer.names_fr[i][:200],
                            nis_code=layer.nis_codes[i],
                            geometry=geojson[i],
                            area_m2=float(layer.areas_m2[i]),
                            centroid_lat=float(lat[i]),
                            centroid_lon=float(lon[i]),
                            minx=float(bounds[i, 0]),
                            miny=float(bounds[i, 1]),
                            maxx=float(bounds[i, 2]),
                            maxy=float(bounds[i, 3]),
                        )
                        for i in range(start, stop)
                    ],
                    batch_size=500,
                )
            step(25 + 60 * stop / n, _("Saved %(done)d of %(n)d sectors.") % {"done": stop, "n": n})
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


def person_placement_counts(network: Network) -> dict[int | None, int]:
    """Persons per area from placements (for aggregates only)."""
    from django.db.models import Count

    return dict(
        Placement.objects.filter(network=network, source=PERSON_SOURCE)
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )


def today() -> dt.date:
    return timezone.localdate()


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


def job_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return uploads.capped([str(m) for msgs in exc.message_dict.values() for m in msgs])
    return uploads.capped([str(m) for m in exc.messages])


# --- catalogue, uploads, jobs -------------------------------------------------------------------


INDICATOR_FIELDS = [
    "code",
    "name_nl",
    "name_fr",
    "name_en",
    "definition",
    "source",
    "unit",
    "kind",
    "numerator_code",
    "denominator_code",
    "aggregation",
    "population_group",
    "year",
]


def save_indicator(actor: Actor, indicator: Indicator | None = None, **fields) -> Indicator:
    """Create or edit a catalogue entry; the aggregation rule must fit the kind of figure. The catalogue
    is shared by every network (it decides how every network's figures add up): platform admin only."""
    _require(is_platform_admin(actor))
    indicator = indicator or Indicator()
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name] if fields[name] is not None or name == "year" else "")
    errors: dict[str, str] = {}
    if indicator.kind == Indicator.Kind.MEDIAN and indicator.aggregation != Indicator.Aggregation.NONE:
        errors["aggregation"] = _("A median cannot be added up or recomputed: choose “not aggregable”.")
    if indicator.aggregation == Indicator.Aggregation.SUM and indicator.kind not in (Indicator.Kind.COUNT,):
        errors["aggregation"] = _("Only counts can be added up.")
    for f in ("numerator_code", "denominator_code"):
        code = getattr(indicator, f)
        if code and (code == indicator.code or not Indicator.objects.filter(code=code).exists()):
            errors[f] = _("Choose an existing indicator.")
    if errors:
        raise ValidationError(errors)
    indicator.full_clean()
    with transaction.atomic():
        indicator.save()
        record(actor, INDICATOR_SAVED, obj=indicator, data={"code": indicator.code})
    return indicator


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


def area_report(actor: Actor, area: Area, year: int | None = None) -> dict:
    """An area's indicator table: one aggregate per indicator, plus sector rows for staff.
    Small counts are suppressed everywhere (network.k_anonymity)."""
    _require(can_read_indicators(actor) and can_read_area(actor, area))
    k = area.network.k_anonymity
    sectors = list(sectors_of_area(area).only("pk", "code", "name_nl", "name_fr"))
    codes = [s.code for s in sectors]
    from zorgzaam.sectors.catalogue import sort_key

    indicators = sorted(Indicator.objects.all(), key=sort_key)
    values = sector_values_table(indicators, codes, year) if codes else {}
    hidden = published.hidden_cells(area.network, indicators, year, k)
    rows = []
    for ind in indicators:
        agg = _published(
            _aggregate_from(ind, codes, values, k), area.pk in hidden.get(ind.pk, NONE_HIDDEN).areas
        )
        cells = []
        if can_read_sector_rows(actor, area):
            for s in sectors:
                v = values.get((ind.pk, s.code))
                cell = _cell(ind, v, k, s.code in hidden.get(ind.pk, NONE_HIDDEN).sectors)
                cells.append({**cell, "code": s.code})
        rows.append({"indicator": ind, "aggregate": agg, "cells": cells})
    years = sorted(
        set(IndicatorValue.objects.filter(sector_code__in=codes).values_list("year", flat=True).distinct()),
        reverse=True,
    )
    return {
        "area": area,
        "sectors": sectors if can_read_sector_rows(actor, area) else [],
        "rows": rows,
        "k": k,
        "years": years,
        "year": year,
    }


NONE_HIDDEN = published.Hidden()


def _published(agg: AggregateResult, hidden: bool) -> AggregateResult:
    """An area aggregate as published: also hidden when core.disclosure hides the area's cell."""
    if not hidden or agg.suppressed or agg.value is None:
        return agg
    return AggregateResult(None, True, agg.method, agg.year, agg.sectors, agg.k)


def _cell(ind: Indicator, v: Value | None, k: int, disclosed_hidden: bool = False) -> dict:
    if v is None or v.value is None:
        return {"value": None, "display": "–", "suppressed": False}
    hidden = disclosed_hidden
    if ind.kind == Indicator.Kind.COUNT:
        hidden = hidden or suppress(v.value, k) is None
    elif (
        ind.aggregation == Indicator.Aggregation.RECOMPUTE_RATE
        and v.numerator is not None
        and v.denominator is not None
    ):
        hidden = hidden or (k > 0 and (v.numerator < k or v.denominator < k))
    if hidden:
        return {"value": None, "display": SYMBOL, "suppressed": True}
    return {"value": v.value, "display": format_number(v.value), "suppressed": False}


def _aggregate_from(ind: Indicator, codes: list[str], values: dict, k: int) -> AggregateResult:
    """Aggregate from already loaded values (no extra queries per indicator)."""
    rows = [values[(ind.pk, c)] for c in codes if (ind.pk, c) in values]
    year = rows[0].year if rows else None
    if not rows:
        return AggregateResult(None, False, "no_data", None, 0, k)
    if ind.aggregation == Indicator.Aggregation.NONE:
        if len(codes) == 1:
            return AggregateResult(rows[0].value, False, "single_sector", year, 1, k)
        return AggregateResult(None, False, "not_aggregable", year, 0, k)
    if ind.aggregation == Indicator.Aggregation.RECOMPUTE_RATE:
        parts = [
            (v.numerator, v.denominator)
            for v in rows
            if v.numerator is not None and v.denominator is not None
        ]
        if len(parts) < len(codes):
            return aggregate(ind.code, codes, year, k)  # needs the catalogue's numerator/denominator
        num, den = sum(p[0] for p in parts), sum(p[1] for p in parts)
        if den == 0:
            return AggregateResult(None, False, "no_data", year, len(parts), k)
        hidden = k > 0 and (num < k or den < k)
        return AggregateResult(
            None if hidden else num / den * rate_scale(ind), hidden, "recompute_rate", year, len(parts), k
        )
    vals = [v.value for v in rows if v.value is not None]
    total = float(sum(vals))
    shown = suppress(total, k) if ind.kind == Indicator.Kind.COUNT else total
    return AggregateResult(shown, shown is None, "sum", year, len(vals), k)


COUNT_LABELS = {
    "sectors": gettext_lazy("Sectors"),
    "points": gettext_lazy("Addresses with a location"),
    "in_sector": gettext_lazy("In a sector"),
    "in_area": gettext_lazy("In an area"),
    "areas_filled": gettext_lazy("Area filled in"),
    "rows": gettext_lazy("Rows"),
    "values": gettext_lazy("Values"),
    "indicators": gettext_lazy("Indicators"),
    "kept": gettext_lazy("Sectors of other municipalities kept"),
    "replaced": gettext_lazy("Earlier layer of this year replaced"),
    # address register imports (zorgzaam.addresses)
    "addresses": gettext_lazy("Addresses in the file"),
    "streets": gettext_lazy("Streets added or changed"),
    "added": gettext_lazy("Addresses added"),
    "updated": gettext_lazy("Addresses changed"),
    "removed": gettext_lazy("Addresses removed (no longer in the file)"),
    "placed": gettext_lazy("People placed"),
    "moved": gettext_lazy("People moved to another point"),
    "not_found": gettext_lazy("People whose address was not found"),
    "skipped": gettext_lazy("Rows skipped (other status or municipality, or no location)"),
}


def labelled_counts(counts: dict) -> list[tuple[str, int]]:
    """Job counts and change kinds with readable, translated names."""
    labels = {**COUNT_LABELS, **{k.value: k.label for k in SectorChange.Kind}}
    return [(str(labels.get(key, key)), n) for key, n in counts.items()]


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


def indicator_report(actor: Actor, area: Area, indicator: Indicator, year: int | None = None) -> dict:
    """One indicator over an area's sectors: suppressed per-sector cells and the aggregate."""
    _require(can_read_sector_rows(actor, area))
    k = area.network.k_anonymity
    codes = list(sectors_of_area(area).values_list("code", flat=True))
    values = sector_values_table([indicator], codes, year)
    hidden = published.hidden_cells(area.network, [indicator], year, k).get(indicator.pk, NONE_HIDDEN)
    cells = []
    for code in codes:
        cell = _cell(indicator, values.get((indicator.pk, code)), k, code in hidden.sectors)
        cells.append(
            {
                "sector": code,
                "value": cell["value"],
                "display": cell["display"],
                "suppressed": cell["suppressed"],
            }
        )
    return {
        "aggregate": _published(_aggregate_from(indicator, codes, values, k), area.pk in hidden.areas),
        "cells": cells,
    }


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


def _csv_value(value, suppressed: bool, display: str):
    """A figure as a number (spreadsheets compute with it; a negative one is no formula); hidden or
    missing figures as their text ("< 5", "–")."""
    if suppressed or value is None:
        return display
    return int(value) if float(value).is_integer() else round(value, 1)


def area_report_csv(actor: Actor, area: Area, year: int | None = None) -> str:
    """The area table as CSV (;-separated for Belgian spreadsheets), with the same suppression."""
    import csv
    import io

    from zorgzaam.core.csvsafe import safe_row

    report = area_report(actor, area, year)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(
        safe_row(
            [_("Indicator"), _("Code"), _("Year"), _("Whole area"), *[s.code for s in report["sectors"]]]
        )
    )
    for row in report["rows"]:
        agg = row["aggregate"]
        if agg.method == "not_aggregable":
            whole = _("not aggregable")
        else:
            whole = _csv_value(agg.value, agg.suppressed, agg.display)
        # Indicator names and codes are typed by people: never read as a formula.
        w.writerow(
            safe_row(
                [
                    row["indicator"].name,
                    row["indicator"].code,
                    agg.year or "",
                    whole,
                    *[_csv_value(c["value"], c["suppressed"], c["display"]) for c in row["cells"]],
                ]
            )
        )
    return out.getvalue()


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
