"""Whom one may name when recording help: one rule in the service, the same for the form and the API.

A helper may only name people they helped through a care match or exchanged with before; a resident
names a volunteer who may be contacted; staff name the people they may see. A refused call names no
one, answers the same for an unknown id as for a person one may not name, and writes nothing."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zorgzaam.people.models import Consent, Person
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import Account, Entry, LedgerSettings, Transaction, TransferClaim

MISSING = 987654


@pytest.fixture
def ledger(network):
    return LedgerSettings.objects.create(network=network, mode="hours", default_min=-600, default_max=2400)


def _consent(person):
    Consent.objects.create(person=person, purpose="contact", granted=True, channel="spoken")
    return person


@pytest.fixture
def cast(users, network, other_network, areas, make_person, ledger):
    """The people one could try to name. The volunteer helped `helped` (an earlier exchange)."""
    me_vol = Person.objects.get(user=users["volunteer"])
    resident = _consent(Person.objects.get(user=users["resident"]))
    _consent(me_vol)
    helped = make_person(network, first_name="Geholpen", last_name="Buurvrouw", area=areas["north"])
    stranger = _consent(make_person(network, first_name="Verre", last_name="Onbekende", area=areas["north"]))
    south = make_person(network, first_name="Zuider", last_name="Buur", area=areas["south"])
    foreign = make_person(other_network, first_name="Buiten", last_name="Netwerk")
    gone = make_person(network, first_name="Vergeten", last_name="Persoon", area=areas["north"])
    # An earlier exchange between the volunteer and `helped`, written on the models (no services).
    a = Account.objects.create(
        network=network, kind="person", person=helped, min_balance=-600, max_balance=600
    )
    b = Account.objects.create(
        network=network, kind="person", person=me_vol, min_balance=-600, max_balance=600
    )
    txn = Transaction.objects.create(network=network, kind="transfer", created_by=users["coordinator"])
    Entry.objects.bulk_create(
        [Entry(transaction=txn, account=a, amount=-10), Entry(transaction=txn, account=b, amount=10)]
    )
    gone.anonymised_at = txn.created_at
    gone.save(update_fields=["anonymised_at"])
    return {
        "volunteer": me_vol,
        "resident": resident,
        "helped": helped,
        "stranger": stranger,
        "south": south,
        "foreign": foreign,
        "gone": gone,
    }


def _counts():
    return (
        Account.objects.count(),
        TransferClaim.objects.count(),
        Transaction.objects.count(),
        Entry.objects.count(),
        Person.objects.count(),
    )


def _api(c, payload):
    return c.post("/api/reciprocity/transfers", json.dumps(payload), content_type="application/json")


def _names(*people):
    return [n for p in people for n in (p.first_name, p.last_name)]


# --- the API no longer names anyone the actor may not name -----------------------------------------


@pytest.mark.parametrize("target", ["stranger", "south", "foreign", "gone", "resident"])
def test_helper_api_refuses_unrelated_people_and_names_no_one(users, client_of, cast, target):
    c = client_of(users["volunteer"])
    before = _counts()
    person = cast[target]
    r = _api(c, {"payer_person_id": person.pk, "payee_person_id": cast["volunteer"].pk, "amount": 30})
    missing = _api(c, {"payer_person_id": MISSING, "payee_person_id": cast["volunteer"].pk, "amount": 30})
    assert r.status_code in (403, 422), r.content
    # the same answer as for an id that does not exist: nothing tells whether the person exists
    assert (r.status_code, r.json()) == (missing.status_code, missing.json())
    body = r.content.decode()
    assert not any(name in body for name in _names(person)), body
    assert _counts() == before


def test_helper_api_by_account_id_refuses_the_same(users, client_of, cast, network):
    stranger_account = Account.objects.create(
        network=network, kind="person", person=cast["stranger"], min_balance=-600, max_balance=600
    )
    c = client_of(users["volunteer"])
    before = _counts()
    r = _api(
        c, {"payer_account_id": stranger_account.pk, "payee_person_id": cast["volunteer"].pk, "amount": 5}
    )
    missing = _api(c, {"payer_account_id": MISSING, "payee_person_id": cast["volunteer"].pk, "amount": 5})
    assert r.status_code in (403, 422) and (r.status_code, r.json()) == (missing.status_code, missing.json())
    assert not any(n in r.content.decode() for n in _names(cast["stranger"]))
    assert _counts() == before


def test_helper_api_may_name_the_person_they_helped(users, client_of, cast):
    r = _api(
        client_of(users["volunteer"]),
        {"payer_person_id": cast["helped"].pk, "payee_person_id": cast["volunteer"].pk, "amount": 30},
    )
    assert r.status_code == 202 and r.json()["payer"] == cast["helped"].full_name
    assert TransferClaim.objects.get().payer.person == cast["helped"]


@pytest.mark.parametrize("target", ["stranger", "south", "foreign", "gone"])
def test_resident_api_may_only_name_a_volunteer(users, client_of, cast, target):
    """A resident pays only a volunteer who may be contacted, as on the form."""
    c = client_of(users["resident"])
    before = _counts()
    r = _api(c, {"payer_person_id": cast["resident"].pk, "payee_person_id": cast[target].pk, "amount": 30})
    missing = _api(c, {"payer_person_id": cast["resident"].pk, "payee_person_id": MISSING, "amount": 30})
    assert r.status_code in (403, 422) and (r.status_code, r.json()) == (missing.status_code, missing.json())
    assert not any(n in r.content.decode() for n in _names(cast[target]))
    assert _counts() == before
    ok = _api(
        c, {"payer_person_id": cast["resident"].pk, "payee_person_id": cast["volunteer"].pk, "amount": 30}
    )
    assert ok.status_code == 201


# --- one service ---------------------------------------------------------------------------------


def test_record_help_is_one_keyword_only_service(users, actor_of, cast):
    vol = actor_of(users["volunteer"])
    with pytest.raises(TypeError):
        services.record_help(vol, cast["helped"].pk, cast["volunteer"].pk, 30)  # keyword-only
    claim = services.record_help(vol, payer_id=cast["helped"].pk, payee_id=cast["volunteer"].pk, amount=30)
    assert isinstance(claim, TransferClaim) and claim.state == "pending"
    before = _counts()
    for payer_id in (cast["stranger"].pk, MISSING, cast["gone"].pk, cast["foreign"].pk):
        with pytest.raises(ValidationError) as exc:
            services.record_help(vol, payer_id=payer_id, payee_id=cast["volunteer"].pk, amount=30)
        assert exc.value.message_dict == {"payer": [str(services.CANNOT_NAME)]}
    assert _counts() == before


def test_refused_transfer_opens_no_account(users, actor_of, cast):
    """The coordinator names two people without accounts; the amount breaks the limits: no row."""
    before = _counts()
    with pytest.raises(ValidationError):
        services.record_help(
            actor_of(users["coordinator"]),
            payer_id=cast["stranger"].pk,
            payee_id=cast["south"].pk,
            amount=9999,
        )
    assert _counts() == before and not Account.objects.filter(person=cast["stranger"]).exists()


def test_account_for_needs_an_actor_who_may_see_the_person(users, actor_of, cast):
    before = _counts()
    for role in ("volunteer", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.account_for(actor_of(users[role]), person=cast["stranger"])
    with pytest.raises(PermissionDenied):
        services.account_for(actor_of(users["professional"]), person=cast["south"])
    assert _counts() == before
    account = services.account_for(actor_of(users["professional"]), person=cast["stranger"])
    assert (
        account.person == cast["stranger"]
        and services.account_for(actor_of(users["volunteer"]), person=cast["volunteer"]).person
        == cast["volunteer"]
    )


def test_reverse_does_not_shadow_django_reverse():
    assert not hasattr(services, "reverse")
    assert callable(services.reverse_transaction)


# --- the form and the API refuse exactly the same inputs -----------------------------------------


def _refused_by_form(c, payer, payee, as_helper):
    data = {"payer": payer, "payee": payee, "amount": "0:05"}
    if as_helper:
        data["as"] = "helper"
    r = c.post("/reciprocity/transfer/", data)
    assert r.status_code in (200, 302, 403), r.status_code
    return r.status_code != 302


def _refused_by_api(c, payer, payee):
    r = _api(c, {"payer_person_id": payer, "payee_person_id": payee, "amount": 5})
    assert r.status_code in (201, 202, 403, 422), (r.status_code, r.content)
    return r.status_code not in (201, 202)


def _rolled_back(fn):
    """Try one call and undo it, so every input meets the same state."""
    with transaction.atomic():
        before = _counts()
        refused = fn()
        if refused:
            assert _counts() == before  # a refused call writes nothing
        transaction.set_rollback(True)
    return refused


@pytest.mark.parametrize("role", ["volunteer", "resident", "coordinator", "professional", "partner"])
def test_form_and_api_refuse_the_same_inputs(users, client_of, cast, role):
    c = client_of(users[role])
    me = Person.objects.get(user=users[role]).pk
    ids = sorted({me, MISSING} | {p.pk for p in cast.values()})
    accepted = 0
    pairs = [(payer, payee) for payer in ids for payee in ids if payer != payee] + [(me, me)]
    for payer, payee in pairs:
        api = _rolled_back(lambda: _refused_by_api(c, payer, payee))
        # "as helper" only changes which side the page fixes to the user: try both where it could matter
        for as_helper in (False, True) if me in (payer, payee) else (False,):
            form = _rolled_back(lambda: _refused_by_form(c, payer, payee, as_helper))
            assert form == api, (role, payer, payee, as_helper, form, api)
        accepted += not api
    assert accepted > 0  # each role may record something: the comparison is not all refusals
