"""Is the caring neighbourhood there for everyone? Reach against the population.

Reach sources are pluggable: `registry.register_reach_source(label, fn)` where fn(network, start, end)
returns a queryset (or iterable) of Person ids that the network reached in [start, end]. Each app
registers the sources over its own models in its AppConfig.ready() (care, outreach, community); this
app registers survey respondents and new roles.

For each population group g of an area:
    reached share  p = x / n     (x = reached people in g, n = all reached people, with consent)
    population share q = pop[g] / pop[total]
    representation ratio r = p / q, with the 95% Wilson interval of p divided by q.
A group is under-reached when the upper bound of r is below 1.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zorgzaam.analysis import data
from zorgzaam.analysis.models import Response
from zorgzaam.core import registry
from zorgzaam.core.disclosure import Table
from zorgzaam.people.models import Person, RoleAssignment
from zorgzaam.people.services import persons_with_consent

log = logging.getLogger(__name__)

# The one table of sources lives in the registry; these names stay for this app's callers.
REACH_SOURCES = registry.REACH_SOURCES
register_reach_source = registry.register_reach_source
unregister_reach_source = registry.unregister_reach_source


def wilson_interval(x: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    if n <= 0:
        return 0.0, 1.0
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


# --- built-in sources ------------------------------------------------------------------------------


def _survey_respondents(network, start, end):
    return Response.objects.filter(
        survey__network=network,
        person__isnull=False,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).values_list("person_id", flat=True)


def _new_roles(network, start, end):
    """People who took up a role as volunteer or resident in the period (a registration)."""
    return RoleAssignment.objects.filter(
        person__network=network,
        role__in=("volunteer", "resident"),
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).values_list("person_id", flat=True)


def register_builtin_sources() -> None:
    register_reach_source("analysis.survey_response", _survey_respondents)
    register_reach_source("people.new_role", _new_roles)


def window(start: dt.date | None, end: dt.date | None, *, free: bool) -> tuple[dt.date, dt.date]:
    """The period reach is counted over. Staff who read the records themselves may choose any window
    (default: the last 365 days). Everyone else (policy viewers, snapshots, exports for them) gets a
    whole calendar year that has ended by `end` (default: today): with free or sliding windows, two
    overlapping ones would give the people reached in the days where they differ, a small count
    (docs/disclosure.md, "the available filters"). Years do not overlap, so no equation links them."""
    today = dt.date.today()
    if free:
        end = end or today
        return start or end - dt.timedelta(days=365), end
    end = min(end or today, today)
    year = end.year if (end.month, end.day) == (12, 31) and end < today else end.year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def closed_years(count: int = 5) -> list[int]:
    """The calendar years a fixed reach window may show, newest first."""
    last = dt.date.today().year - 1
    return list(range(last, last - count, -1))


def reached_person_ids(network, start, end) -> set[int]:
    ids: set[int] = set()
    for label, fn in list(REACH_SOURCES.items()):
        try:
            ids.update(i for i in fn(network, start, end) if i is not None)
        except Exception as exc:  # noqa: BLE001 - one broken source must not hide the others
            log.warning("reach source %s failed: %s", label, exc)
    return ids


def reached_condition(network, start, end) -> Q:
    """A condition on Person: reached in [start, end] by any source. Queryset sources become
    subqueries (`id IN (SELECT person_id ...)`), so a city's tens of thousands of reached ids never
    travel to Python and back as a literal list; sources that return plain ids (plug-ins, tests)
    are added as a list."""
    cond, literal = Q(pk__in=[]), set()
    for label, fn in list(REACH_SOURCES.items()):
        try:
            found = fn(network, start, end)
            if isinstance(found, QuerySet):
                cond |= Q(pk__in=found)
            else:
                literal.update(i for i in found if i is not None)
        except Exception as exc:  # noqa: BLE001 - one broken source must not hide the others
            log.warning("reach source %s failed: %s", label, exc)
    return cond | Q(pk__in=literal) if literal else cond


# --- groups -----------------------------------------------------------------------------------------

GROUP_LABELS = {
    "total": _("Everyone"),
    "living_alone": _("Living alone"),
}
_AGE_PLUS = re.compile(r"^age_(\d+)_plus$")
_AGE_RANGE = re.compile(r"^age_(\d+)_(\d+)$")
_ALONE_PLUS = re.compile(r"^living_alone_(\d+)_plus$")


def group_label(code: str) -> str:
    if code in GROUP_LABELS:
        return str(GROUP_LABELS[code])
    if m := _AGE_PLUS.match(code):
        return str(_("Aged %(n)s and over")) % {"n": m.group(1)}
    if m := _AGE_RANGE.match(code):
        return str(_("Aged %(a)s to %(b)s")) % {"a": m.group(1), "b": m.group(2)}
    if m := _ALONE_PLUS.match(code):
        return str(_("Living alone, aged %(n)s and over")) % {"n": m.group(1)}
    return code


def group_predicate(code: str, year: int) -> Callable | None:
    """Whether a person (birth_year, lives_alone) belongs to a population group; None if unknown."""
    if code == "total":
        return lambda by, alone: True
    if code == "living_alone":
        return lambda by, alone: alone is True
    if m := _AGE_PLUS.match(code):
        n = int(m.group(1))
        return lambda by, alone: by is not None and year - by >= n
    if m := _AGE_RANGE.match(code):
        a, b = int(m.group(1)), int(m.group(2))
        return lambda by, alone: by is not None and a <= year - by <= b
    if m := _ALONE_PLUS.match(code):
        n = int(m.group(1))
        return lambda by, alone: alone is True and by is not None and year - by >= n
    return None


DEFAULT_GROUPS = ["age_65_plus", "age_75_plus", "age_85_plus", "living_alone", "living_alone_65_plus"]


@dataclass
class ReachRow:
    group: str
    label: str
    reached: int | None
    reached_share: float | None
    population: int | None
    population_share: float | None
    ratio: float | None
    low: float | None
    high: float | None
    under_reached: bool
    suppressed: bool

    def as_dict(self) -> dict:
        return {
            "group": self.group,
            "label": self.label,
            "reached": self.reached,
            "reached_share": self.reached_share,
            "population": self.population,
            "population_share": self.population_share,
            "ratio": self.ratio,
            "ci_low": self.low,
            "ci_high": self.high,
            "under_reached": self.under_reached,
            "suppressed": self.suppressed,
        }


def _profile_counts(qs) -> list[tuple]:
    """(area id, birth year, lives alone, n): people grouped in SQL, a few hundred rows per area."""
    return list(qs.order_by().values_list("area_id", "birth_year", "lives_alone").annotate(n=Count("pk")))


def _population_from(rows, year: int) -> dict[str, int]:
    pop = {"total": sum(n for _by, _alone, n in rows)}
    for g in DEFAULT_GROUPS:
        pred = group_predicate(g, year)
        pop[g] = sum(n for by, alone, n in rows if pred(by, alone))
    return pop


def _registered_populations(network, area_ids, year: int) -> dict[int, dict[str, int]]:
    """Fallback when there are no official figures: the people registered in each area."""
    by_area: dict[int, list] = {aid: [] for aid in area_ids}
    qs = Person.objects.filter(network=network, area_id__in=area_ids, anonymised_at__isnull=True)
    for aid, by, alone, n in _profile_counts(qs):
        by_area[aid].append((by, alone, n))
    return {aid: _population_from(rows, year) for aid, rows in by_area.items()}


def registered_population(network, area, year: int) -> dict[str, int]:
    """Fallback when there are no official figures: the people registered in the area."""
    return _registered_populations(network, [area.pk], year)[area.pk]


def _reached_profiles(network, areas, cond: Q) -> dict[int, list[tuple]]:
    """Reached people with statistics consent per area as (birth year, lives alone, n), counted by
    the database in one grouped query (no id lists)."""
    by_area: dict[int, list] = {a.pk: [] for a in areas}
    qs = Person.objects.filter(cond, network=network, area__in=areas, anonymised_at__isnull=True)
    for aid, by, alone, n in _profile_counts(persons_with_consent(qs, "statistics")):
        by_area[aid].append((by, alone, n))
    return by_area


def area_reach(network, area, start: dt.date, end: dt.date, k: int, *, reached_ids=None, population=None):
    """Representation per population group of one area. Returns (summary, rows)."""
    cond = reached_condition(network, start, end) if reached_ids is None else Q(pk__in=reached_ids)
    people = _reached_profiles(network, [area], cond)[area.pk]
    pop = population if population is not None else data.area_population(area)
    registered = None if _has_total(pop) else _registered_populations(network, [area.pk], end.year)[area.pk]
    return _area_rows(area, people, pop, registered, end.year, k)


def _has_total(pop) -> bool:
    return bool(pop and (pop.get("total") or pop.get("all")))


def _area_rows(area, people, pop, registered, year: int, k: int):
    """`people`: (birth year, lives alone, n) of reached people with consent in the area; `pop`:
    official population figures, `registered`: the fallback when those have no total."""
    n = sum(c for _by, _alone, c in people)
    source = "official"
    if not _has_total(pop):
        pop, source = registered, "registered"
    total_pop = pop.get("total") or pop.get("all") or 0
    groups = [g for g in pop if g not in ("total", "all") and group_predicate(g, year) is not None]
    shown = _disclosed_counts(people, groups, year, k)
    rows = []
    for g in groups:
        pred = group_predicate(g, year)
        x = sum(c for by, alone, c in people if pred(by, alone))
        pop_g = pop.get(g) or 0
        q = pop_g / total_pop if total_pop else None
        # A share needs the number reached too: hidden when either count is hidden.
        suppressed = shown["total"] is None or shown[g] is None or pop_g < k
        if suppressed:
            rows.append(ReachRow(g, group_label(g), None, None, None, q, None, None, None, False, True))
            continue
        p = x / n
        lo, hi = wilson_interval(x, n)
        ratio = p / q if q else None
        rows.append(
            ReachRow(
                g,
                group_label(g),
                x,
                p,
                pop_g,
                q,
                ratio,
                lo / q if q else None,
                hi / q if q else None,
                bool(q) and hi / q < 1,
                False,
            )
        )
    hidden = shown["total"] is None
    summary = {
        "area": area,
        "reached": shown["total"],
        "suppressed": hidden,
        "population": total_pop,
        "population_source": source,
        "reach_rate": (n / total_pop) if total_pop and not hidden else None,
    }
    return summary, rows


def _disclosed_counts(people, groups, year, k) -> dict[str, int | None]:
    """People reached in total and per group, through core.disclosure. Groups overlap and nest
    (65+ holds 75+), so the table's cells are the combinations of groups people are in; the total
    and each group are sums of those, and no small combination may follow from published counts."""
    from collections import Counter

    preds = [group_predicate(g, year) for g in groups]
    atoms = Counter()
    for by, alone, n in people:
        atoms[tuple(bool(p(by, alone)) for p in preds)] += n
    t = Table()
    cells = {sig: t.cell(n) for sig, n in sorted(atoms.items())}
    total = t.total(cells.values())
    per_group = {g: t.total([i for sig, i in cells.items() if sig[j]]) for j, g in enumerate(groups)}
    res = t.protect(k)
    return {"total": res.shown(total).value, **{g: res.shown(i).value for g, i in per_group.items()}}


def network_reach(network, areas, start, end, k, cache=None):
    """Reach for several areas in a fixed number of queries, whatever the number of areas and
    people; `cache` (a data.SectorCache) avoids re-reading the population."""
    areas = list(areas)
    if not areas:
        return []
    people = _reached_profiles(network, areas, reached_condition(network, start, end))
    pops = {a.pk: cache.population(a) if cache else data.area_population(a) for a in areas}
    missing = [a.pk for a in areas if not _has_total(pops[a.pk])]
    registered = _registered_populations(network, missing, end.year) if missing else {}
    return [_area_rows(a, people[a.pk], pops[a.pk], registered.get(a.pk), end.year, k) for a in areas]
