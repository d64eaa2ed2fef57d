"""The "municipality (all areas)" figures (issue 11 item 2), computed by hand per aggregation method of
the indicator catalogue: counts summed, rates and shares recomputed from summed numerators and
denominators, means of persons weighted by persons, medians never averaged. Every case has an area
whose own cell is hidden (below k): the municipal figure still uses its true value."""

import pytest

from zorgzaam.analysis import services
from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.networks.models import Area

pytestmark = pytest.mark.django_db

# Sectors per area: Noord S0 S1 S2, Zuid S3 (small: hidden), Oost S4 S5.
POP = [100, 30, 40, 2, 250, 80]  # persons: sum 502, Zuid 2 < k
SENIORS = [20, 6, 10, 1, 50, 13]  # numerator of the share: sum 100
HELPED = [5, 2, 3, 1, 10, 4]  # numerator of the rate (per person): sum 25
AGE_SUM = [4000, 1200, 1500, 90, 10500, 3200]  # sum of ages of the persons: sum 20490
MEDIAN = [21000, 22000, 23000, 24000, 25000, 26000]


@pytest.fixture
def municipal(network, areas):
    from zorgzaam.sectors.models import AreaSector, Indicator, IndicatorValue, Sector, SectorSet

    east = Area.objects.create(network=network, name="Oost", slug="oost")
    sset = SectorSet.objects.create(reference_year=2024, complete=True)
    square = {"type": "Polygon", "coordinates": [[[4, 50], [4.01, 50], [4.01, 50.01], [4, 50]]]}
    secs = [Sector.objects.create(sector_set=sset, code=f"S{i}", geometry=square) for i in range(6)]
    for area, idx in ((areas["north"], (0, 1, 2)), (areas["south"], (3,)), (east, (4, 5))):
        for i in idx:
            AreaSector.objects.create(area=area, sector=secs[i])

    def ind(code, **fields):
        return Indicator.objects.update_or_create(code=code, defaults={"name_nl": code, **fields})[0]

    pop = ind("population_total", kind="count", aggregation="sum", population_group="total")
    seniors = ind("population_65_plus", kind="count", aggregation="sum", population_group="age_65_plus")
    ind(
        "share_seniors",
        kind="share",
        unit="%",
        aggregation="recompute_rate",
        numerator_code="population_65_plus",
        denominator_code="population_total",
    )
    rate = ind("helped_rate", kind="rate", unit="", aggregation="recompute_rate")
    mean = ind("mean_age", kind="mean", unit="jaar", aggregation="recompute_rate")
    median = ind("median_taxable_income", kind="median", unit="EUR", aggregation="none")
    for i, s in enumerate(secs):
        IndicatorValue.objects.create(indicator=pop, sector_code=s.code, year=2024, value=POP[i])
        IndicatorValue.objects.create(indicator=seniors, sector_code=s.code, year=2024, value=SENIORS[i])
        IndicatorValue.objects.create(
            indicator=rate,
            sector_code=s.code,
            year=2024,
            value=HELPED[i] / POP[i],
            numerator=HELPED[i],
            denominator=POP[i],
        )
        IndicatorValue.objects.create(
            indicator=mean,
            sector_code=s.code,
            year=2024,
            value=AGE_SUM[i] / POP[i],
            numerator=AGE_SUM[i],
            denominator=POP[i],
        )
        IndicatorValue.objects.create(indicator=median, sector_code=s.code, year=2024, value=MEDIAN[i])
    return {"east": east, "median": median}


def _overview(actor_of, users, code):
    return services.analysis_overview(actor_of(users["policy"]), measure=f"indicator:{code}")


def _row(ov, area):
    return next(r for r in ov["table"] if r["area"].pk == area.pk)


def test_counts_are_summed_over_all_areas_not_averaged(municipal, areas, users, actor_of):
    ov = _overview(actor_of, users, "population_total")
    assert ov["municipality_value"] == 502  # was the mean of the shown areas
    assert _row(ov, areas["south"])["value"] is None and _row(ov, areas["south"])["hidden"]
    # Zuid (2) cannot be worked out as the municipality minus the published areas.
    north, east = _row(ov, areas["north"]), _row(ov, municipal["east"])
    assert north["hidden"] or east["hidden"]


def test_shares_are_recomputed_from_summed_numerators_and_denominators(municipal, users, actor_of):
    ov = _overview(actor_of, users, "share_seniors")
    assert ov["municipality_value"] == pytest.approx(100 * 100 / 502)


def test_rates_are_recomputed_from_summed_numerators_and_denominators(municipal, users, actor_of):
    ov = _overview(actor_of, users, "helped_rate")
    assert ov["municipality_value"] == pytest.approx(25 / 502)


def test_means_of_persons_are_weighted_by_persons(municipal, users, actor_of):
    ov = _overview(actor_of, users, "mean_age")
    assert ov["municipality_value"] == pytest.approx(20490 / 502)


def test_medians_are_never_averaged(municipal, users, actor_of):
    ov = _overview(actor_of, users, "median_taxable_income")
    assert ov["municipality_value"] is None
    assert ov["municipality_note"]  # not available, with a reason
    html_reason = str(ov["municipality_note"])
    assert "median" in html_reason.lower() or "mediaan" in html_reason.lower()


def test_the_municipality_s_own_median_is_used_when_published(municipal, network, users, actor_of):
    from zorgzaam.sectors.models import IndicatorValue

    network.nis_code = "11111"
    network.save()
    IndicatorValue.objects.create(indicator=municipal["median"], sector_code="11111", year=2024, value=23456)
    ov = _overview(actor_of, users, "median_taxable_income")
    assert ov["municipality_value"] == 23456 and not ov["municipality_note"]


def test_compare_table_uses_the_same_municipal_figures(municipal, areas, users, actor_of):
    ov = services.analysis_overview(
        actor_of(users["policy"]), area=areas["north"], measure="indicator:population_total"
    )
    by_code = {c["code"]: c for c in ov["compare"]}
    assert by_code["indicator:population_total"]["municipality"] == 502
    assert by_code["indicator:share_seniors"]["municipality"] == pytest.approx(100 * 100 / 502)
    assert by_code["indicator:median_taxable_income"]["municipality"] is None
    assert by_code["indicator:median_taxable_income"]["municipality_note"]


def test_builtin_person_counts_and_rates(network, areas, users, actor_of, make_person, municipal):
    """Residents 65+ summed (from the sector population), volunteers per 100 residents aged 65+
    recomputed from the summed volunteers and residents."""
    from zorgzaam.people.models import RoleAssignment

    for area, n in ((areas["north"], 3), (areas["south"], 1), (municipal["east"], 2)):
        for _i in range(n):
            RoleAssignment.objects.create(person=make_person(network, area=area), role="volunteer", area=area)
    ov = services.analysis_overview(actor_of(users["policy"]), measure="residents_65plus")
    assert ov["municipality_value"] == 100
    by_code = {c["code"]: c for c in ov["compare"]}
    assert by_code["volunteers_per_100_65plus"]["municipality"] == pytest.approx(100 * 6 / 100)


def test_page_shows_symbol_and_reason(municipal, users, client_of):
    html = (
        client_of(users["policy"]).get("/analysis/?measure=indicator:median_taxable_income").content.decode()
    )
    assert SYMBOL in html or "disclosure-note" in html
    html = client_of(users["policy"]).get("/analysis/?measure=indicator:population_total").content.decode()
    assert "502" in html and "disclosure-note" in html


def test_api_gives_the_same_municipal_figures(municipal, areas, users, client_of):
    c = client_of(users["policy"])
    data = c.get("/api/analysis/overview?measure=indicator:population_total").json()
    assert data["municipality_value"] == 502 and data["municipality_hidden"] is False
    south = next(a for a in data["areas"] if a["id"] == areas["south"].pk)
    assert south["value"] is None and south["hidden"] is True
    data = c.get("/api/analysis/overview?measure=indicator:median_taxable_income").json()
    assert data["municipality_value"] is None and data["municipality_note"]


def test_exports_and_home_panel_show_the_symbol_for_hidden_cells(municipal, areas, users, client_of):
    c = client_of(users["policy"])
    body = c.get("/analysis/export/csv/?measure=indicator:population_total").content.decode("utf-8-sig")
    header, *rows = [line.split(";") for line in body.strip().splitlines()]
    col = header.index("population_total")
    south = next(r for r in rows if r[0] == "Zuid")
    assert south[col] == SYMBOL  # hidden, not an empty cell that reads as "no data"
    home = c.get("/").content.decode()
    assert "Key figures per area" in home or "Kerncijfers" in home
    assert SYMBOL in home
