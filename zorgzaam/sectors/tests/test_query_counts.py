"""Exact query counts (issue 10 item 9): the sector pages and endpoints with 1 and with 20 indicators
(each with values for the area's sectors) and layers make the same, exact number of queries.
The layer of the fixtures has twelve sectors, so the rows that grow here are indicators and layers."""

import pytest

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import services
from zorgzaam.sectors.models import Indicator, IndicatorValue, SectorSet

pytestmark = pytest.mark.django_db
NORTH_CODES = ["41999A00-", "41999A01-", "41999A02-"]


@pytest.fixture
def rows(sector_set, areas):
    north = areas["north"]
    services.set_area_sectors(system_actor(north.network), north, NORTH_CODES, recompute=False)

    def make(n):
        for _ in range(n):
            i = Indicator.objects.filter(code__startswith="extra_").count()
            ind = Indicator.objects.create(code=f"extra_{i}", name_nl=f"Extra {i}")
            IndicatorValue.objects.bulk_create(
                IndicatorValue(indicator=ind, sector_code=code, year=2025, value=100 + k)
                for k, code in enumerate(NORTH_CODES)
            )
            SectorSet.objects.create(reference_year=2000 + i % 20, name=f"Laag {i}", complete=True)

    return make


def test_sector_lists(users, client_of, rows, areas, sector_set):
    coord = client_of(users["coordinator"])
    north = areas["north"].pk
    cases = [
        (coord, "/sectors/", 9),
        (coord, "/sectors/layers/", 10),
        (coord, f"/sectors/layers/{sector_set.pk}/", 11),
        (coord, f"/sectors/areas/{north}/", 17),
        (coord, f"/sectors/areas/{north}/indicators/", 18),
        (coord, f"/sectors/areas/{north}/indicators.csv", 16),
        (coord, "/sectors/indicators/", 8),
        (coord, "/api/sectors/sets", 7),
        (coord, "/api/sectors/indicators", 6),
        (coord, f"/api/sectors/areas/{north}/sectors", 9),
        (coord, f"/api/sectors/areas/{north}/indicators", 16),
        (coord, f"/api/sectors/indicators/extra_0/values?area={north}", 14),
    ]
    assert_queries_per_page(cases, rows)
