"""Sectors: the current layer, the sectors of an area and indicator values and aggregates (reads)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, QuerySet

from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.core.lazy import lazy_module
from zorgzaam.networks.models import Area
from zorgzaam.sectors.models import (
    AreaSector,
    Indicator,
    IndicatorValue,
    Sector,
    SectorChange,
    SectorSet,
)

shapely = lazy_module("shapely")


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
