import pytest

from zorgzaam.core.testing import login, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_area_analysis_page(page, live_server, users, areas, network):
    from zorgzaam.analysis.models import Observation

    ring = [[4, 50], [4.1, 50], [4.1, 50.1], [4, 50.1], [4, 50]]
    areas["north"].boundary = {"type": "Polygon", "coordinates": [ring]}
    areas["north"].save()
    Observation.objects.create(
        network=network, area=areas["north"], kind="strength", text="Mooi plein", observed_on="2026-01-05"
    )
    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/analysis/")
    assert page.locator("#analysis-map").count() == 1
    assert page.locator("#analysis-map .leaflet-interactive").count() == 1  # the one area with a boundary
    assert page.locator("#figure-table tbody tr").count() == 3  # two areas + the municipality
    assert page.locator("#reach-table").count() == 1
    with page.expect_navigation():  # choosing another figure reloads the page with it
        page.select_option("#id_measure", "observed_strengths")
    page.wait_for_load_state("networkidle")
    assert "measure=observed_strengths" in page.url
    assert page.locator("#map-legend span").count() == 6  # five classes and "unknown"
    assert "Mooi plein" in page.content()
    assert serious_axe_violations(page) == []
