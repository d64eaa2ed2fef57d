import pytest

from zorgzaam.core.testing import login, serious_axe_violations
from zorgzaam.people.actor import system_actor
from zorgzaam.people.models import Person
from zorgzaam.people.testing import choose_person
from zorgzaam.reciprocity.models import LedgerSettings, Transaction


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_records_help_for_a_resident(page, live_server, users, network):
    LedgerSettings.objects.create(network=network, mode="hours")
    resident = Person.objects.get(user=users["resident"])
    helper = Person.objects.get(user=users["volunteer"])
    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/reciprocity/transfer/")
    assert serious_axe_violations(page) == []
    choose_person(page, "id_payer", resident.first_name, resident.pk)
    choose_person(page, "id_payee", helper.first_name, helper.pk)
    page.fill("#id_amount", "1:30")
    page.fill("#id_memo", "Boodschappen")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/reciprocity/")
    txn = Transaction.objects.get()
    assert txn.on_behalf and sorted(e.amount for e in txn.entries.all()) == [-90, 90]
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/reciprocity/accounts/")
    assert page.locator("main").get_by_text(resident.full_name).count() == 1
    assert serious_axe_violations(page) == []
    # the volunteer page of the helper (onboarding, safeguarding, hours, thanks) is accessible too
    page.goto(f"{live_server.url}/volunteers/{helper.pk}/")
    assert page.locator("h1").inner_text() == helper.full_name
    assert serious_axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_confirms_help_recorded_by_helper(page, live_server, users, network):
    from zorgzaam.people.actor import build_actor
    from zorgzaam.reciprocity import services

    LedgerSettings.objects.create(network=network, mode="hours")
    resident = Person.objects.get(user=users["resident"])
    helper = Person.objects.get(user=users["volunteer"])
    payer = services.account_for(system_actor(network), person=resident)
    claim = services.claim_transfer(
        build_actor(users["volunteer"], network),
        payer,
        services.account_for(system_actor(network), person=helper),
        45,
        "Boodschappen",
    )
    login(page, live_server.url, users["resident"].username)
    page.goto(f"{live_server.url}/reciprocity/")
    assert page.locator("#to-confirm").count() == 1
    assert serious_axe_violations(page) == []
    page.click(f"form[action='/reciprocity/claims/{claim.pk}/confirm/'] button")
    page.wait_for_url(f"{live_server.url}/reciprocity/")
    assert page.locator("#to-confirm").count() == 0
    assert services.balance(payer) == -45
    assert serious_axe_violations(page) == []
