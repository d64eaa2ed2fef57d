"""The whole pathway in the browser (Dutch UI): signal -> request -> suggestions -> match -> close."""

import re

import pytest

from zorgzaam.care import services
from zorgzaam.care.models import Match, Request, Signal
from zorgzaam.care.themes import ensure_themes
from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.actor import build_actor
from zorgzaam.people.testing import choose_person


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coach_walks_the_care_pathway(page, live_server, users, network):
    ensure_themes()
    resident = users["resident"].persons.get()
    login(page, live_server.url, "prof")
    base = live_server.url

    page.goto(f"{base}/care/signals/new/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert serious_axe_violations(page) == []
    choose_person(page, "id_person", resident.first_name, resident.pk)
    page.fill("#id_description", "Mevrouw komt niet meer buiten sinds haar val.")
    page.check("input[name=consent_status][value=given]")  # never pre-selected (issue 13 item 5)
    page.check("input[name=themes] >> nth=0")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/care/signals/\d+/$"))
    sig = Signal.objects.get()
    assert sig.person == resident
    assert serious_axe_violations(page) == []

    page.click(f"a[href='/care/signals/{sig.pk}/request/']")
    page.wait_for_url(re.compile(r"/request/$"))
    assert serious_axe_violations(page) == []
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/care/requests/\d+/$"))
    req = Request.objects.get()
    assert req.signal == sig and req.status == "new"
    assert serious_axe_violations(page) == []

    with page.expect_navigation():
        page.click(f"form[action='/care/requests/{req.pk}/triage/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    req.refresh_from_db()
    assert req.status == "triaged"

    # With htmx the list loads in place; without it the link opens the same list as a page.
    page.click(f"a[href='/care/requests/{req.pk}/suggestions/']")
    confirm = f"form[action='/care/requests/{req.pk}/match/'] button[type=submit]"
    page.wait_for_selector(confirm)
    assert serious_axe_violations(page) == []
    with page.expect_navigation():
        page.click(f"{confirm} >> nth=0")
    match = Match.objects.get()
    assert match.state == "proposed"

    vol = build_actor(users["volunteer"], network)
    services.accept_match(vol, match)
    services.finish_match(vol, match, rating=3, feedback="Fijn")

    page.goto(f"{base}/care/requests/{req.pk}/")
    page.check("input[name=outcome][value=solved]")
    page.check("input[name=resident_verdict][value='3']")
    with page.expect_navigation():
        page.click(f"form[action='/care/requests/{req.pk}/close/'] button[type=submit]")
    req.refresh_from_db()
    assert req.status == "closed" and req.outcome == "solved"
    assert "Afgesloten" in page.locator("#request-status").inner_text()
    assert serious_axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_volunteer_accepts_a_task(page, live_server, users, network):
    ensure_themes()
    coord = build_actor(users["coordinator"], network)
    resident = users["resident"].persons.get()
    resident.street, resident.house_number, resident.last_name = "Lindestraat", "9", "Achternaamsen"
    resident.save()
    req = services.triage(
        coord, services.create_request(coord, person=resident, description="Boodschappen doen")
    )
    match = services.propose_match(coord, req, users["volunteer"].persons.get())
    login(page, live_server.url, "vol")
    page.goto(f"{live_server.url}/care/tasks/{match.pk}/")
    main = page.locator("main")
    assert "Lindestraat" not in main.inner_text() and "Achternaamsen" not in main.inner_text()
    assert serious_axe_violations(page) == []
    page.click(f"form[action='/care/tasks/{match.pk}/accept/'] button")
    page.wait_for_selector("text=Lindestraat 9")  # swapped in place by htmx, or after a reload without it
    match.refresh_from_db()
    assert match.state == "accepted"
    assert "Achternaamsen" not in page.locator("main").inner_text()
    assert serious_axe_violations(page) == []
