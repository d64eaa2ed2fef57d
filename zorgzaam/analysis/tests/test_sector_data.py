"""The analysis reads every sector figure in bulk; it must agree with the sectors app's own
aggregation rules and suppression."""

import datetime as dt

import pytest

from zorgzaam.analysis import data, services

pytestmark = pytest.mark.django_db


def _square(x, y):
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]],
    }


@pytest.fixture
def sector_data(areas):
    from zorgzaam.sectors.models import AreaSector, Indicator, IndicatorValue, Sector, SectorSet

    sset = SectorSet.objects.create(reference_year=2024, complete=True)
    secs = [
        Sector.objects.create(sector_set=sset, code=f"S{i}", geometry=_square(4 + i / 100, 50))
        for i in range(4)
    ]
    for s in secs[:3]:
        AreaSector.objects.create(area=areas["north"], sector=s)
    AreaSector.objects.create(area=areas["south"], sector=secs[3])

    def ind(code, **fields):  # the catalogue may already hold some of these codes
        return Indicator.objects.update_or_create(code=code, defaults=fields)[0]

    total = ind(
        "population_total", name_nl="Bevolking", population_group="total", kind="count", aggregation="sum"
    )
    old = ind(
        "population_65_plus", name_nl="65+", population_group="age_65_plus", kind="count", aggregation="sum"
    )
    share = ind(
        "share_65",
        name_nl="Aandeel 65+",
        kind="rate",
        unit="%",
        aggregation="recompute_rate",
        numerator_code="population_65_plus",
        denominator_code="population_total",
    )
    median = ind("median_income", name_nl="Mediaan", kind="median", aggregation="none")
    for i, s in enumerate(secs):
        IndicatorValue.objects.create(indicator=total, sector_code=s.code, year=2024, value=100 + 10 * i)
        IndicatorValue.objects.create(indicator=old, sector_code=s.code, year=2024, value=[30, 2, 20, 3][i])
        IndicatorValue.objects.create(indicator=median, sector_code=s.code, year=2024, value=20000 + i)
        IndicatorValue.objects.create(
            indicator=old, sector_code=s.code, year=2020, value=999
        )  # older year ignored
    return {"secs": secs, "share": share}


def test_cache_matches_sectors_aggregate(areas, sector_data):
    from zorgzaam.sectors import services as ss

    cache = data.SectorCache(list(areas.values()))
    for code in ("population_total", "population_65_plus", "share_65", "median_income"):
        for a in areas.values():
            res = ss.aggregate(code, [s.code for s in ss.sectors_of_area(a)], k=5)
            assert cache.aggregate(code, a, 5) == (res.value, res.suppressed), code
        assert cache.population(a) == ss.area_population(a)
    assert cache.aggregate("population_65_plus", areas["south"], 5) == (None, True)  # 3 < k
    assert cache.aggregate("median_income", areas["south"], 5) == (20003, False)  # single sector
    assert cache.aggregate("median_income", areas["north"], 5) == (None, False)  # not aggregable


def test_map_shows_sectors_with_suppressed_counts(areas, users, actor_of, sector_data):
    ov = services.analysis_overview(actor_of(users["coordinator"]), measure="indicator:population_65_plus")
    props = {f["properties"]["code"]: f["properties"]["value"] for f in ov["geojson"]["features"]}
    # S1 (2) and S3 (3) are small; S2 goes with S1, else S1 = 52 - 30 - 20 next to the area total.
    assert props == {"S0": 30, "S1": None, "S2": None, "S3": None}
    north = next(r for r in ov["table"] if r["area"] == areas["north"])
    # Zuid (3) = municipality (55) - Noord (52): one of the two is hidden as well.
    assert north["hidden"] or ov["municipality_hidden"]
    assert north["value"] in (52, None) and ov["municipality_value"] in (55, None)


def test_reach_uses_official_population(network, areas, users, actor_of, make_person, sector_data):
    from zorgzaam.analysis import reach
    from zorgzaam.people.models import Consent

    people = []
    for i in range(10):
        p = make_person(network, area=areas["north"], birth_year=dt.date.today().year - (70 if i < 5 else 30))
        Consent.objects.create(person=p, purpose="statistics", granted=True, channel="spoken")
        people.append(p.pk)
    reach.register_reach_source("test.people", lambda net, s, e: people)
    try:
        ov = services.analysis_overview(actor_of(users["coordinator"]))
    finally:
        reach.unregister_reach_source("test.people")
    summary, rows = next((s, r) for s, r in ov["reach"] if s["area"] == areas["north"])
    assert summary["population_source"] == "official" and summary["population"] == 330
    old = next(r for r in rows if r.group == "age_65_plus")
    assert old.reached == 5 and old.population_share == pytest.approx(52 / 330)
    assert old.ratio == pytest.approx(0.5 / (52 / 330))
