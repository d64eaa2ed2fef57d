import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.community.models import Activity, Attendance, Occurrence, Place, Registration
from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.testing import choose_person


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_registers_resident_and_records_attendance(page, live_server, users, areas, network):
    place = Place.objects.create(
        network=network, name="Buurthuis Noord", area=areas["north"], latitude=50.9, longitude=4.0
    )
    act = Activity.objects.create(
        network=network,
        title="Koffieklets",
        place=place,
        area=areas["north"],
        capacity=10,
        start_date=timezone.localdate(),
        start_time=dt.time(14),
    )
    # A date that starts in half an hour: one can still register and already mark who is there.
    start = timezone.now() + dt.timedelta(minutes=30)
    occ = Occurrence.objects.create(
        activity=act, original_start=start, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    resident = users["resident"].persons.get()

    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/community/occurrences/{occ.pk}/")
    assert serious_axe_violations(page) == []
    choose_person(page, "id_person", resident.first_name, resident.pk)
    page.locator("form:has(#id_person) button[type=submit]").click()
    row_form = page.locator(f"form[action$='/attendance/']:has(input[name=person][value='{resident.pk}'])")
    row_form.wait_for()
    reg = Registration.objects.get(occurrence=occ, person=resident)
    assert reg.status == "registered" and reg.on_behalf and reg.registered_by == users["coordinator"]
    row_form.locator("button").click()
    page.locator(
        f"form[action$='/attendance/']:has(input[name=person][value='{resident.pk}']) input[value='0']"
    ).wait_for(state="attached")
    assert Attendance.objects.filter(occurrence=occ, person=resident).exists()
    assert serious_axe_violations(page) == []
    for url in ("/community/places/", "/community/invitations/", "/community/activities/"):
        page.goto(f"{live_server.url}{url}")
        assert serious_axe_violations(page) == [], url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_page_in_french(page, live_server, network, areas):
    Place.objects.create(
        network=network, name="Jardin partagé", area=areas["north"], latitude=50.9, longitude=4.0
    )
    areas["north"].boundary = {
        "type": "Polygon",
        "coordinates": [[[3.99, 50.89], [4.01, 50.89], [4.01, 50.91], [3.99, 50.91], [3.99, 50.89]]],
    }
    areas["north"].save()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/buurt/{network.slug}/{areas['north'].slug}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.select_option("#language-select", "fr")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.documentElement.lang === 'fr'")
    assert "Jardin partagé" in page.content()
    # The map draws the area and the place (no tiles offline) without script errors.
    assert page.locator("#community-map path.leaflet-interactive").count() == 1
    assert page.locator("#community-map .leaflet-overlay-pane path").count() == 2
    assert errors == []
    assert serious_axe_violations(page) == []
    # Usable at 390px, also with larger text: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("form.text-size button").click()
    page.wait_for_function("document.documentElement.classList.contains('large-text')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_makes_first_monday_of_the_month_and_reads_it_in_nl_and_fr(page, live_server, users):
    login(page, live_server.url, "coord")
    # Step 1: the new activity form, with plain repeat choices.
    page.goto(f"{live_server.url}/community/activities/new/")
    assert serious_axe_violations(page) == []
    page.fill("#id_title", "Buurtontbijt")
    page.fill("#id_start_date", "2027-01-04")
    page.fill("#id_start_time", "09:30")
    page.check("input[name=public][value=True]")  # publishing is an explicit choice (issue 13 item 5)
    # Only the fields of the chosen repeat are in sight.
    assert page.locator("#id_repeat_nth").is_hidden() and page.locator("#id_rrule").is_hidden()
    page.check("input[name=repeat][value=monthly_nth]")
    assert page.locator("#id_repeat_nth").is_visible() and page.locator("#id_repeat_interval").is_hidden()
    assert page.locator("#id_repeat_count").is_hidden()
    page.select_option("#id_repeat_nth", "1")
    page.select_option("#id_repeat_nth_weekday", "0")
    page.check("input[name=repeat_end][value=count]")
    page.fill("#id_repeat_count", "6")
    # Step 2: saved, the detail page says the rule in Dutch words.
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/community/activities/*/")
    act = Activity.objects.get(title="Buurtontbijt")
    assert act.rrule == "FREQ=MONTHLY;BYDAY=1MO;COUNT=6"
    assert page.locator(".repeat-text").inner_text() == "Elke eerste maandag van de maand, 6 keer"
    assert serious_axe_violations(page) == []
    # Step 3: the same page in French.
    page.select_option("#language-select", "fr")
    page.wait_for_function("document.documentElement.lang === 'fr'")
    assert page.locator(".repeat-text").inner_text() == "Le premier lundi du mois, 6 fois"
    assert serious_axe_violations(page) == []
    # Step 4: the edit form shows the plain choice that wrote the rule.
    page.goto(f"{live_server.url}/community/activities/{act.pk}/edit/")
    assert page.locator("input[name=repeat][value=monthly_nth]").is_checked()
    assert page.locator("#id_repeat_nth").input_value() == "1"
    assert page.locator("#id_repeat_nth_weekday").input_value() == "0"
    assert page.locator("#id_repeat_count").input_value() == "6"
    assert serious_axe_violations(page) == []
