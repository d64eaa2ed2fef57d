import pytest

from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import services


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_area_sectors_editor_and_figures(page, live_server, users, areas, sector_set, admin):
    north = areas["north"]
    services.set_area_sectors(system_actor(north.network), north, ["41999A00-"], recompute=False)
    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/sectors/areas/{north.pk}/")
    page.wait_for_selector("#sector-map path.leaflet-interactive")
    assert page.locator("#sector-map path.leaflet-interactive").count() == 12
    assert serious_axe_violations(page) == []
    # The searchable list is the accessible alternative to the map.
    page.fill("#sector-filter", "A05")
    assert page.locator('input[name="codes"][value="41999A05-"]').is_visible()
    assert not page.locator('input[name="codes"][value="41999A04-"]').is_visible()
    page.check('input[name="codes"][value="41999A05-"]')
    page.click("#area-sectors-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert sorted(services.sectors_of_area(north).values_list("code", flat=True)) == [
        "41999A00-",
        "41999A05-",
    ]
    page.goto(f"{live_server.url}/sectors/areas/{north.pk}/indicators/")
    assert page.locator("h1").count() == 1
    assert serious_axe_violations(page) == []
    for path in ("/sectors/", "/sectors/layers/", "/sectors/indicators/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1
        assert serious_axe_violations(page) == [], path
    # The placement job started by saving the sectors, with its progress bar.
    from zorgzaam.sectors.models import ImportJob

    job = ImportJob.objects.filter(kind="placements").latest("pk")
    page.goto(f"{live_server.url}/sectors/jobs/{job.pk}/")
    assert page.locator("progress").get_attribute("value") == "100"
    assert serious_axe_violations(page) == []
    # The import pages, as the platform administrator.
    page.context.clear_cookies()
    login(page, live_server.url, admin.username)
    for path in ("/sectors/layers/", "/sectors/indicators/import/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("form[enctype='multipart/form-data']").count() == 1
        assert serious_axe_violations(page) == [], path
