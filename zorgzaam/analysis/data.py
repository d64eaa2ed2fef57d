"""The figures behind the analysis: indicators from the sectors app (when installed) and the
built-in measures this app computes from the network's own records. Every function degrades to
'no data' when the sectors app is missing, so the analysis still works on a fresh install."""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

BUILTIN_MEASURES = {
    "volunteers_per_100_65plus": _("Active volunteers per 100 residents aged 65+"),
    "connecting_places": _("Connecting places (meeting places, associations, local service centres)"),
    "services_serving_area": _("Services in the social map serving the area"),
    "observed_strengths": _("Strengths noted in observations"),
    "observed_needs": _("Needs noted in observations"),
    "residents_65plus": _("Residents aged 65+ (known to the network)"),
}

# Organisation kinds that act as a connecting place when the community app has no places.
CONNECTING_KINDS = ("ldc", "association")


def sectors_installed() -> bool:
    return apps.is_installed("zorgzaam.sectors")


def _sectors():
    if not sectors_installed():
        return None
    try:
        from zorgzaam.sectors import services as sectors_services

        return sectors_services
    except ImportError:  # pragma: no cover - the app exists but is incomplete
        return None


def sector_indicators() -> list[dict]:
    """Indicators the sectors app knows: code, name, unit, population_group."""
    if not sectors_installed():
        return []
    try:
        Indicator = apps.get_model("sectors", "Indicator")
        rows = []
        for ind in Indicator.objects.all().order_by("code"):
            name = getattr(ind, "name", None) or getattr(ind, "name_nl", "") or ind.code
            rows.append(
                {
                    "code": ind.code,
                    "name": str(name),
                    "unit": getattr(ind, "unit", ""),
                    "population_group": getattr(ind, "population_group", "") or "",
                }
            )
        return rows
    except (LookupError, AttributeError) as exc:
        log.warning("sectors indicators unavailable: %s", exc)
        return []


def area_sectors(area) -> list:
    s = _sectors()
    if s is None:
        return []
    try:
        return list(s.sectors_of_area(area))
    except Exception as exc:  # noqa: BLE001 - the analysis must render without sector data
        log.warning("sectors_of_area failed: %s", exc)
        return []


def area_population(area) -> dict:
    s = _sectors()
    if s is None:
        return {}
    try:
        return dict(s.area_population(area) or {})
    except Exception as exc:  # noqa: BLE001
        log.warning("area_population failed: %s", exc)
        return {}


def area_geometry(area):
    s = _sectors()
    if s is not None:
        try:
            geom = s.area_geometry(area)
            if geom is not None and not isinstance(geom, dict):
                from shapely.geometry import mapping

                geom = mapping(geom) if not getattr(geom, "is_empty", False) else None
            if geom:
                return json.loads(json.dumps(geom))
        except Exception as exc:  # noqa: BLE001
            log.warning("area_geometry failed: %s", exc)
    return area.boundary


class SectorCache:
    """All sector figures for a set of areas in a fixed number of queries (the analysis page shows
    every indicator for every area). Follows the same aggregation rules as sectors.aggregate:
    counts are summed and hidden below k, rates are recomputed from numerator and denominator and
    hidden when either is below k, non-aggregable indicators only exist for a single sector."""

    def __init__(self, areas):
        self.areas = list(areas)
        self.sectors = {a.pk: area_sectors(a) for a in self.areas}
        self.codes = {aid: [s.code for s in secs] for aid, secs in self.sectors.items()}
        self.indicators = {}
        self.values: dict[str, dict[int, dict[str, tuple]]] = {}
        if not sectors_installed():
            return
        try:
            Indicator = apps.get_model("sectors", "Indicator")
            IndicatorValue = apps.get_model("sectors", "IndicatorValue")
        except LookupError:
            return
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        by_id = {i.pk: i.code for i in self.indicators.values()}
        all_codes = sorted({c for codes in self.codes.values() for c in codes})
        if not all_codes:
            return
        for ind_id, sector_code, year, value, num, den in IndicatorValue.objects.filter(
            sector_code__in=all_codes
        ).values_list("indicator_id", "sector_code", "year", "value", "numerator", "denominator"):
            self.values.setdefault(by_id[ind_id], {}).setdefault(year, {})[sector_code] = (value, num, den)

    def _latest_year(self, code: str, codes: list[str]) -> int | None:
        years = [y for y, rows in self.values.get(code, {}).items() if any(c in rows for c in codes)]
        return max(years) if years else None

    def raw(self, code: str, codes: list[str], year: int | None = None) -> dict[str, float | None]:
        year = year if year is not None else self._latest_year(code, codes)
        rows = self.values.get(code, {}).get(year, {})
        return {c: rows[c][0] for c in codes if c in rows}

    def aggregate(self, code: str, area, k: int) -> tuple[float | None, bool]:
        ind = self.indicators.get(code)
        codes = self.codes.get(getattr(area, "pk", area), [])
        if ind is None or not codes:
            return None, False
        year = self._latest_year(code, codes)
        if year is None:
            return None, False
        if ind.aggregation == "none":
            return (self.raw(code, codes, year).get(codes[0]), False) if len(codes) == 1 else (None, False)
        if ind.aggregation == "recompute_rate":
            num, den = self.rate_parts(code, codes, year)
            n, d = sum(num.values()), sum(den.values())
            if not num or d == 0:
                return None, False
            if k > 0 and (n < k or d < k):
                return None, True
            scale = 100.0 if ind.unit.strip() in {"%", "percent", "procent", "pourcent"} else 1.0
            return n / d * scale, False
        vals = [v for v in self.raw(code, codes, year).values() if v is not None]
        if not vals:
            return None, False
        total = float(sum(vals))
        if ind.kind == "count" and k > 0 and total < k:
            return None, True
        return total, False

    def rate_parts(self, code: str, codes: list[str], year: int) -> tuple[dict, dict]:
        """Numerator and denominator per sector (the value's own parts, else the catalogue's
        numerator and denominator indicators); sectors without both are left out."""
        ind = self.indicators[code]
        rows = self.values.get(code, {}).get(year, {})
        num = {c: rows[c][1] for c in codes if c in rows and rows[c][1] is not None}
        den = {c: rows[c][2] for c in codes if c in rows and rows[c][2] is not None}
        missing = [c for c in codes if c not in num or c not in den]
        if missing and ind.numerator_code and ind.denominator_code:
            nv = self.raw(ind.numerator_code, missing, year)
            dv = self.raw(ind.denominator_code, missing, year)
            for c in missing:
                if nv.get(c) is not None and dv.get(c) is not None:
                    num[c], den[c] = nv[c], dv[c]
        usable = [c for c in codes if c in num and c in den]
        return {c: num[c] for c in usable}, {c: den[c] for c in usable}

    def municipal_value(self, code: str, nis_code: str, year: int) -> float | None:
        """The municipality's own published figure (a row for its NIS code), e.g. its median."""
        IndicatorValue = apps.get_model("sectors", "IndicatorValue")
        return (
            IndicatorValue.objects.filter(indicator__code=code, sector_code=nis_code, year=year)
            .values_list("value", flat=True)
            .first()
        )

    def population(self, area) -> dict[str, int]:
        out = {}
        for code, ind in self.indicators.items():
            if ind.population_group and ind.aggregation == "sum":
                value, _hidden = self.aggregate(code, area, 0)
                if value is not None:
                    out[ind.population_group] = int(round(value))
        return out


# --- built-in measures ----------------------------------------------------------------------------


def builtin_measures(
    network, areas, today: dt.date | None = None, cache: SectorCache | None = None, parts: dict | None = None
):
    """All built-in measures for the given areas, in a fixed number of queries per area. `parts`
    receives the counts behind them (for the municipal figures), per area."""
    from zorgzaam.analysis.models import Observation
    from zorgzaam.people.models import Person, RoleAssignment

    today = today or dt.date.today()
    area_ids = [a.pk for a in areas]
    out: dict[int, dict] = {a.pk: {} for a in areas}
    born_before = today.year - 65
    old = dict(
        Person.objects.filter(network=network, area_id__in=area_ids, anonymised_at__isnull=True)
        .filter(birth_year__lte=born_before)
        .values_list("area_id")
        .annotate(n=Count("pk"))
    )
    vols = dict(
        RoleAssignment.objects.filter(person__network=network, role="volunteer", active=True)
        .filter(Q(area_id__in=area_ids) | Q(area__isnull=True, person__area_id__in=area_ids))
        .annotate(where=Coalesce_area())
        .values_list("where")
        .annotate(n=Count("person", distinct=True))
    )
    obs = {}
    for area_id, kind, n in (
        Observation.objects.filter(network=network, area_id__in=area_ids)
        .values_list("area_id", "kind")
        .annotate(n=Count("pk"))
    ):
        obs[(area_id, kind)] = n
    places = _connecting_places(network, areas)
    services = _services_serving(network, areas)
    for a in areas:
        n_old = old.get(a.pk, 0)
        pop = cache.population(a) if cache is not None else area_population(a)
        n65 = pop.get("age_65_plus") or n_old
        out[a.pk]["residents_65plus"] = float(n65)
        out[a.pk]["volunteers_per_100_65plus"] = (100.0 * vols.get(a.pk, 0) / n65) if n65 else None
        out[a.pk]["connecting_places"] = float(places.get(a.pk, 0))
        out[a.pk]["services_serving_area"] = float(len(services.get(a.pk, ())))
        if parts is not None:
            parts[a.pk] = {
                "residents_65plus": n65,
                "volunteers": vols.get(a.pk, 0),
                "services": services[a.pk],
            }
        out[a.pk]["observed_strengths"] = float(obs.get((a.pk, "strength"), 0))
        out[a.pk]["observed_needs"] = float(obs.get((a.pk, "need"), 0))
    return out


def Coalesce_area():  # noqa: N802 - reads like an expression
    from django.db.models import F
    from django.db.models.functions import Coalesce

    return Coalesce(F("area_id"), F("person__area_id"))


def _point_in(geom, lon, lat) -> bool:
    if not geom or lon is None or lat is None:
        return False
    try:
        from shapely.geometry import Point, shape

        return shape(geom).contains(Point(lon, lat))
    except Exception:  # noqa: BLE001 - a broken boundary simply contains nothing
        return False


def _connecting_places(network, areas) -> dict[int, int]:
    """Community places when the community app provides them, else organisations of a connecting
    kind located inside the area boundary."""
    counts = {a.pk: 0 for a in areas}
    if apps.is_installed("zorgzaam.community"):
        try:
            Place = apps.get_model("community", "Place")
            fields = {f.name for f in Place._meta.get_fields()}
            if "area" in fields:
                for area_id, n in (
                    Place.objects.filter(area__in=areas).values_list("area_id").annotate(n=Count("pk"))
                ):
                    counts[area_id] = n
                return counts
        except LookupError:
            pass
    from zorgzaam.organisations.models import Organisation

    orgs = list(
        Organisation.objects.filter(
            network=network, kind__in=CONNECTING_KINDS, latitude__isnull=False
        ).values_list("longitude", "latitude")
    )
    for a in areas:
        geom = a.boundary
        counts[a.pk] = sum(1 for lon, lat in orgs if _point_in(geom, lon, lat))
    return counts


def _services_serving(network, areas) -> dict[int, set[int]]:
    """Active services whose organisation sits in the area, or that list the area explicitly."""
    from zorgzaam.socialmap.models import Service

    found: dict[int, set[int]] = {a.pk: set() for a in areas}
    fields = {f.name for f in Service._meta.get_fields()}
    if "areas" in fields:
        for area_id, service_id in Service.objects.filter(
            active=True, organisation__network=network, areas__in=areas
        ).values_list("areas", "pk"):
            found[area_id].add(service_id)
        return found
    rows = list(
        Service.objects.filter(
            active=True, organisation__network=network, organisation__latitude__isnull=False
        ).values_list("pk", "organisation__longitude", "organisation__latitude")
    )
    for a in areas:
        found[a.pk] = {pk for pk, lon, lat in rows if _point_in(a.boundary, lon, lat)}
    return found


def measure_label(code: str, labels: dict | None = None) -> str:
    if labels is not None and code in labels:
        return str(labels[code])
    if code.startswith("indicator:"):
        ic = code.split(":", 1)[1]
        for ind in sector_indicators():
            if ind["code"] == ic:
                return ind["name"]
        return ic
    return str(BUILTIN_MEASURES.get(code, code))


def area_measures(network, areas, k: int, cache: SectorCache | None = None) -> dict[int, dict]:
    """Built-in measures plus the sectors indicators (prefixed 'indicator:'), per area, as published
    (small counts and their complements hidden: see figures.py)."""
    from zorgzaam.analysis import figures

    return figures.compute(network, areas, k, cache).values
