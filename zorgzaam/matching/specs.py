"""Matching rules: specs, hard rules, soft components and reasons (pure Python reference).

A pure library (no models, no database) so it can be used from care, outreach and benchmarks alike.
Callers translate their records into `NeedSpec` / `HelperSpec` and get back suggestions or an
assignment.

Hard rules (a helper is *excluded* for a need when any applies):

* the helper is at or over their cap (``load >= cap``);
* the need asks for a screened helper (e.g. criminal-record extract) and the helper is not screened;
* both locations are known and the distance is larger than the helper's ``max_distance_km``;
* the helper is in the need's ``excluded_helper_ids`` (e.g. the person asked not to see them again);
* both sides list languages and they share none.

Soft components, each in [0, 1] (0.5 means "unknown", so missing data neither helps nor hurts):

* ``talent``: share of the needed talents (tags) the helper has;
* ``distance``: ``1 - km / max_distance_km`` (haversine);
* ``language``: 1 when a language is shared;
* ``availability``: share of the requested time slots the helper is available in;
* ``capacity``: ``1 - load / cap`` (spread the work);
* ``continuity``: 1 when the helper helped this person before (a familiar face).

``score = sum(weight[c] * component[c]) / sum(weight)``, so scores are in [0, 1] too.

The vectorised index is in `index.py` (kept fresh by `live.py`), batch assignment with its
optimality certificate in `assign.py`; `engine` re-exports everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext as _

EARTH_RADIUS_KM = 6371.0088
COMPONENTS = ("talent", "distance", "language", "availability", "capacity", "continuity")

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "talent": 0.35,
        "distance": 0.20,
        "language": 0.10,
        "availability": 0.15,
        "capacity": 0.10,
        "continuity": 0.10,
    }
)

# Candidate edges per need in the first round of batch_assign (more are added when the optimality
# check finds an excluded pair that would improve the assignment).
BATCH_TOP_K = 30
# Scores are scaled to integers for the min-cost-flow solver.
SCORE_SCALE = 1_000_000
UNKNOWN = 0.5


@dataclass(frozen=True)
class NeedSpec:
    id: int
    tag_ids: frozenset[int]
    lat: float | None
    lon: float | None
    languages: frozenset[str]
    slots: frozenset[str]
    needs_screening: bool
    previous_helper_ids: frozenset[int] = frozenset()
    excluded_helper_ids: frozenset[int] = frozenset()
    # Batch priority (urgency, waiting time): multiplies the score in the batch objective.
    weight: float = 1.0


@dataclass(frozen=True)
class HelperSpec:
    id: int
    tag_ids: frozenset[int]
    lat: float | None
    lon: float | None
    languages: frozenset[str]
    slots: frozenset[str]
    load: int
    cap: int
    screened: bool
    max_distance_km: float = 5.0


@dataclass
class Suggestion:
    helper_id: int
    score: float
    components: dict[str, float]
    reasons: list[str] = field(default_factory=list)


@dataclass
class BatchResult:
    pairs: list[tuple[int, int, float]]  # (need_id, helper_id, score)
    total: float  # sum of the scores of the pairs (unweighted)
    greedy_total: float
    unassigned: list[int]
    objective: tuple[int, int] = (0, 0)  # (needs placed, weighted integer score): lexicographic
    greedy_objective: tuple[int, int] = (0, 0)
    certificate: dict = field(default_factory=dict)
    # need id -> why it stayed unplaced: "no_helper" (nobody eligible in range), "at_capacity" (the
    # eligible helpers are all at their cap already), "taken" (their free places went to other needs)
    unplaced_reasons: dict[int, str] = field(default_factory=dict)


# --- pure-Python reference (one pair) ---------------------------------------------------------


def unit_xyz(lat_deg: np.ndarray, lon_deg: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    c = np.cos(lat)
    return np.column_stack((c * np.cos(lon), c * np.sin(lon), np.sin(lat)))


def arc_km(xyz: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Great-circle distance from unit vectors (same value as haversine; shared by both paths)."""
    chord = np.sqrt(((xyz - point) ** 2).sum(axis=1))
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chord / 2.0))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points (spherical earth)."""
    a = unit_xyz(np.array([lat1, lat2]), np.array([lon1, lon2]))
    return float(arc_km(a[:1], a[1])[0])


def is_located(spec) -> bool:
    return spec.lat is not None and spec.lon is not None


def _distance(need: NeedSpec, helper: HelperSpec) -> float | None:
    if is_located(need) and is_located(helper):
        return haversine_km(need.lat, need.lon, helper.lat, helper.lon)
    return None


def explain_exclusion(need: NeedSpec, helper: HelperSpec) -> str | None:
    """Why this helper cannot be matched to this need (translated), or None when allowed."""
    if helper.load >= helper.cap:
        return _("Already helps as much as agreed.")
    if need.needs_screening and not helper.screened:
        return _("This request needs a screened volunteer.")
    if helper.id in need.excluded_helper_ids:
        return _("The person asked not to be matched with this volunteer.")
    km = _distance(need, helper)
    if km is not None and km > helper.max_distance_km:
        return _("%(km)s km away, further than the %(max)s km this volunteer will travel.") % {
            "km": number_format(km, 1),
            "max": number_format(helper.max_distance_km, 1),
        }
    if need.languages and helper.languages and not (need.languages & helper.languages):
        return _("No shared language.")
    return None


def pair_components(need: NeedSpec, helper: HelperSpec) -> dict[str, float] | None:
    """Soft components of one pair, or None when a hard rule excludes it (reference implementation)."""
    if (
        helper.load >= helper.cap
        or (need.needs_screening and not helper.screened)
        or helper.id in need.excluded_helper_ids
    ):
        return None
    km = _distance(need, helper)
    if km is not None and km > helper.max_distance_km:
        return None
    if need.languages and helper.languages and not (need.languages & helper.languages):
        return None
    return {
        "talent": len(need.tag_ids & helper.tag_ids) / len(need.tag_ids) if need.tag_ids else UNKNOWN,
        "distance": (
            UNKNOWN if km is None else min(1.0, max(0.0, 1.0 - km / max(helper.max_distance_km, 1e-9)))
        ),
        "language": 1.0 if (need.languages and helper.languages) else UNKNOWN,
        "availability": (
            len(need.slots & helper.slots) / len(need.slots) if (need.slots and helper.slots) else UNKNOWN
        ),
        "capacity": 1.0 - helper.load / helper.cap,
        "continuity": 1.0 if helper.id in need.previous_helper_ids else 0.0,
    }


def combine(components: Mapping[str, float], weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> float:
    total = sum(weights[c] for c in COMPONENTS)
    return sum(weights[c] * components[c] for c in COMPONENTS) / total


def pair_score(need: NeedSpec, helper: HelperSpec, weights=DEFAULT_WEIGHTS) -> float | None:
    comps = pair_components(need, helper)
    return None if comps is None else combine(comps, weights)


def language_name(code: str) -> str:
    """The language's name in the reader's language ("nl" -> "Nederlands", "néerlandais"); the code
    if Django does not know it."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    # French writes language names in lower case inside a sentence ("Parle néerlandais").
    return name[:1].lower() + name[1:] if get_language() == "fr" else name


def reasons_for(need: NeedSpec, helper: HelperSpec) -> list[str]:
    """One short translated sentence per component, in COMPONENTS order."""
    out = []
    if need.tag_ids:
        shared = len(need.tag_ids & helper.tag_ids)
        total = len(need.tag_ids)
        out.append(
            ngettext(
                "Shares %(shared)d of %(total)d needed talent",
                "Shares %(shared)d of %(total)d needed talents",
                total,
            )
            % {"shared": shared, "total": total}
        )
    else:
        out.append(_("No specific talent asked"))
    km = _distance(need, helper)
    out.append(
        _("%(km)s km away") % {"km": number_format(km, 1)} if km is not None else _("Distance not known")
    )
    shared_langs = sorted(language_name(code) for code in need.languages & helper.languages)
    out.append(
        _("Speaks %(languages)s") % {"languages": ", ".join(shared_langs)}
        if shared_langs
        else _("Language not known")
    )
    if need.slots and helper.slots:
        shared = len(need.slots & helper.slots)
        total = len(need.slots)
        out.append(
            ngettext(
                "Available in %(shared)d of %(total)d asked time slot",
                "Available in %(shared)d of %(total)d asked time slots",
                total,
            )
            % {"shared": shared, "total": total}
        )
    else:
        out.append(_("Availability not known"))
    free = max(0, helper.cap - helper.load)
    out.append(ngettext("Has room for %(n)d more task", "Has room for %(n)d more tasks", free) % {"n": free})
    out.append(
        _("Helped this person before")
        if helper.id in need.previous_helper_ids
        else _("Has not helped this person before")
    )
    return out
