"""A helper's word alone never debits someone else's account: it becomes a claim to confirm."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.audit.models import Event
from zorgzaam.people.actor import system_actor
from zorgzaam.people.models import Consent, Person
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import (
    Account,
    AppendOnlyError,
    Entry,
    LedgerSettings,
    Transaction,
    TransferClaim,
)


@pytest.fixture
def ledger(network):
    return LedgerSettings.objects.create(network=network, mode="hours", default_min=-600, default_max=2400)


@pytest.fixture
def resident(users):
    p = Person.objects.get(user=users["resident"])
    Consent.objects.create(person=p, purpose="contact", granted=True, channel="spoken")
    return p


@pytest.fixture
def helper(users):
    return Person.objects.get(user=users["volunteer"])


@pytest.fixture
def accs(ledger, network, resident, helper):
    return services.account_for(system_actor(network), person=resident), services.account_for(
        system_actor(network), person=helper
    )


def _balances(*accounts):
    return [services.balance(a) for a in accounts]


def test_helper_cannot_debit_directly(users, actor_of, accs):
    payer, payee = accs
    with pytest.raises(PermissionDenied):
        services.transfer(actor_of(users["volunteer"]), payer, payee, 60)
    assert _balances(payer, payee) == [0, 0] and Transaction.objects.count() == 0
    assert not services.can_transfer(actor_of(users["volunteer"]), payer, payee)
    assert services.can_claim(actor_of(users["volunteer"]), payer, payee)


def test_claim_then_confirm_moves_once(users, actor_of, accs):
    from zorgzaam.notifications.models import Notification

    payer, payee = accs
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 90, "boodschappen")
    assert _balances(payer, payee) == [0, 0]
    claim = services.confirm_claim(actor_of(users["resident"]), claim)
    assert claim.state == "confirmed" and claim.decided_by == users["resident"]
    assert _balances(payer, payee) == [-90, 90]
    assert claim.transaction.on_behalf is False and claim.transaction.memo == "boodschappen"
    with pytest.raises(ValidationError):
        services.confirm_claim(actor_of(users["resident"]), claim)
    with pytest.raises(ValidationError):
        services.decline_claim(actor_of(users["resident"]), claim)
    assert _balances(payer, payee) == [-90, 90] and Transaction.objects.count() == 1
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"reciprocity.claim_created", "reciprocity.claim_confirmed"} <= kinds
    assert Notification.objects.filter(
        recipient=users["volunteer"], kind="reciprocity.claim_decided"
    ).exists()


def test_decline_moves_nothing(users, actor_of, accs):
    payer, payee = accs
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30)
    claim = services.decline_claim(actor_of(users["resident"]), claim)
    assert claim.state == "declined" and claim.transaction is None
    assert _balances(payer, payee) == [0, 0] and Entry.objects.count() == 0
    with pytest.raises(ValidationError):
        services.confirm_claim(actor_of(users["resident"]), claim)
    assert Entry.objects.count() == 0
    assert Event.objects.filter(kind="reciprocity.claim_declined").count() == 1


@pytest.mark.parametrize("role", ["volunteer", "partner", "policy", "outsider"])
def test_others_cannot_decide(users, actor_of, accs, role):
    payer, payee = accs
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30)
    for decide in (services.confirm_claim, services.decline_claim):
        with pytest.raises(PermissionDenied):
            decide(actor_of(users[role]), claim)
    claim.refresh_from_db()
    assert claim.state == "pending" and Entry.objects.count() == 0


def test_third_resident_cannot_confirm(users, actor_of, accs, network, make_user):
    payer, payee = accs
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30)
    neighbour = make_user(network, "resident", username="buur")
    with pytest.raises(PermissionDenied):
        services.confirm_claim(actor_of(neighbour), claim)
    assert services.visible_claims(actor_of(neighbour)).count() == 0
    assert Entry.objects.count() == 0


@pytest.mark.parametrize("role", ["professional", "coordinator"])
def test_staff_for_payer_can_confirm(users, actor_of, accs, role):
    payer, payee = accs  # the resident lives in the professional's area
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 45)
    claim = services.confirm_claim(actor_of(users[role]), claim)
    assert _balances(payer, payee) == [-45, 45] and claim.transaction.on_behalf is True


def test_professional_of_other_area_cannot_confirm(
    users, actor_of, ledger, network, areas, make_person, make_user
):
    southern = services.account_for(system_actor(network), person=make_person(network, area=areas["south"]))
    payee = services.account_for(system_actor(network), person=users["volunteer"].persons.get())
    claim = services.claim_transfer(actor_of(users["volunteer"]), southern, payee, 10)
    with pytest.raises(PermissionDenied):
        services.confirm_claim(actor_of(users["professional"]), claim)
    assert Entry.objects.count() == 0


def test_limits_checked_at_confirmation(users, actor_of, accs, network, make_person):
    payer, payee = accs
    Account.objects.filter(pk=payer.pk).update(min_balance=-60)
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 60)
    big = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30)
    services.confirm_claim(actor_of(users["resident"]), claim)
    with pytest.raises(ValidationError) as exc:
        services.confirm_claim(actor_of(users["resident"]), big)
    assert "amount" in exc.value.message_dict
    big.refresh_from_db()
    assert big.state == "pending" and big.transaction is None and _balances(payer, payee) == [-60, 60]
    assert Transaction.objects.count() == 1


@pytest.mark.parametrize("amount", [0, -5, 1.5, "10", True])
def test_bad_claims_change_nothing(users, actor_of, accs, amount):
    payer, payee = accs
    with pytest.raises(ValidationError):
        services.claim_transfer(actor_of(users["volunteer"]), payer, payee, amount)
    assert TransferClaim.objects.count() == 0


def test_claim_rules(users, actor_of, accs, network, other_network, make_person):
    payer, payee = accs
    vol = actor_of(users["volunteer"])
    with pytest.raises(PermissionDenied):  # a helper cannot claim for someone else's help
        services.claim_transfer(
            vol, payer, services.account_for(system_actor(network), person=make_person(network)), 10
        )
    with pytest.raises(PermissionDenied):  # nor from the pool
        services.claim_transfer(vol, services.pool_account(network), payee, 10)
    foreign = Account.objects.create(
        network=other_network, kind="person", person=make_person(other_network), min_balance=-1, max_balance=1
    )
    with pytest.raises(PermissionDenied):
        services.claim_transfer(vol, foreign, payee, 10)
    with pytest.raises(PermissionDenied):
        services.claim_transfer(actor_of(users["outsider"]), payer, payee, 10)
    LedgerSettings.objects.filter(network=network).update(mode="off")
    with pytest.raises(PermissionDenied):
        services.claim_transfer(vol, payer, payee, 10)
    assert TransferClaim.objects.count() == 0


def test_payer_and_staff_still_immediate(users, actor_of, accs, helper):
    payer, payee = accs
    Consent.objects.create(person=helper, purpose="contact", granted=True, channel="spoken")
    ids = {"payer_id": payer.person_id, "payee_id": payee.person_id, "amount": 10}
    assert isinstance(services.record_help(actor_of(users["resident"]), **ids), Transaction)
    assert isinstance(services.record_help(actor_of(users["coordinator"]), **ids), Transaction)
    assert _balances(payer, payee) == [-20, 20] and TransferClaim.objects.count() == 0


def test_claim_is_not_edited(users, actor_of, accs):
    payer, payee = accs
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30, "x")
    claim.amount = 3000
    with pytest.raises(AppendOnlyError):
        claim.save()
    with pytest.raises(AppendOnlyError):
        claim.save(update_fields=["amount"])
    with pytest.raises(AppendOnlyError):
        claim.delete()


def test_erasure_wipes_claim_memos(users, actor_of, accs, resident):
    payer, payee = accs
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30, "bij mevrouw thuis")
    services.erase_person(resident)
    claim.refresh_from_db()
    assert claim.memo == "" and claim.amount == 30


# --- pages ---------------------------------------------------------------------------------


def _earlier_exchange(users, actor_of, payer, payee):
    """A helper may only name people they have a relationship with: here, an earlier exchange."""
    services.transfer(actor_of(users["coordinator"]), payer, payee, 10)
    return Entry.objects.count()


def test_helper_form_lists_only_related_people(
    users, client_of, actor_of, accs, resident, network, make_person
):
    from zorgzaam.people.services import record_consent

    payer, payee = accs
    stranger = make_person(network, first_name="Onbekende", last_name="Buur")
    record_consent(
        actor_of(users["coordinator"]), stranger, purpose="contact", granted=True, channel="spoken"
    )
    c = client_of(users["volunteer"])
    page = c.get("/reciprocity/transfer/?as=helper").content.decode()
    assert "Onbekende Buur" not in page and resident.full_name not in page
    # The page's person picker searches the same list (scope reciprocity.helped).
    assert '"scope": "reciprocity.helped"' in page

    def found(q):
        return c.get("/people/pick/", {"q": q, "scope": "reciprocity.helped"}).content.decode()

    assert "Onbekende" not in found("onbekende") and resident.full_name not in found(resident.last_name)
    r = c.post(
        "/reciprocity/transfer/",
        {"as": "helper", "payer": stranger.pk, "payee": payee.person_id, "amount": "1"},
    )
    assert r.status_code == 200 and not TransferClaim.objects.exists()
    _earlier_exchange(users, actor_of, payer, payee)
    assert resident.full_name in found(resident.first_name) and "Onbekende" not in found("onbekende")


def test_helper_form_creates_claim(users, client_of, actor_of, accs, resident):
    payer, payee = accs
    entries = _earlier_exchange(users, actor_of, payer, payee)
    c = client_of(users["volunteer"])
    page = c.get("/reciprocity/transfer/?as=helper").content.decode()
    assert 'name="payer_q"' in page and 'type="hidden" name="payee"' in page  # a picker, nobody listed
    r = c.post(
        "/reciprocity/transfer/",
        {"as": "helper", "payer": resident.pk, "payee": payee.person_id, "amount": "1:30", "memo": "tuin"},
        follow=True,
    )
    assert r.status_code == 200
    claim = TransferClaim.objects.get()
    assert claim.amount == 90 and claim.state == "pending" and Entry.objects.count() == entries
    home = c.get("/reciprocity/").content.decode()
    assert "1 uur en 30 minuten" in home


def test_helper_form_shows_waiting_message(users, client_of, actor_of, accs, resident, settings):
    from django.utils import translation

    payer, payee = accs
    entries = _earlier_exchange(users, actor_of, payer, payee)
    c = client_of(users["volunteer"])
    with translation.override("en"):
        r = c.post(
            "/reciprocity/transfer/",
            {"as": "helper", "payer": resident.pk, "payee": payee.person_id, "amount": "1"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    messages = [str(m) for m in r.context["messages"]]
    assert any(resident.full_name in m for m in messages)
    assert TransferClaim.objects.filter(state="pending").count() == 1 and Entry.objects.count() == entries


def test_form_cannot_debit_someone_else(users, client_of, accs, resident, helper):
    payer, payee = accs
    c = client_of(users["volunteer"])
    # posting the "help received" form with another payer is refused by the form choices
    r = c.post("/reciprocity/transfer/", {"payer": resident.pk, "payee": helper.pk, "amount": "1"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert Entry.objects.count() == 0 and _balances(payer, payee) == [0, 0]


def test_confirm_and_decline_via_pages(users, client_of, actor_of, accs):
    payer, payee = accs
    one = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 60, "boodschappen")
    two = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30, "tuin")
    c = client_of(users["resident"])
    home = c.get("/reciprocity/").content.decode()
    assert f"/reciprocity/claims/{one.pk}/confirm/" in home and "boodschappen" in home
    # a third person cannot decide, and a GET does nothing
    assert client_of(users["partner"]).post(f"/reciprocity/claims/{one.pk}/confirm/").status_code == 403
    assert client_of(users["outsider"]).post(f"/reciprocity/claims/{one.pk}/confirm/").status_code == 403
    assert c.get(f"/reciprocity/claims/{one.pk}/confirm/").status_code == 405
    assert Entry.objects.count() == 0
    assert c.post(f"/reciprocity/claims/{one.pk}/confirm/").status_code == 302
    assert c.post(f"/reciprocity/claims/{one.pk}/confirm/").status_code == 302  # refused, message shown
    assert c.post(f"/reciprocity/claims/{two.pk}/decline/").status_code == 302
    assert _balances(payer, payee) == [-60, 60] and Transaction.objects.count() == 1
    assert TransferClaim.objects.get(pk=two.pk).state == "declined"


def test_home_lists_claims_without_n_plus_one(
    users, client_of, actor_of, accs, django_assert_max_num_queries
):
    payer, payee = accs
    for i in range(8):
        services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 10 + i)
    for role in ("resident", "coordinator"):  # "to confirm" for the payer, the staff list for the coordinator
        c = client_of(users[role])
        c.get("/reciprocity/")
        with django_assert_max_num_queries(16):  # 14 for 1 claim or for 8: no query per claim
            assert c.get("/reciprocity/").status_code == 200


# --- API -----------------------------------------------------------------------------------


def _post(c, url, payload=None):
    return c.post(url, json.dumps(payload or {}), content_type="application/json")


def test_api_helper_gets_claim_not_transfer(users, client_of, actor_of, accs, resident, helper):
    payer, payee = accs
    entries = _earlier_exchange(users, actor_of, payer, payee)  # a helper names only people they know
    c = client_of(users["volunteer"])
    r = _post(
        c,
        "/api/reciprocity/transfers",
        {"payer_person_id": resident.pk, "payee_person_id": helper.pk, "amount": 45, "memo": "x"},
    )
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["state"] == "pending" and body["amount"] == 45 and body["transaction_id"] is None
    assert _balances(payer, payee) == [-10, 10] and Entry.objects.count() == entries
    # also by account id: still only a claim
    r = _post(
        c,
        "/api/reciprocity/transfers",
        {"payer_account_id": payer.pk, "payee_person_id": helper.pk, "amount": 5},
    )
    assert r.status_code == 202 and Entry.objects.count() == entries


def test_api_claims_flow(users, client_of, actor_of, accs):
    payer, payee = accs
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 45)
    other = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 15)
    rc = client_of(users["resident"])
    listed = rc.get("/api/reciprocity/claims?state=pending").json()
    assert {c["id"] for c in listed} == {claim.pk, other.pk}
    assert client_of(users["volunteer"]).get("/api/reciprocity/claims").status_code == 200
    assert client_of(users["partner"]).get("/api/reciprocity/claims").json() == []
    # the helper cannot confirm their own claim; outsiders neither
    assert (
        _post(client_of(users["volunteer"]), f"/api/reciprocity/claims/{claim.pk}/confirm").status_code == 403
    )
    assert (
        _post(client_of(users["outsider"]), f"/api/reciprocity/claims/{claim.pk}/confirm").status_code == 403
    )
    assert (
        _post(client_of(users["partner"]), f"/api/reciprocity/claims/{claim.pk}/decline").status_code == 403
    )
    assert Entry.objects.count() == 0
    r = _post(rc, f"/api/reciprocity/claims/{claim.pk}/confirm")
    assert r.status_code == 200 and r.json()["state"] == "confirmed" and r.json()["transaction_id"]
    assert _post(rc, f"/api/reciprocity/claims/{claim.pk}/confirm").status_code == 422
    r = _post(client_of(users["coordinator"]), f"/api/reciprocity/claims/{other.pk}/decline")
    assert r.status_code == 200 and r.json()["state"] == "declined"
    assert _balances(payer, payee) == [-45, 45]


def test_api_claims_query_count(users, client_of, actor_of, accs, django_assert_max_num_queries):
    payer, payee = accs
    for i in range(10):
        services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 10 + i)
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(12):
        r = c.get("/api/reciprocity/claims")
    assert r.status_code == 200 and len(r.json()) == 10


def test_staff_see_claims_they_may_confirm(users, client_of, actor_of, accs, network, areas, make_person):
    payer, payee = accs
    mine = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 20, "noord")
    south = services.account_for(system_actor(network), person=make_person(network, area=areas["south"]))
    theirs = services.claim_transfer(actor_of(users["volunteer"]), south, payee, 20, "zuid")
    prof = client_of(users["professional"]).get("/reciprocity/").content.decode()
    assert f"/reciprocity/claims/{mine.pk}/confirm/" in prof
    assert f"/reciprocity/claims/{theirs.pk}/confirm/" not in prof
    coord = client_of(users["coordinator"]).get("/reciprocity/").content.decode()
    assert f"/reciprocity/claims/{theirs.pk}/confirm/" in coord
    # the helper sees their own claims waiting, without buttons to confirm them
    vol = client_of(users["volunteer"]).get("/reciprocity/").content.decode()
    assert "noord" in vol and f"/reciprocity/claims/{mine.pk}/confirm/" not in vol


def test_export_includes_claims(users, actor_of, accs, resident):
    payer, payee = accs
    services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 30, "tuin")
    data = services.export_person(resident)
    assert (
        data["reciprocity_claims"][0]["role"] == "helped" and data["reciprocity_claims"][0]["memo"] == "tuin"
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_threaded_confirms_post_once(users, actor_of, network):
    import threading

    LedgerSettings.objects.create(network=network, mode="hours")
    payer = services.account_for(system_actor(network), person=users["resident"].persons.get())
    payee = services.account_for(system_actor(network), person=users["volunteer"].persons.get())
    claim = services.claim_transfer(actor_of(users["volunteer"]), payer, payee, 60)
    deciders = [actor_of(users["resident"]), actor_of(users["coordinator"])] * 2
    ok, refused = [], []
    barrier = threading.Barrier(len(deciders))

    def worker(actor):
        from django.db import connection as conn

        try:
            barrier.wait()
            services.confirm_claim(actor, claim)
            ok.append(1)
        except ValidationError:
            refused.append(1)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(a,)) for a in deciders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ok) == 1 and len(refused) == 3
    assert Transaction.objects.count() == 1 and services.balance(payer) == -60


def test_helper_may_name_the_person_of_a_care_match(users, client_of, actor_of, accs, resident, network):
    from zorgzaam.care.models import Match, Request

    _payer, payee = accs
    req = Request.objects.create(network=network, person=resident, description="Boodschappen")
    c = client_of(users["volunteer"])
    Match.objects.create(request=req, helper=payee.person, state=Match.State.PROPOSED)

    def offered():  # what the page's person picker offers (the same list as the service's)
        params = {"q": resident.first_name, "scope": "reciprocity.helped"}
        return c.get("/people/pick/", params).content.decode()

    assert resident.full_name not in offered()
    Match.objects.filter(request=req).update(state=Match.State.DONE)
    assert resident.full_name in offered()
