import json

import pytest

from zorgzaam.people.actor import system_actor
from zorgzaam.people.models import Consent, Person
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import Account, Entry, LedgerSettings, Transaction


@pytest.fixture
def ledger(network):
    return LedgerSettings.objects.create(network=network, mode="hours", unit_name="uren")


@pytest.fixture
def resident(users):
    return Person.objects.get(user=users["resident"])


@pytest.fixture
def helper(users):
    p = Person.objects.get(user=users["volunteer"])
    Consent.objects.create(person=p, purpose="contact", granted=True, channel="spoken")
    return p


def test_nav_only_when_on(users, client_of, network):
    page = client_of(users["resident"]).get("/")
    assert "/reciprocity/" not in page.content.decode()
    assert client_of(users["resident"]).get("/reciprocity/").status_code == 403
    LedgerSettings.objects.create(network=network, mode="hours")
    page = client_of(users["resident"]).get("/")
    assert "/reciprocity/" in page.content.decode()


def test_coordinator_records_on_behalf_via_form(users, client_of, ledger, resident, helper):
    c = client_of(users["coordinator"])
    r = c.post(
        "/reciprocity/transfer/", {"payer": resident.pk, "payee": helper.pk, "amount": "1:30", "memo": "tuin"}
    )
    assert r.status_code == 302
    txn = Transaction.objects.get()
    assert txn.on_behalf and sorted(e.amount for e in txn.entries.all()) == [-90, 90]


@pytest.mark.parametrize("amount", ["", "abc", "0", "-1", "1:99", "99999"])
def test_bad_form_input_changes_nothing(users, client_of, ledger, resident, helper, amount):
    r = client_of(users["coordinator"]).post(
        "/reciprocity/transfer/", {"payer": resident.pk, "payee": helper.pk, "amount": amount}
    )
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert Transaction.objects.count() == 0 and Entry.objects.count() == 0 and Account.objects.count() == 0


def test_resident_records_help_received(users, client_of, ledger, resident, helper):
    c = client_of(users["resident"])
    page = c.get("/reciprocity/transfer/")
    assert page.status_code == 200 and '"scope": "reciprocity.helpers"' in page.content.decode()
    found = c.get("/people/pick/", {"q": helper.first_name, "scope": "reciprocity.helpers"})
    assert helper.full_name in found.content.decode()  # the page's picker offers the helper
    r = c.post(
        "/reciprocity/transfer/",
        {"payer": resident.pk, "payee": helper.pk, "amount": "1", "memo": "boodschappen"},
    )
    assert r.status_code == 302
    assert services.balance(Account.objects.get(person=resident)) == -60
    home = c.get("/reciprocity/").content.decode()
    assert "−1 uur" in home
    # a resident cannot make someone else pay
    other = Person.objects.get(user=users["partner"])
    r = c.post("/reciprocity/transfer/", {"payer": other.pk, "payee": helper.pk, "amount": "1"})
    assert Transaction.objects.count() == 1


@pytest.mark.parametrize(
    "role,status",
    [
        ("coordinator", 200),
        ("professional", 200),
        ("volunteer", 403),
        ("resident", 403),
        ("partner", 403),
        ("policy", 403),
        ("outsider", 403),
    ],
)
def test_accounts_page_matrix(users, client_of, ledger, role, status):
    assert client_of(users[role]).get("/reciprocity/accounts/").status_code == status


@pytest.mark.parametrize(
    "role,status",
    [("coordinator", 200), ("policy", 200), ("resident", 403), ("volunteer", 403), ("outsider", 403)],
)
def test_figures_matrix(users, client_of, ledger, role, status):
    assert client_of(users[role]).get("/reciprocity/figures/").status_code == status


def test_account_list_query_count(
    users, client_of, ledger, network, make_person, django_assert_max_num_queries
):
    from zorgzaam.people.actor import build_actor

    actor = build_actor(users["coordinator"], network)
    accounts = [services.account_for(system_actor(network), person=make_person(network)) for _ in range(12)]
    for a, b in zip(accounts, accounts[1:], strict=False):
        services.transfer(actor, a, b, 10)
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(15):
        r = c.get("/reciprocity/accounts/")
    assert r.status_code == 200 and r.content.decode().count("/reciprocity/accounts/") >= 12
    with django_assert_max_num_queries(15):
        assert c.get("/api/reciprocity/accounts").status_code == 200


def test_api_transfer_and_reverse(users, client_of, ledger, resident, helper):
    c = client_of(users["coordinator"])
    r = c.post(
        "/api/reciprocity/transfers",
        json.dumps({"payer_person_id": resident.pk, "payee_person_id": helper.pk, "amount": 45, "memo": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    txn_id = r.json()["id"]
    assert sum(e["amount"] for e in r.json()["entries"]) == 0
    r = c.post(f"/api/reciprocity/transactions/{txn_id}/reverse", "{}", content_type="application/json")
    assert r.status_code == 201
    assert services.balance(Account.objects.get(person=resident)) == 0
    # the resident sees their own account, not the helper's
    rc = client_of(users["resident"])
    accounts = rc.get("/api/reciprocity/accounts").json()
    assert [a["person_id"] for a in accounts] == [resident.pk]
    helper_acc = Account.objects.get(person=helper)
    assert rc.get(f"/api/reciprocity/accounts/{helper_acc.pk}").status_code == 403
    assert client_of(users["outsider"]).get(f"/api/reciprocity/accounts/{helper_acc.pk}").status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        {"payer_person_id": "RES", "payee_person_id": "HEL", "amount": 0},
        {"payer_person_id": "RES", "payee_person_id": "HEL", "amount": 1.5},
        {"payer_person_id": "RES", "payee_person_id": "RES", "amount": 10},
        {"payer_person_id": "RES", "payee_person_id": 999999, "amount": 10},
        {"payer_person_id": "RES", "payee_person_id": "HEL", "amount": 100000},
    ],
)
def test_api_bad_input_changes_nothing(users, client_of, ledger, resident, helper, payload):
    ids = {"RES": resident.pk, "HEL": helper.pk}
    payload = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    r = client_of(users["coordinator"]).post(
        "/api/reciprocity/transfers", json.dumps(payload), content_type="application/json"
    )
    assert r.status_code == 422
    assert Transaction.objects.count() == 0 and Account.objects.count() == 0


def test_api_outsider_and_partner_denied(users, client_of, ledger, resident, helper):
    for role in ("outsider", "partner", "policy"):
        r = client_of(users[role]).post(
            "/api/reciprocity/transfers?network=testgem",
            json.dumps({"payer_person_id": resident.pk, "payee_person_id": helper.pk, "amount": 10}),
            content_type="application/json",
        )
        assert r.status_code in (403, 422)
    assert Transaction.objects.count() == 0


def test_settings_only_coordinator(users, client_of, network):
    payload = json.dumps(
        {"mode": "credits", "unit_name": "zorgmunten", "default_min": -1000, "default_max": 5000}
    )
    assert (
        client_of(users["professional"])
        .put("/api/reciprocity/settings", payload, content_type="application/json")
        .status_code
        == 403
    )
    r = client_of(users["coordinator"]).put(
        "/api/reciprocity/settings", payload, content_type="application/json"
    )
    assert r.status_code == 200 and services.settings_for(network).unit_name == "zorgmunten"
    bad = json.dumps({"mode": "credits", "unit_name": "", "default_min": 10, "default_max": 5})
    assert (
        client_of(users["coordinator"])
        .put("/api/reciprocity/settings", bad, content_type="application/json")
        .status_code
        == 422
    )
    assert services.settings_for(network).default_min == -1000


def test_home_and_person_panels(users, client_of, ledger, resident, helper, network):
    from zorgzaam.people.actor import build_actor

    services.transfer(
        build_actor(users["coordinator"], network),
        services.account_for(system_actor(network), person=resident),
        services.account_for(system_actor(network), person=helper),
        30,
    )
    home = client_of(users["resident"]).get("/").content.decode()
    assert "Je saldo: −30 minuten" in home  # in words, in the page's language (nl)
    page = client_of(users["coordinator"]).get(f"/people/{resident.pk}/").content.decode()
    assert "−30 minuten" in page
    # the policy viewer has no access to the person page, so no balance leaks there
    assert client_of(users["policy"]).get(f"/people/{resident.pk}/").status_code == 403


def test_api_limits(users, client_of, ledger, network, resident, helper):
    from zorgzaam.people.actor import build_actor

    acc = services.account_for(system_actor(network), person=resident)
    services.transfer(
        build_actor(users["coordinator"], network),
        acc,
        services.account_for(system_actor(network), person=helper),
        120,
    )
    url = f"/api/reciprocity/accounts/{acc.pk}/limits"
    body = json.dumps({"min_balance": -300, "max_balance": 600})
    assert client_of(users["resident"]).put(url, body, content_type="application/json").status_code == 403
    r = client_of(users["coordinator"]).put(url, body, content_type="application/json")
    assert r.status_code == 200 and r.json()["min_balance"] == -300 and r.json()["balance"] == -120
    # limits that the current balance would break are refused and change nothing
    bad = json.dumps({"min_balance": -60, "max_balance": 600})
    assert client_of(users["coordinator"]).put(url, bad, content_type="application/json").status_code == 422
    acc.refresh_from_db()
    assert (acc.min_balance, acc.max_balance) == (-300, 600)


def test_staff_acting_for_resident_records_on_behalf(users, client_of, ledger, resident, helper):
    from zorgzaam.core.middleware import SESSION_ON_BEHALF

    c = client_of(users["coordinator"])
    session = c.session
    session[SESSION_ON_BEHALF] = resident.pk
    session.save()
    page = c.get("/reciprocity/transfer/").content.decode()
    assert 'type="hidden" name="payer"' in page
    r = c.post("/reciprocity/transfer/", {"payer": resident.pk, "payee": helper.pk, "amount": "0:45"})
    assert r.status_code == 302
    txn = Transaction.objects.get()
    assert txn.on_behalf
    from zorgzaam.audit.models import Event

    event = Event.objects.get(kind="reciprocity.transfer")
    assert event.on_behalf_of_id == resident.pk and event.actor == users["coordinator"]
