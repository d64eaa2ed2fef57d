"""Real browser (axe-clean): the issue's scenario from the second entry of someone already known to
one merged record: the warning, saving anyway, the offer on the new record's page, the side-by-side
choice and the confirmation; the old id then leads to the survivor."""

import pytest

from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.models import Person


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_second_entry_warns_then_merge(page, live_server, users, network, areas):
    known = Person.objects.create(
        network=network, first_name="Georgette", last_name="De Smet", birth_year=1941, phone="0470 11 22 33",
        area=areas["south"],
    )  # fmt: skip
    url = live_server.url
    login(page, url, "coord")
    page.goto(f"{url}/people/new/")
    page.fill("#id_first_name", "Georgette")
    page.fill("#id_last_name", "Desmet")
    page.fill("#id_birth_year", "1941")
    page.fill("#id_phone", "0480 99 88 77")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector("h2:has-text('Is dit iemand die al gekend is?')")
    page.get_by_label("Ik heb het nagekeken: dit is een nieuwe persoon").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector("h1:has-text('Georgette Desmet')")
    second = Person.objects.exclude(pk=known.pk).get(first_name="Georgette")

    page.wait_for_selector("h2:has-text('Staat deze persoon er twee keer in?')")
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="Samenvoegen met deze fiche").click()
    page.wait_for_selector("h1:has-text('samenvoegen met deze fiche')")
    assert serious_axe_violations(page) == []
    # Keep the known phone number (the other record's), keep this record's name.
    page.locator("input[name=phone][value=duplicate]").check()
    page.get_by_label("Ja, samenvoegen").check()
    page.get_by_role("button", name="Samenvoegen", exact=True).click()
    page.wait_for_selector("text=De twee fiches zijn samengevoegd in deze fiche.")
    second.refresh_from_db()
    known.refresh_from_db()
    assert second.phone == "0470 11 22 33" and known.merged_into_id == second.pk

    page.goto(f"{url}/people/{known.pk}/")
    assert page.url.endswith(f"/people/{second.pk}/")
