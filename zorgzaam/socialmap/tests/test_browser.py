import pytest

from zorgzaam.core.testing import login, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_and_map(page, live_server, users, organisation, areas, make_service):
    areas["north"].boundary = {
        "type": "Polygon",
        "coordinates": [[[4.03, 50.925], [4.06, 50.925], [4.06, 50.945], [4.03, 50.945], [4.03, 50.925]]],
    }
    areas["north"].save()
    make_service(organisation, "Warme maaltijden", categories=["meals"], latitude=50.93, longitude=4.04)
    make_service(organisation, "Poetshulp", categories=["home-care"])
    login(page, live_server.url, "vol")
    page.goto(f"{live_server.url}/socialmap/")
    page.fill("#id_q", "maaltijd")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("networkidle")
    results = page.locator("#service-results")
    assert "Warme maaltijden" in results.inner_text() and "Poetshulp" not in results.inner_text()
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/socialmap/map/")
    page.wait_for_selector("#socialmap-map path.leaflet-interactive")
    # One marker and one neighbourhood border are drawn; the list beside the map names both services.
    assert page.locator("#socialmap-map path.leaflet-interactive").count() == 2
    assert "Poetshulp" in page.locator(".sm-list").inner_text()
    assert serious_axe_violations(page) == []
