"""Which sector cells and area totals of an indicator may be published: head counts and the two parts
of a rate go through core.disclosure as ONE hierarchy per indicator over every area of the network
(sectors within areas within the municipality). The analysis page builds the very same hierarchy
(analysis/figures.py), so the area table, its CSV and API, the analysis page and its map hide the
same cells, and no hidden cell follows from a total next to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from zorgzaam.core.disclosure import hierarchy
from zorgzaam.networks.models import Area
from zorgzaam.sectors.models import Indicator


@dataclass
class Hidden:
    sectors: set[str] = field(default_factory=set)
    areas: set[int] = field(default_factory=set)


def _protect(area_codes: dict[int, list[str]], leaves: dict[str, float], k: int, out: Hidden) -> None:
    groups = {pk: [c for c in codes if c in leaves] for pk, codes in area_codes.items()}
    res = hierarchy({g: m for g, m in groups.items() if m}, {c: int(round(v)) for c, v in leaves.items()}, k)
    out.sectors.update(c for c, s in res.leaves.items() if s.hidden)
    out.areas.update(g for g, s in res.groups.items() if s.hidden)


def hidden_cells(network, indicators: list[Indicator], year: int | None, k: int) -> dict[int, Hidden]:
    """{indicator pk: the sector codes and area pks to hide} for count and rate indicators."""
    from zorgzaam.sectors.services import sector_values_table

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
    values = sector_values_table(counts + rates, all_codes, year)
    parts = _fallback_parts(rates, all_codes)
    out: dict[int, Hidden] = {}
    for ind in counts:
        leaves = {c: v.value for c in all_codes if (v := values.get((ind.pk, c))) and v.value is not None}
        _protect(area_codes, leaves, k, out.setdefault(ind.pk, Hidden()))
    for ind in rates:
        num, den = _rate_parts(ind, all_codes, values, year, parts)
        hidden = out.setdefault(ind.pk, Hidden())
        _protect(area_codes, num, k, hidden)
        _protect(area_codes, den, k, hidden)
    return out


def _area_codes(network) -> dict[int, list[str]]:
    """Sector codes per area of the network: one query when every link is to the current layer
    (the usual case), else each area's sectors_of_area (which follows sector changes)."""
    from zorgzaam.sectors.models import AreaSector
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
    from zorgzaam.sectors.models import IndicatorValue

    wanted = {c for i in rates for c in (i.numerator_code, i.denominator_code) if c}
    if not wanted:
        return {}
    rows = IndicatorValue.objects.filter(indicator__code__in=wanted, sector_code__in=codes).values_list(
        "indicator__code", "year", "sector_code", "value"
    )
    return {(code, year, sector): value for code, year, sector, value in rows if value is not None}


def _rate_parts(
    ind: Indicator, codes: list[str], values: dict, year: int | None, parts: dict
) -> tuple[dict, dict]:
    """Numerator and denominator per sector: the value's own parts, else the catalogue's numerator
    and denominator indicators for the same year (as analysis.data.SectorCache.rate_parts)."""
    rows = {c: v for c in codes if (v := values.get((ind.pk, c)))}
    num = {c: v.numerator for c, v in rows.items() if v.numerator is not None}
    den = {c: v.denominator for c, v in rows.items() if v.denominator is not None}
    missing = [c for c in codes if c not in num or c not in den]
    if missing and ind.numerator_code and ind.denominator_code:
        the_year = next(iter(rows.values())).year if rows else year
        if the_year is None:  # a share kept only as its two parts: the numerator's latest year
            years = [y for (code, y, _s) in parts if code == ind.numerator_code]
            the_year = max(years) if years else None
        for c in missing:
            n = parts.get((ind.numerator_code, the_year, c))
            d = parts.get((ind.denominator_code, the_year, c))
            if n is not None and d is not None:
                num[c], den[c] = n, d
    usable = [c for c in codes if c in num and c in den]
    return {c: num[c] for c in usable}, {c: den[c] for c in usable}
