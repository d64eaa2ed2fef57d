"""Issue 13 item 8: help given and received count help between people only; amounts read as words."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from zorgzaam.people.actor import build_actor, system_actor
from zorgzaam.people.models import Person
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import Entry, LedgerSettings, Transaction


@pytest.fixture
def hours(network):
    return LedgerSettings.objects.create(network=network, mode="hours", starting_credit=120)


def test_grants_pool_gifts_and_reversals_are_nobodys_help(users, network, hours):
    coord = build_actor(users["coordinator"], network)
    resident, volunteer = (Person.objects.get(user=users[r]) for r in ("resident", "volunteer"))
    payer = services.account_for(system_actor(network), person=resident)  # starting credit: 2 hours
    payee = services.account_for(system_actor(network), person=volunteer)
    grant = Transaction.objects.get(kind=Transaction.Kind.GRANT, entries__account=payer)
    assert services.balance(payer) == 120 and grant.entries.get(account=payer).amount == 120
    services.give_from_pool(coord, payer, 45)
    services.transfer(coord, payer, payee, 30)
    undone = services.transfer(coord, payer, payee, 50)
    services.reverse_transaction(coord, undone)

    assert services.summary(payer) == {"given": 0, "received": 30, "balance": 120 + 45 - 30}
    assert services.summary(payee) == {"given": 30, "received": 0, "balance": 120 + 30}
    # the books still sum to zero: the starting credits and the gift came from the pool
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0


def test_starting_credit_is_given_once_and_checked(users, network, hours):
    resident = Person.objects.get(user=users["resident"])
    for _ in range(2):
        services.account_for(system_actor(network), person=resident)
    assert Transaction.objects.filter(kind=Transaction.Kind.GRANT).count() == 1
    coord = build_actor(users["coordinator"], network)
    with pytest.raises(ValidationError) as exc:
        services.update_settings(coord, mode="hours", default_min=-600, default_max=60, starting_credit=120)
    assert "starting_credit" in exc.value.message_dict
    assert LedgerSettings.objects.get(network=network).starting_credit == 120


@pytest.mark.parametrize(
    "lang,minutes,text",
    [
        ("nl", 165, "2 uur en 45 minuten"),
        ("nl", 60, "1 uur"),
        ("nl", 1, "1 minuut"),
        ("fr", 165, "2 heures et 45 minutes"),
        ("en", -90, "−1 hour and 30 minutes"),
    ],
)
def test_hours_in_words(hours, lang, minutes, text):
    with translation.override(lang):
        assert services.amount_words(hours, minutes) == text


def test_credits_use_the_decimal_comma(network):
    cfg = LedgerSettings(network=network, mode="credits", unit_name="zorgmunten")
    with translation.override("nl"):
        assert services.amount_words(cfg, 1250) == "12,50 zorgmunten"
    with translation.override("en"):
        assert services.amount_words(cfg, 1250) == "12.50 zorgmunten"


def test_resident_home_card_says_a_claim_waits(users, client_of, network, hours):
    resident, volunteer = (Person.objects.get(user=users[r]) for r in ("resident", "volunteer"))
    coord = build_actor(users["coordinator"], network)
    payer = services.account_for(coord, person=resident)
    payee = services.account_for(coord, person=volunteer)
    from zorgzaam.reciprocity.models import TransferClaim

    TransferClaim.objects.create(
        network=network, payer=payer, payee=payee, amount=90, created_by=users["volunteer"]
    )
    home = client_of(users["resident"]).get("/").content.decode()
    assert "Iemand noteerde hulp die hij of zij jou gaf" in home
    assert "Je saldo: 2 uur" in home
