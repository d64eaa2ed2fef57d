"""Real browser (axe-clean): in the request form, typing in the person picker lists matching people
with birth year, street, area and number, so two "Youssef Maes" are told apart; choosing one with
the keyboard fills the field and the request is made for that person."""

import pytest

from zorgzaam.care.models import Request
from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.models import Person


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_type_and_choose_a_person(page, live_server, users, network, areas):
    old = Person.objects.create(
        network=network, first_name="Youssef", last_name="Maes", birth_year=1948, street="Kerkstraat",
        house_number="12", area=areas["north"],
    )  # fmt: skip
    young = Person.objects.create(
        network=network, first_name="Youssef", last_name="Maes", birth_year=1990, street="Stationsplein",
        house_number="3", area=areas["south"],
    )  # fmt: skip
    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/care/requests/new/")
    assert page.locator("main select[name=person]").count() == 0
    page.locator("#id_person").press_sequentially("maes", delay=30)
    options = page.locator("#id_person_results [role=option]")
    options.first.wait_for()
    assert options.count() == 2
    labels = options.all_inner_texts()
    assert any("1948" in t and "Kerkstraat 12" in t and f"#{old.pk}" in t for t in labels)
    assert any("1990" in t and "Stationsplein 3" in t and f"#{young.pk}" in t for t in labels)
    assert serious_axe_violations(page) == []
    # Keyboard: down into the list, to the second, Enter chooses.
    page.locator("#id_person").press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen_text = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    target = old if f"#{old.pk}" in chosen_text else young
    page.wait_for_selector(f'#id_person_chosen input[name=person][value="{target.pk}"]', state="attached")
    assert page.locator("#id_person_results [role=option]").count() == 0
    page.fill("#id_description", "Boodschappen doen")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/care/requests/new/" not in url)
    assert list(Request.objects.values_list("person_id", flat=True)) == [target.pk]
