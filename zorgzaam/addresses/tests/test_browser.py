"""Real browser, in Dutch and in French (axe-clean): desk intake with the street autocomplete places the
person in the right area."""

import pytest

from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.models import Person


def _intake(page, url, first_name, typed, street, number, save):
    page.goto(f"{url}/people/new/")
    assert serious_axe_violations(page) == []
    page.fill("#id_first_name", first_name)
    page.locator("#id_street").press_sequentially(typed, delay=30)
    # htmx fills the street field's datalist from the register as the person types.
    page.wait_for_selector(f'#street-options option[value="{street}"]', state="attached")
    page.fill("#id_street", street)  # what choosing the suggestion does
    page.fill("#id_house_number", number)
    page.get_by_role("button", name=save).click()
    page.wait_for_selector(f"h1:has-text('{first_name}')")
    assert serious_axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_desk_intake_places_the_person_in_nl_and_fr(page, live_server, place, register, users):
    login(page, live_server.url, "coord")
    _intake(page, live_server.url, "Godelieve", "kerks", "Kerkstraat", "20", "Opslaan")
    assert Person.objects.get(first_name="Godelieve").area == place["west"]
    assert page.locator("main >> text=West").count() >= 1

    page.select_option("#language-select", "fr")
    page.wait_for_selector("html[lang=fr]")
    _intake(page, live_server.url, "Josiane", "eglise", "Place de l'Église", "1", "Enregistrer")
    person = Person.objects.get(first_name="Josiane")
    assert (person.area, person.latitude, person.longitude) == (place["east"], 50.93, 4.07)

    page.goto(f"{live_server.url}/addresses/to-place/")
    assert page.locator("h1").inner_text() == "Personnes à localiser"
    assert serious_axe_violations(page) == []
