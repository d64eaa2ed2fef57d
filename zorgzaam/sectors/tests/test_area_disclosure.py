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
