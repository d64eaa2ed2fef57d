import pytest

from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.sectors import services
from zorgzaam.sectors.models import AreaSector, Indicator, IndicatorValue, Sector


def _values(code, year, rows):
    ind = Indicator.objects.get(code=code)
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=ind, sector_code=c, year=year, value=v, numerator=n, denominator=d)
            for c, v, n, d in rows
        ]
    )


def test_current_set_and_area_geometry(sector_set, areas):
    assert services.current_sector_set() == sector_set
    assert Sector.objects.filter(sector_set=sector_set).count() == 12
    north = areas["north"]
    for s in Sector.objects.filter(code__in=["41999A00-", "41999A01-"]):
        AreaSector.objects.create(area=north, sector=s)
    assert list(services.sectors_of_area(north).values_list("code", flat=True)) == ["41999A00-", "41999A01-"]
    geom = services.area_geometry(north)
    # Two adjacent 500 m squares: union is one polygon of ~0.5 km².
    assert geom.geom_type == "Polygon"
    assert sum(
        Sector.objects.filter(area_links__area=north).values_list("area_m2", flat=True)
    ) == pytest.approx(500_000, rel=1e-3)
    assert services.area_geometry(areas["south"]) is None


def test_aggregation_rules(sector_set):
    codes = ["41999A00-", "41999A01-", "41999A02-"]
    _values("population_total", 2024, [(c, 100 + i, None, None) for i, c in enumerate(codes)])
    _values("population_85_plus", 2024, [(codes[0], 2, None, None), (codes[1], 1, None, None)])
    _values("median_taxable_income", 2024, [(c, 20000 + i, None, None) for i, c in enumerate(codes)])
    _values(
        "share_non_belgian_origin",
        2024,
        [(codes[0], 10.0, 10, 100), (codes[1], 30.0, 30, 100), (codes[2], 50.0, 1, 2)],
    )
    total = services.aggregate("population_total", codes)
    assert (total.value, total.method, total.suppressed, total.year) == (303, "sum", False, 2024)
    small = services.aggregate("population_85_plus", codes, k=5)
    assert small.suppressed and small.value is None and small.display == SYMBOL
    assert services.aggregate("population_85_plus", codes, k=3).value == 3
    median = services.aggregate("median_taxable_income", codes)
    assert median.value is None and median.method == "not_aggregable"
    assert services.aggregate("median_taxable_income", codes[:1]).value == 20000
    rate = services.aggregate("share_non_belgian_origin", codes)
    # Recomputed: (10+30+1)/(100+100+2), not the mean of the three percentages.
    assert rate.method == "recompute_rate"
    assert rate.value == pytest.approx(41 / 202 * 100)
    assert services.aggregate("share_non_belgian_origin", codes[2:]).suppressed
    assert (
        services.suppress(4, 5) is None and services.suppress(5, 5) == 5 and services.suppress(0, 5) is None
    )


def test_rate_falls_back_on_catalogue_parts(sector_set):
    codes = ["41999A00-", "41999A01-"]
    _values("population_total", 2024, [(codes[0], 100, None, None), (codes[1], 300, None, None)])
    _values("population_non_belgian_origin", 2024, [(codes[0], 10, None, None), (codes[1], 90, None, None)])
    _values("share_non_belgian_origin", 2024, [(codes[0], 10.0, None, None), (codes[1], 30.0, None, None)])
    assert services.aggregate("share_non_belgian_origin", codes).value == pytest.approx(25.0)


def test_latest_year_and_area_population(sector_set, areas):
    north = areas["north"]
    s = Sector.objects.get(code="41999A05-")
    AreaSector.objects.create(area=north, sector=s)
    _values("population_total", 2024, [("41999A05-", 80, None, None)])
    _values("population_total", 2025, [("41999A05-", 90, None, None)])
    _values("population_65_plus", 2025, [("41999A05-", 3, None, None)])
    assert services.indicator_values("population_total", ["41999A05-"]) == {"41999A05-": 90}
    assert services.indicator_values("population_total", ["41999A05-"], 2024) == {"41999A05-": 80}
    assert services.area_population(north) == {"total": 90, "age_65_plus": 3}
    assert services.area_population(north, 2024) == {"total": 80}


def test_area_population_query_count(sector_set, areas, django_assert_max_num_queries):
    north = areas["north"]
    for s in Sector.objects.filter(code__in=["41999A00-", "41999A01-"]):
        AreaSector.objects.create(area=north, sector=s)
    _values("population_total", 2025, [("41999A00-", 50, None, None), ("41999A01-", 70, None, None)])
    _values("population_75_plus", 2025, [("41999A00-", 5, None, None), ("41999A01-", 2, None, None)])
    _values("living_alone_65_plus", 2025, [("41999A01-", 1, None, None)])
    with django_assert_max_num_queries(6):
        assert services.area_population(north) == {"total": 120, "age_75_plus": 7, "living_alone_65_plus": 1}
