"""Real browser, in Dutch and in French (axe-clean): a second entry of someone already known shows the
likely duplicate before saving; ticking "this is a new person" saves."""

import pytest

from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.models import Person


def _enter(page, url, first, last, year, save):
    page.goto(f"{url}/people/new/")
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_birth_year", year)
    page.get_by_role("button", name=save).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_duplicate_warning_in_nl_and_fr(page, live_server, users, network, areas):
    known = Person.objects.create(
        network=network, first_name="Georgette", last_name="De Smet", birth_year=1941, street="Kerkstraat",
        house_number="20", area=areas["south"],
    )  # fmt: skip
    login(page, live_server.url, "coord")
    _enter(page, live_server.url, "Georgette", "Desmet", "1941", "Opslaan")
    page.wait_for_selector("h2:has-text('Is dit iemand die al gekend is?')")
    assert page.locator(f'a[href="/people/{known.pk}/"]').count() == 1
    assert page.locator("#duplicates-title + p + .table-wrap").inner_text().count("Kerkstraat 20") == 1
    assert not page.locator("#id_confirm_new").is_checked()
    assert serious_axe_violations(page) == []
    assert Person.objects.filter(first_name="Georgette").count() == 1

    page.select_option("#language-select", "fr")
    page.wait_for_selector("html[lang=fr]")
    _enter(page, live_server.url, "Georgette", "Desmet", "1941", "Enregistrer")
    page.wait_for_selector("h2:has-text('Est-ce une personne déjà connue ?')")
    assert serious_axe_violations(page) == []
    page.get_by_label("J’ai vérifié : c’est une nouvelle personne").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("h1:has-text('Georgette Desmet')")
    assert Person.objects.filter(first_name="Georgette").count() == 2
