"""The area indicator table (/sectors/areas/<id>/indicators/, its CSV and API) goes through
core.disclosure: a hidden sector cannot be worked out as the area total minus the sectors shown, and
the area figures hide the same cells as the analysis page (issue 11 item 1)."""

import pytest

from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.sectors import services
from zorgzaam.sectors.models import AreaSector, Indicator, IndicatorValue, Sector

pytestmark = pytest.mark.django_db

# Noord: A00 A01 A02 (30, 2, 20), Zuid: A03 (3). Population 85+.
OLD = {"41999A00-": 30, "41999A01-": 2, "41999A02-": 20, "41999A03-": 3}


@pytest.fixture
def linked(sector_set, areas):
    for code in ("41999A00-", "41999A01-", "41999A02-"):
        AreaSector.objects.create(area=areas["north"], sector=Sector.objects.get(code=code))
    AreaSector.objects.create(area=areas["south"], sector=Sector.objects.get(code="41999A03-"))
    ind = Indicator.objects.get(code="population_85_plus")
    for code, v in OLD.items():
        IndicatorValue.objects.create(indicator=ind, sector_code=code, year=2024, value=v)
    return ind


def _row(report, code="population_85_plus"):
    return next(r for r in report["rows"] if r["indicator"].code == code)


def test_area_total_next_to_sector_cells_does_not_give_a_hidden_sector_away(linked, areas, users, actor_of):
    row = _row(services.area_report(actor_of(users["coordinator"]), areas["north"]))
    cells = {c["code"]: c for c in row["cells"]}
    assert cells["41999A01-"]["suppressed"] and cells["41999A01-"]["display"] == SYMBOL
    published = [c["value"] for c in row["cells"] if not c["suppressed"]]
    hidden = [c for c in row["cells"] if c["suppressed"]]
    if not row["aggregate"].suppressed:  # 52 - 30 - 20 would be the hidden 2
        assert len(hidden) >= 2 and row["aggregate"].value - sum(published) >= 5


def test_policy_viewer_sees_the_same_area_figure_as_on_the_analysis_page(linked, areas, users, actor_of):
    from zorgzaam.analysis import services as analysis

    policy = actor_of(users["policy"])
    ov = analysis.analysis_overview(policy, measure="indicator:population_85_plus")
    for area in areas.values():
        agg = _row(services.area_report(policy, area))["aggregate"]
        table = next(r for r in ov["table"] if r["area"] == area)
        assert agg.suppressed == table["hidden"], area.name
        assert agg.value == table["value"]
        assert agg.display == (SYMBOL if agg.suppressed else services.format_number(agg.value))


def test_csv_and_api_hide_the_same(linked, areas, users, actor_of, client_of):
    csv = services.area_report_csv(actor_of(users["coordinator"]), areas["north"])
    line = next(x for x in csv.splitlines() if ";population_85_plus;" in x)
    assert line.split(";")[4:] == ["30", SYMBOL, SYMBOL] or line.split(";")[3] == SYMBOL
    assert "< 5" not in csv


# 2025: the small sector has grown (8) and nothing is small any more.
NEW = {"41999A00-": 30, "41999A01-": 8, "41999A02-": 20, "41999A03-": 3}


@pytest.fixture
def two_years(linked):
    for code, v in NEW.items():
        IndicatorValue.objects.create(indicator=linked, sector_code=code, year=2025, value=v)
    return linked


def test_a_year_does_not_publish_a_sector_another_year_hides(two_years, areas, users, client_of):
    """Year by year, 2024 hides A01 (2) and A02 (20) next to the area total 52, and 2025 publishes
    A02 = 20: 52 - 30 - 20 gives the hidden 2 back. Every year is protected together (issue 11
    item 1, the previous period): the API hides the same sectors in both years."""
    c = client_of(users["coordinator"])
    shown = {}
    for year in (2024, 2025):
        data = c.get(f"/api/sectors/areas/{areas['north'].pk}/indicators", {"year": year}).json()
        cells = data["sectors"]["population_85_plus"]
        shown[year] = {x["sector"]: x["value"] for x in cells}
        agg = next(a for a in data["aggregates"] if a["indicator"] == "population_85_plus")
        shown[year]["area"] = agg["value"]
    assert shown[2024]["41999A01-"] is None and shown[2025]["41999A01-"] is None
    assert {s for s, v in shown[2024].items() if v is None} == {
        s for s, v in shown[2025].items() if v is None
    }
    for year in (2024, 2025):  # and the area total never leaves A01 as the only unknown
        assert shown[year]["area"] is None or sum(1 for v in shown[year].values() if v is None) >= 2


def test_the_analysis_hides_in_its_year_what_the_sectors_page_hides_in_another(
    two_years, areas, users, actor_of
):
    """The analysis shows the latest year (2025); the sectors page can show 2024, where A01 is small."""
    from zorgzaam.analysis import figures

    report = services.area_report(actor_of(users["coordinator"]), areas["north"], 2024)
    hidden_2024 = {c["code"] for c in _row(report)["cells"] if c["suppressed"]}
    figs = figures.compute(areas["north"].network, list(areas.values()), 5)
    hidden_2025 = {c for code, c in figs.sectors_hidden if code == "population_85_plus"}
    assert "41999A01-" in hidden_2024 and hidden_2024 <= hidden_2025, (hidden_2024, hidden_2025)
