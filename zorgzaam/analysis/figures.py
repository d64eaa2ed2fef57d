"""The published figures of the analysis: per area, per sector (map) and for the municipality (all
areas of the network), for every measure. Everything a viewer or an export sees comes from here.

Municipal figures follow the indicator's aggregation method, from the true values of every area
(a hidden area still counts): counts are summed (each sector once), rates, shares and means of
persons are recomputed as sum(numerator) / sum(denominator), medians are never combined: only the
municipality's own published value (IndicatorValue for the network's NIS code) is shown, otherwise
"not available" with the reason.

Person counts are published through core.disclosure as ONE hierarchy per measure (sectors within
areas within the municipality), so the map, the area rows, the municipality row and the exports
hide the same cells and no hidden cell follows from the totals next to it. A rate is hidden where
its numerator or denominator count is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zorgzaam.analysis import data
from zorgzaam.core.disclosure import hierarchies, one_way

NOT_AGGREGABLE = _(
    "Not available: a median cannot be combined from the areas' figures, and the municipality's own "
    "figure is not in the indicator table."
)
NO_DATA = _("No data for these areas.")
PERCENT_UNITS = {"%", "percent", "procent", "pourcent"}


@dataclass
class Figures:
    values: dict[int, dict[str, float | None]]  # area pk -> code -> published value (None: hidden/none)
    hidden: set[tuple[int, str]] = field(default_factory=set)  # (area pk, code) hidden for privacy
    municipality: dict[str, float | None] = field(default_factory=dict)
    municipality_hidden: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)  # code -> why there is no municipal figure
    sectors: dict[str, dict[str, float | None]] = field(default_factory=dict)  # code -> sector -> value
    sectors_hidden: set[tuple[str, str]] = field(default_factory=set)  # (code, sector code)


def compute(network, areas, k: int, cache: data.SectorCache | None = None) -> Figures:
    areas = list(areas)
    cache = cache or data.SectorCache(areas)
    parts: dict[int, dict] = {}
    raw = data.builtin_measures(network, areas, cache=cache, parts=parts)
    figs = Figures(values={a.pk: dict(raw[a.pk]) for a in areas})
    for code, ind in cache.indicators.items():
        _indicator(figs, cache, network, areas, code, ind, k)
    _builtin(figs, cache, areas, parts, k)
    return figs


def _hide(figs: Figures, area_pk: int, code: str) -> None:
    figs.values[area_pk][code] = None
    figs.hidden.add((area_pk, code))


def _years(cache, code: str, codes: list[str]) -> list[int]:
    return sorted(y for y, rows in cache.values.get(code, {}).items() if any(c in rows for c in codes))


def _latest_year(cache, code: str, codes: list[str]) -> int | None:
    years = _years(cache, code, codes)
    return years[-1] if years else None


def _protect_counts(areas, cache, periods: dict[int, dict[str, float]], year: int, k: int):
    """One hierarchy per year (the sectors with a value, within the areas, within all areas),
    protected together over every year a reader can pick on the sectors pages (a figure hidden in
    one year is hidden in all: docs/disclosure.md, "the previous period"). Returns the given
    year's protection and groups."""
    groups = {}
    for y, leaves in periods.items():
        members = {a.pk: [c for c in cache.codes.get(a.pk, []) if c in leaves] for a in areas}
        groups[y] = {g: m for g, m in members.items() if m}
    res = hierarchies(
        {
            y: (groups[y], {c: int(round(v)) for c, v in leaves.items()}, None)
            for y, leaves in periods.items()
        },
        k,
    )
    return res[year], groups[year]


def _count_periods(cache, code: str, codes: list[str]) -> dict[int, dict[str, float]]:
    """{year: {sector: value}} of a count indicator, every year with a value."""
    out = {}
    for y in _years(cache, code, codes):
        rows = cache.values[code][y]
        leaves = {c: rows[c][0] for c in codes if c in rows and rows[c][0] is not None}
        if leaves:
            out[y] = leaves
    return out


def _indicator(figs: Figures, cache, network, areas, code: str, ind, k: int) -> None:
    key = f"indicator:{code}"
    all_codes = sorted({c for a in areas for c in cache.codes.get(a.pk, [])})
    year = _latest_year(cache, code, all_codes)
    if year is None and ind.aggregation == "recompute_rate" and ind.numerator_code:
        year = _latest_year(cache, ind.numerator_code, all_codes)  # a share kept as its two parts
    for a in areas:
        figs.values[a.pk][key] = None
    figs.sectors[code] = {}
    if year is None:
        figs.municipality[key], figs.notes[key] = None, str(NO_DATA)
        return
    rows = cache.values.get(code, {}).get(year, {})
    if ind.aggregation == "none" or ind.kind == "median":
        _not_aggregable(figs, cache, network, areas, code, key, rows, year)
        return
    if ind.aggregation == "recompute_rate":
        _rate(figs, cache, areas, code, key, ind, rows, year, k)
        return
    leaves = {c: rows[c][0] for c in all_codes if c in rows and rows[c][0] is not None}
    if not leaves:
        figs.municipality[key], figs.notes[key] = None, str(NO_DATA)
        return
    if ind.kind != "count":  # a sum that is not a head count (e.g. an amount): no disclosure risk
        for a in areas:
            vals = [leaves[c] for c in cache.codes.get(a.pk, []) if c in leaves]
            figs.values[a.pk][key] = float(sum(vals)) if vals else None
        figs.sectors[code] = dict(leaves)
        figs.municipality[key] = float(sum(leaves.values()))
        return
    res, groups = _protect_counts(areas, cache, _count_periods(cache, code, all_codes), year, k)
    for c, shown in res.leaves.items():
        figs.sectors[code][c] = None if shown.hidden else float(shown.value)
        if shown.hidden:
            figs.sectors_hidden.add((code, c))
    for a in areas:
        if a.pk in res.groups:
            if res.groups[a.pk].hidden:
                _hide(figs, a.pk, key)
            else:
                figs.values[a.pk][key] = float(res.groups[a.pk].value)
    _set_municipality(figs, key, None if res.total.hidden else float(res.total.value), res.total.hidden)


def _set_municipality(figs: Figures, key: str, value, hidden: bool) -> None:
    figs.municipality[key] = value
    if hidden:
        figs.municipality_hidden.add(key)


def _not_aggregable(figs, cache, network, areas, code, key, rows, year) -> None:
    for a in areas:
        codes = cache.codes.get(a.pk, [])
        if len(codes) == 1 and codes[0] in rows:
            figs.values[a.pk][key] = rows[codes[0]][0]
    figs.sectors[code] = {c: rows[c][0] for a in areas for c in cache.codes.get(a.pk, []) if c in rows}
    own = cache.municipal_value(code, network.nis_code, year) if network.nis_code else None
    figs.municipality[key] = own
    if own is None:
        figs.notes[key] = str(NOT_AGGREGABLE)


def _rate(figs, cache, areas, code, key, ind, rows, year, k) -> None:
    num, den = cache.rate_parts(code, sorted({c for a in areas for c in cache.codes.get(a.pk, [])}), year)
    scale = 100.0 if ind.unit.strip() in PERCENT_UNITS else 1.0
    if not num:
        figs.municipality[key], figs.notes[key] = None, str(NO_DATA)
        return
    codes = sorted({c for a in areas for c in cache.codes.get(a.pk, [])})
    nums, dens = {year: num}, {year: den}
    for y in set(_years(cache, code, codes)) | set(_years(cache, ind.numerator_code or code, codes)):
        if y != year:
            n, d = cache.rate_parts(code, codes, y)
            if n:
                nums[y], dens[y] = n, d
    nres, groups = _protect_counts(areas, cache, nums, year, k)
    dres, _g = _protect_counts(areas, cache, dens, year, k)
    for c in num:
        hidden = nres.leaves[c].hidden or dres.leaves[c].hidden
        value = (
            rows[c][0]
            if c in rows and rows[c][0] is not None
            else (num[c] / den[c] * scale if den[c] else None)
        )
        figs.sectors[code][c] = None if hidden else value
        if hidden:
            figs.sectors_hidden.add((code, c))
    for a in areas:
        members = groups.get(a.pk)
        if not members:
            continue
        d = sum(den[c] for c in members)
        if nres.groups[a.pk].hidden or dres.groups[a.pk].hidden:
            _hide(figs, a.pk, key)
        elif d:
            figs.values[a.pk][key] = sum(num[c] for c in members) / d * scale
    hidden = nres.total.hidden or dres.total.hidden
    total_den = sum(den.values())
    value = None if hidden or not total_den else sum(num.values()) / total_den * scale
    _set_municipality(figs, key, value, hidden)


def _builtin(figs: Figures, cache, areas, parts: dict, k: int) -> None:
    """The network's own measures: residents 65+ and volunteers are person counts (disclosure);
    places, services and observations are not about persons and are published as they are."""
    pks = [a.pk for a in areas]
    n65 = [int(parts[pk]["residents_65plus"]) for pk in pks]
    vols = [int(parts[pk]["volunteers"]) for pk in pks]
    res65, resvol = one_way(n65, k), one_way(vols, k)
    # The same residents as the sector population of age 65+: hide what either table hides.
    seniors = next((c for c, i in cache.indicators.items() if i.population_group == "age_65_plus"), None)
    for j, pk in enumerate(pks):
        hidden65 = res65.cells[j].hidden or (pk, f"indicator:{seniors}") in figs.hidden
        if hidden65:
            _hide(figs, pk, "residents_65plus")
        if hidden65 or resvol.cells[j].hidden:
            _hide(figs, pk, "volunteers_per_100_65plus")
    total65_hidden = res65.total.hidden or f"indicator:{seniors}" in figs.municipality_hidden
    _set_municipality(figs, "residents_65plus", None if total65_hidden else float(sum(n65)), total65_hidden)
    rate_hidden = total65_hidden or resvol.total.hidden
    rate = 100.0 * sum(vols) / sum(n65) if sum(n65) and not rate_hidden else None
    _set_municipality(figs, "volunteers_per_100_65plus", rate, rate_hidden)
    for code in ("connecting_places", "observed_strengths", "observed_needs"):
        figs.municipality[code] = float(sum(figs.values[pk].get(code) or 0 for pk in pks))
    # A service that serves several areas counts once for the municipality.
    figs.municipality["services_serving_area"] = float(
        len(set().union(*(parts[pk]["services"] for pk in pks)))
    )
