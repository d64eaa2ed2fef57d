"""A minimal stand-in for zorgzaam.matching.engine (same interface), used only when the matching app
is not installed in this checkout. Pure Python, greedy batch: fine for small lists."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

UNKNOWN = 0.5
WEIGHTS = {
    "talent": 0.35,
    "distance": 0.2,
    "language": 0.1,
    "availability": 0.15,
    "capacity": 0.1,
    "continuity": 0.1,
}


@dataclass(frozen=True)
class NeedSpec:
    id: int
    tag_ids: frozenset
    lat: float | None
    lon: float | None
    languages: frozenset
    slots: frozenset
    needs_screening: bool
    previous_helper_ids: frozenset = frozenset()
    excluded_helper_ids: frozenset = frozenset()


@dataclass(frozen=True)
class HelperSpec:
    id: int
    tag_ids: frozenset
    lat: float | None
    lon: float | None
    languages: frozenset
    slots: frozenset
    load: int
    cap: int
    screened: bool
    max_distance_km: float = 5.0


@dataclass
class Suggestion:
    helper_id: int
    score: float
    components: dict
    reasons: list = field(default_factory=list)


@dataclass
class BatchResult:
    pairs: list
    total: float
    greedy_total: float
    unassigned: list


def _km(need, helper):
    if None in (need.lat, need.lon, helper.lat, helper.lon):
        return None
    p1, p2 = math.radians(need.lat), math.radians(helper.lat)
    dp, dl = p2 - p1, math.radians(helper.lon - need.lon)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def explain_exclusion(need, helper):
    if helper.load >= helper.cap:
        return _("Already helps as much as agreed.")
    if need.needs_screening and not helper.screened:
        return _("This request needs a screened volunteer.")
    if helper.id in need.excluded_helper_ids:
        return _("The person asked not to be matched with this volunteer.")
    km = _km(need, helper)
    if km is not None and km > helper.max_distance_km:
        return _("Too far away.")
    if need.languages and helper.languages and not (need.languages & helper.languages):
        return _("No shared language.")
    return None


def _components(need, helper):
    km = _km(need, helper)
    return {
        "talent": len(need.tag_ids & helper.tag_ids) / len(need.tag_ids) if need.tag_ids else UNKNOWN,
        "distance": UNKNOWN if km is None else max(0.0, 1 - km / max(helper.max_distance_km, 1e-9)),
        "language": 1.0 if need.languages & helper.languages else UNKNOWN,
        "availability": len(need.slots & helper.slots) / len(need.slots)
        if need.slots and helper.slots
        else UNKNOWN,
        "capacity": 1 - helper.load / helper.cap,
        "continuity": 1.0 if helper.id in need.previous_helper_ids else 0.0,
    }


def suggest(need, helpers, limit=10):
    out = []
    for h in helpers:
        if explain_exclusion(need, h) is None:
            comps = _components(need, h)
            out.append(Suggestion(h.id, sum(WEIGHTS[c] * v for c, v in comps.items()), comps, []))
    out.sort(key=lambda s: (-s.score, s.helper_id))
    return out[:limit]


def batch_assign(needs, helpers):
    free = {h.id: h.cap - h.load for h in helpers}
    edges = sorted(
        ((s.score, n.id, s.helper_id) for n in needs for s in suggest(n, helpers, limit=len(helpers))),
        key=lambda e: (-e[0], e[1], e[2]),
    )
    done, pairs = set(), []
    for score, nid, hid in edges:
        if nid not in done and free[hid] > 0:
            done.add(nid)
            free[hid] -= 1
            pairs.append((nid, hid, score))
    total = sum(p[2] for p in pairs)
    return BatchResult(sorted(pairs), total, total, [n.id for n in needs if n.id not in done])
