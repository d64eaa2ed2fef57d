"""Real browser (Debian chromium via Playwright): log in, find and open a person, switch to French,
record consent; axe-core finds no serious or critical accessibility violation on any page visited."""

import pytest

from zorgzaam.core.testing import login, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coach_opens_person_and_switches_to_french(page, live_server, users, make_person, areas, network):
    person = make_person(
        network, first_name="Godelieve", last_name="Maes", area=areas["north"], birth_year=1938
    )
    make_person(network, first_name="Suzanne", last_name="Claes", area=areas["north"])
    login(page, live_server.url, "prof")
    assert serious_axe_violations(page) == []

    # The menu's groups are tested in zorgzaam/tests/test_nav_visibility.py; here the list itself.
    page.goto(f"{live_server.url}/people/")
    page.wait_for_selector("#person-results >> text=Suzanne Claes")
    page.fill("#id_q", "godel")  # htmx filters as you type, without pressing Search
    page.wait_for_selector("#person-results >> text=Suzanne Claes", state="detached")
    assert page.locator("#person-results >> text=Godelieve Maes").count() == 1
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="Godelieve Maes").click()
    assert page.locator("h1").inner_text() == "Godelieve Maes"
    assert serious_axe_violations(page) == []

    page.select_option("#language-select", "fr")
    page.wait_for_selector("html[lang=fr]")
    assert page.locator("h1").inner_text() == "Godelieve Maes"
    assert page.get_by_role("heading", name="Consentement").is_visible()
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name="Consentement").click()
    page.get_by_label("Être contacté").check()
    page.get_by_label("Donné", exact=True).check()
    page.get_by_label("Oralement").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("text=Consentement enregistré")
    assert serious_axe_violations(page) == []
    from zorgzaam.people.services import has_consent

    assert has_consent(person, "contact")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_large_text_and_phone_width(page, live_server, users):
    login(page, live_server.url, "coord")
    page.get_by_role("button", name="Grotere tekst").click()
    page.wait_for_selector("html.large-text")
    # Nothing scrolls sideways on a phone, even with large text.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert serious_axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_pages_are_accessible(page, live_server, users, make_person, areas, network):
    person = make_person(network, first_name="Omer", area=areas["south"])
    login(page, live_server.url, "coord")
    for path in (
        "/",
        "/people/new/",
        f"/people/{person.pk}/edit/",
        f"/people/{person.pk}/consent/",
        "/audit/",
        "/areas/",
        "/areas/new/",
        "/accounts/security/",
        "/notifications/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        assert serious_axe_violations(page) == [], path
