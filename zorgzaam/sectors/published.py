"""Which sector cells and area totals of an indicator may be published: head counts and the two parts
of a rate go through core.disclosure as ONE hierarchy per indicator over every area of the network
(sectors within areas within the municipality). The analysis page builds the very same hierarchy
(analysis/figures.py), so the area table, its CSV and API, the analysis page and its map hide the
same cells, and no hidden cell follows from a total next to it. Every year of an indicator is
protected together, so no year publishes a figure another year hides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zorgzaam.core.disclosure import hierarchies
from zorgzaam.networks.models import Area
from zorgzaam.sectors.models import AreaSector, Indicator, IndicatorValue

if TYPE_CHECKING:
    from zorgzaam.sectors.services import Value


@dataclass
class Hidden:
    sectors: set[str] = field(default_factory=set)
    areas: set[int] = field(default_factory=set)


def _protect(
    area_codes: dict[int, list[str]], periods: dict[int, dict[str, float]], k: int, out: Hidden
) -> None:
    """One hierarchy per year, protected together: a figure hidden in one year is hidden in every
    year (the reader can pick any year), so the hidden keys are the same for each year."""
    tables = {}
    for year, leaves in periods.items():
        groups = {pk: [c for c in codes if c in leaves] for pk, codes in area_codes.items()}
        tables[year] = (
            {g: m for g, m in groups.items() if m},
            {c: int(round(v)) for c, v in leaves.items()},
            None,
        )
    for res in hierarchies(tables, k).values():
        out.sectors.update(c for c, s in res.leaves.items() if s.hidden)
        out.areas.update(g for g, s in res.groups.items() if s.hidden)


def hidden_cells(network, indicators: list[Indicator], year: int | None, k: int) -> dict[int, Hidden]:
    """{indicator pk: the sector codes and area pks to hide} for count and rate indicators. Every
    year of an indicator is protected together (docs/disclosure.md, "the previous period"), so the
    answer is the same whichever year is shown; `year` is kept for the callers' symmetry."""
    area_codes = _area_codes(network)
    all_codes = sorted({c for codes in area_codes.values() for c in codes})
    counts = [
        i for i in indicators if i.kind == Indicator.Kind.COUNT and i.aggregation == Indicator.Aggregation.SUM
    ]
    rates = [
        i
        for i in indicators
        if i.aggregation == Indicator.Aggregation.RECOMPUTE_RATE and i.kind != Indicator.Kind.MEDIAN
    ]
    if not all_codes or not (counts or rates):
        return {}
    values = _all_years(counts + rates, all_codes)
    parts = _fallback_parts(rates, all_codes)
    out: dict[int, Hidden] = {}
    for ind in counts:
        periods = {
            y: leaves
            for y, rows in values.get(ind.pk, {}).items()
            if (leaves := {c: v.value for c, v in rows.items() if v.value is not None})
        }
        _protect(area_codes, periods, k, out.setdefault(ind.pk, Hidden()))
    for ind in rates:
        years = set(values.get(ind.pk, {})) | {y for (code, y, _s) in parts if code == ind.numerator_code}
        nums, dens = {}, {}
        for y in sorted(years):
            num, den = _rate_parts(ind, all_codes, values.get(ind.pk, {}).get(y, {}), y, parts)
            if num:
                nums[y], dens[y] = num, den
        hidden = out.setdefault(ind.pk, Hidden())
        _protect(area_codes, nums, k, hidden)
        _protect(area_codes, dens, k, hidden)
    return out


def _all_years(indicators: list[Indicator], codes: list[str]) -> dict[int, dict[int, dict[str, Value]]]:
    """{indicator pk: {year: {sector code: value}}} in one query."""
    from zorgzaam.sectors.services import Value

    qs = IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators], sector_code__in=codes)
    out: dict[int, dict[int, dict[str, Value]]] = {}
    for row in qs.values_list("indicator_id", "sector_code", "year", "value", "numerator", "denominator"):
        v = Value(*row)
        out.setdefault(v.indicator_id, {}).setdefault(v.year, {})[v.sector_code] = v
    return out


def _area_codes(network) -> dict[int, list[str]]:
    """Sector codes per area of the network: one query when every link is to the current layer
    (the usual case), else each area's sectors_of_area (which follows sector changes)."""
    from zorgzaam.sectors.services import current_sector_set, sectors_of_area

    current = current_sector_set()
    if current is None:
        return {}
    links = list(
        AreaSector.objects.filter(area__network=network).values_list(
            "area_id", "sector__code", "sector__sector_set_id"
        )
    )
    if all(set_id == current.pk for _a, _c, set_id in links):
        out: dict[int, list[str]] = {}
        for area_id, code, _s in links:
            out.setdefault(area_id, []).append(code)
        return {a: sorted(codes) for a, codes in out.items()}
    return {
        a.pk: list(sectors_of_area(a).values_list("code", flat=True))
        for a in Area.objects.filter(network=network)
    }


def _fallback_parts(rates: list[Indicator], codes: list[str]) -> dict[tuple[str, int, str], float]:
    """Values of the catalogue's numerator and denominator indicators of these rates, in one query:
    {(indicator code, year, sector code): value}."""
    wanted = {c for i in rates for c in (i.numerator_code, i.denominator_code) if c}
    if not wanted:
        return {}
    rows = IndicatorValue.objects.filter(indicator__code__in=wanted, sector_code__in=codes).values_list(
        "indicator__code", "year", "sector_code", "value"
    )
    return {(code, year, sector): value for code, year, sector, value in rows if value is not None}


def _rate_parts(ind: Indicator, codes: list[str], rows: dict, year: int, parts: dict) -> tuple[dict, dict]:
    """Numerator and denominator per sector in a year: the value's own parts, else the catalogue's
    numerator and denominator indicators for the same year (as analysis.data.SectorCache.rate_parts)."""
    num = {c: v.numerator for c, v in rows.items() if v.numerator is not None}
    den = {c: v.denominator for c, v in rows.items() if v.denominator is not None}
    missing = [c for c in codes if c not in num or c not in den]
    if missing and ind.numerator_code and ind.denominator_code:
        for c in missing:
            n = parts.get((ind.numerator_code, year, c))
            d = parts.get((ind.denominator_code, year, c))
            if n is not None and d is not None:
                num[c], den[c] = n, d
    usable = [c for c in codes if c in num and c in den]
    return {c: num[c] for c in usable}, {c: den[c] for c in usable}
