"""Every page with a map shows names people typed as text, never as HTML (issue 9 item 5).

Names of areas, places, services, organisations and sectors carry HTML/script payloads; each map
page is loaded once, every map tooltip and popup is opened, and the page must hold no element built
from those names, no executed payload, no CSP violation and no console error. One test, one live
server, one page load per map page (the suite has a time budget).
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = '"><script>window.__xss=2</script>'
# A tile source (ZORGZAAM_TILE_URL) that needs no network: every tile is the same 1x1 PNG.
TILE = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

# Runs before any page script: records CSP violations (an inline handler or script the CSP blocked
# is the footprint of an injection even when nothing ran).
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""

# Opens every tooltip and popup the map scripts bound: hover and click each drawn shape.
OPEN_ALL = """
() => {
  const shapes = document.querySelectorAll(".leaflet-container .leaflet-interactive");
  for (const type of ["mouseover", "click"]) {
    shapes.forEach((el) => el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true })));
  }
  return shapes.length;
}
"""

INJECTED = """
() => ({
  xss: typeof window.__xss === "undefined" ? null : window.__xss,
  csp: window.__csp || [],
  imgs: document.querySelectorAll('img[src="x"]').length,
  scripts: document.querySelectorAll(".leaflet-container script").length,
  labels: Array.from(document.querySelectorAll(".leaflet-tooltip, .leaflet-popup-content"))
    .map((el) => el.textContent),
  tiles: document.querySelectorAll(".leaflet-tile-pane img.leaflet-tile").length,
  attribution: (document.querySelector(".leaflet-control-attribution") || {}).textContent || "",
})
"""


def _box(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def hostile_names(tmp_path, network, areas, organisation, users):
    """Areas, a place, a service, its organisation and statistical sectors named with payloads."""
    from zorgzaam.community.models import Place
    from zorgzaam.people.actor import system_actor
    from zorgzaam.sectors import services as sectors
    from zorgzaam.sectors.catalogue import seed
    from zorgzaam.sectors.models import Indicator
    from zorgzaam.sectors.testing import grid_boxes, write_layer
    from zorgzaam.socialmap.models import Service

    north, south = areas["north"], areas["south"]
    north.name, north.boundary = f"Noord {IMG}", _box(4.0, 50.9)
    north.save()
    south.name, south.boundary = f"Zuid {SCRIPT}", _box(4.02, 50.9)
    south.save()
    organisation.name = f"Org {SCRIPT}"
    organisation.save()
    place = Place.objects.create(
        network=network, name=f"Buurthuis {IMG}", area=north, latitude=50.905, longitude=4.005
    )
    service = Service.objects.create(
        organisation=organisation, name=f"Dienst {IMG}", latitude=50.905, longitude=4.006
    )
    seed(Indicator)  # transactional tests elsewhere may have flushed the seeded catalogue
    codes = [f"41999A{i:02d}-" for i in range(2)]
    layer = write_layer(
        tmp_path / "sectors", grid_boxes(2, 1), codes, names_nl=[f"Sector {IMG}", f"Sector {SCRIPT}"]
    )
    sectors.import_sector_file(system_actor(), layer, reference_year=2024)
    # The sector of the other area is labelled with that area's name in the editor.
    sectors.set_area_sectors(system_actor(network), south, [codes[1]], recompute=False)
    return {"place": place, "service": service, "north": north, "south": south}


def _log_in(page, url: str, user) -> None:
    # A session cookie instead of the login form: one page load less (the form has its own tests).
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_labels_are_text_on_every_map_page(page, live_server, settings, network, users, hostile_names):
    # Every map takes the tile source from one place; its attribution is text like the labels.
    settings.ZORGZAAM_TILE_URL = TILE
    settings.ZORGZAAM_TILE_ATTRIBUTION = f"Kaart {IMG}"
    place, service, north = hostile_names["place"], hostile_names["service"], hostile_names["north"]
    from zorgzaam.analysis.services import measure_options

    sector_measure = next(code for code, _label in measure_options() if code.startswith("indicator:"))
    pages = {
        # First, without a login: what a passer-by sees.
        "public page": reverse("public:area", args=[network.slug, north.slug]),
        "areas": reverse("networks:areas"),
        "area sectors": reverse("sectors:area_sectors", args=[north.pk]),
        "social map": reverse("socialmap:map"),
        "service": reverse("socialmap:detail", args=[service.pk]),
        "places": reverse("community:place_list"),
        "place": reverse("community:place_detail", args=[place.pk]),
        # A sector indicator, so the map is drawn per sector (without one the page opens on a
        # figure that has data, which is drawn per area here).
        "analysis of an area": reverse("analysis:index") + f"?area={north.pk}&measure={sector_measure}",
    }
    # Every name shown on a map of that page, as the text its label must contain.
    expected = {
        "areas": [f"Noord {IMG}", f"Zuid {SCRIPT}"],
        "area sectors": [f"Sector {IMG}", f"Sector {SCRIPT}", f"Zuid {SCRIPT}"],
        "social map": [f"Noord {IMG}", f"Zuid {SCRIPT}", f"Dienst {IMG}", f"Org {SCRIPT}"],
        "service": [f"Dienst {IMG}", f"Org {SCRIPT}"],
        "places": [f"Buurthuis {IMG}"],
        "place": [f"Buurthuis {IMG}"],
        "analysis of an area": [f"Sector {SCRIPT}"],
        "public page": [f"Buurthuis {IMG}"],
    }
    problems: list[str] = []
    page.add_init_script(WATCH)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

    def console(message):
        # The browser asks for /favicon.ico on its own; we serve none.
        where = message.location.get("url", "")
        if message.type == "error" and not where.endswith("/favicon.ico"):
            problems.append(f"console: {message.text} ({where})")

    page.on("console", console)
    for name, path in pages.items():
        if name == "areas":
            _log_in(page, live_server.url, users["coordinator"])
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(".leaflet-container .leaflet-interactive", state="attached")
        assert page.evaluate(OPEN_ALL) > 0, name
        found = page.evaluate(INJECTED)
        # Gathered per page rather than stopping at the first, so a failure names every bad page.
        if found["xss"] is not None or found["imgs"] or found["scripts"]:
            problems.append(f"{name}: injected elements {found}")
        if found["csp"]:
            problems.append(f"{name}: CSP violations {found['csp']}")
        missing = [t for t in expected[name] if not any(t in label for label in found["labels"])]
        if missing:
            problems.append(f"{name}: not shown as text {missing} in {found['labels']}")
        if not found["tiles"] or f"Kaart {IMG}" not in found["attribution"]:
            problems.append(f"{name}: tiles {found['tiles']}, attribution {found['attribution']!r}")
    assert problems == [], "\n".join(problems)
