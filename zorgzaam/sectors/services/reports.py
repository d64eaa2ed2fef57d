"""Sectors: the area and indicator reports and their CSV (through the disclosure rules)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.core.permissions import require as _require
from zorgzaam.networks.models import Area
from zorgzaam.people.actor import Actor
from zorgzaam.sectors import published
from zorgzaam.sectors.models import (
    Indicator,
    IndicatorValue,
    SectorChange,
)
from zorgzaam.sectors.services.figures import (
    AggregateResult,
    Value,
    aggregate,
    format_number,
    rate_scale,
    sector_values_table,
    sectors_of_area,
    suppress,
)
from zorgzaam.sectors.services.permissions import can_read_area, can_read_indicators, can_read_sector_rows


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
