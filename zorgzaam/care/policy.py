"""Structural bottlenecks for policy: requests and signals tagged with a policy theme, per theme and
area, with area and theme margins, published through core.disclosure (small cells and zeros hidden,
and enough other cells that no hidden one follows from the totals).

The period follows the reader (docs/disclosure.md, "the previous period"): coordinators, who read the
records themselves, see every tagged record up to now; a policy viewer sees one calendar year that has
ended. An all-time table that grows every day, read today and tomorrow, would give each new case away
as the difference; closed years do not overlap, so no equation links them."""

from __future__ import annotations

import datetime as dt

from zorgzaam.care.models import Request, Signal
from zorgzaam.care.services import can_view_policy, themes_for
from zorgzaam.core.disclosure import two_way
from zorgzaam.core.permissions import require
from zorgzaam.networks.models import Area
from zorgzaam.people.actor import Actor, is_staff

YEARS_OFFERED = 5


def closed_years() -> list[int]:
    last = dt.date.today().year - 1
    return list(range(last, last - YEARS_OFFERED, -1))


def period_for(actor: Actor, year: int | None) -> int | None:
    """None (up to now) for staff who did not pick a year; otherwise a year that has ended (the latest
    one when none or another one is asked for)."""
    if year is None and is_staff(actor):
        return None
    years = closed_years()
    return year if year in years else years[0]


def _counts(actor: Actor, year: int | None) -> dict[tuple, int]:
    counts: dict[tuple, int] = {}
    for model in (Request, Signal):
        rows = model.objects.filter(network=actor.network, policy_theme__isnull=False)
        if year is not None:
            rows = rows.filter(created_at__year=year)
        for theme_id, area_id in rows.values_list("policy_theme_id", "area_id"):
            counts[(theme_id, area_id)] = counts.get((theme_id, area_id), 0) + 1
    return counts


def policy_overview(actor: Actor, year: int | None = None) -> dict:
    require(can_view_policy(actor))
    k = actor.network.k_anonymity or 5
    year = period_for(actor, year)
    counts = _counts(actor, year)
    themes = {t.pk: t for t in themes_for(actor.network)}
    area_list = sorted(Area.objects.filter(network=actor.network), key=lambda a: a.name)
    columns = area_list + ([None] if any(a is None for _t, a in counts) else [])
    theme_ids = sorted({t for t, _a in counts}, key=lambda t: themes[t].name if t in themes else "")
    matrix = [[counts.get((t, getattr(a, "pk", None)), 0) for a in columns] for t in theme_ids]
    table = two_way(matrix, k) if matrix else None
    rows = [
        {"theme": themes.get(t), "cells": table.cells[i], "total": table.row_totals[i]}
        for i, t in enumerate(theme_ids)
    ]
    return {
        "k": k,
        "year": year,
        "years": closed_years(),
        "staff": is_staff(actor),
        "areas": columns,
        "rows": rows,
        "column_totals": table.column_totals if table else [],
        "total": table.total if table else None,
    }


def as_json(data: dict) -> dict:
    """The API's shape: hidden cells are null, the same cells the page hides; year null = up to now."""
    return {
        "k": data["k"],
        "year": data["year"],
        "areas": [a.name if a else None for a in data["areas"]],
        "rows": [
            {"theme": r["theme"].code, "cells": [c.value for c in r["cells"]], "total": r["total"].value}
            for r in data["rows"]
        ],
        "column_totals": [c.value for c in data["column_totals"]],
        "total": data["total"].value if data["total"] else None,
    }
