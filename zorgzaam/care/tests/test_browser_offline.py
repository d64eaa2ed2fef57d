"""Issue 13 in the browser, in Dutch and French (axe clean): a coordinator records an offline helper's
"yes" by phone, then that the task is done, and closes the request with its outcome; a resident raises
a worry and sees it only as received."""

import re

import pytest

from zorgzaam.care import services
from zorgzaam.care.models import Match, Signal
from zorgzaam.care.themes import ensure_themes
from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.actor import build_actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("locale", ["nl-BE", "fr-BE"])
def test_offline_helper_and_a_residents_worry(browser, live_server, users, network, locale):
    ensure_themes()
    coord = build_actor(users["coordinator"], network)
    resident = users["resident"].persons.get()
    req = services.create_request(coord, person=resident, description="Boodschappen doen", themes=["health"])
    services.triage(coord, req)
    match = services.propose_match(coord, req, users["volunteer"].persons.get())
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, base, "coord")
        page.goto(f"{base}/care/requests/{req.pk}/")
        assert page.locator("html").get_attribute("lang") == locale[:2]
        page.click("details.helper-steps summary")
        page.fill(f"#id_m{match.pk}-note", "Telefonisch: ja")
        assert serious_axe_violations(page) == []
        with page.expect_navigation():
            page.click("details.helper-steps button[value=accept]")
        assert Match.objects.get(pk=match.pk).state == "accepted"
        page.click("details.helper-steps summary")
        page.check(f"input[name='m{match.pk}-rating'][value='3']")
        with page.expect_navigation():
            page.click("details.helper-steps button[value=done]")
        assert Match.objects.get(pk=match.pk).state == "done"
        page.check("input[name=outcome][value=solved]")
        page.fill("#id_outcome_note", "Geholpen door Vol")
        with page.expect_navigation():
            page.click(f"form[action='/care/requests/{req.pk}/close/'] button[type=submit]")
        req.refresh_from_db()
        assert (req.status, req.outcome_note) == ("closed", "Geholpen door Vol")
        assert serious_axe_violations(page) == []

        context.clear_cookies()
        login(page, base, "resident")
        page.goto(f"{base}/care/signals/new/")
        assert serious_axe_violations(page) == []
        page.fill("#id_description", "Mijn buurvrouw haalt haar post niet meer binnen.")
        page.fill("#id_address_text", "Kerkstraat 3")
        page.check("input[name=urgency][value=normal]")
        page.select_option("#id_source", "neighbour")
        page.check("input[name=consent_status][value=not_possible]")
        page.fill("#id_consent_reason", "Ze doet niet open")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/care/signals/$"))
        sig = Signal.objects.get()
        assert sig.reported_by == users["resident"] and sig.status == "open"
        received = {"nl": "Ontvangen", "fr": "Reçue"}[locale[:2]]
        assert received in page.locator("main table").inner_text()
        assert serious_axe_violations(page) == []
    finally:
        context.close()
