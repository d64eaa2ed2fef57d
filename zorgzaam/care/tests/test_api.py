import pytest

from zorgzaam.care import services
from zorgzaam.care.models import Match, Referral, Request, Signal
from zorgzaam.people.models import Consent

pytestmark = pytest.mark.django_db

API = "/api/care"


@pytest.fixture
def case(users, actor_of, resident_person, helper, organisation, themes):
    coord = actor_of(users["coordinator"])
    resident_person.street, resident_person.house_number, resident_person.last_name = (
        "Geheimstraat",
        "7",
        "Achternaamsen",
    )
    resident_person.save()
    req = services.create_request(coord, person=resident_person, description="Hulp nodig")
    services.triage(coord, req)
    return {"req": req}


def test_signal_and_request_flow_over_api(
    client_of, users, resident_person, helper, case, themes, django_assert_max_num_queries
):
    c = client_of(users["professional"])
    r = c.post(
        f"{API}/signals",
        {
            "person_id": resident_person.pk,
            "description": "Valt vaak",
            "themes": ["mobility"],
            "urgency": "high",
            "consent_status": "given",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    sig_id = r.json()["id"]
    assert r.json()["themes"] == ["mobility"]
    r = c.post(
        f"{API}/requests",
        {"person_id": resident_person.pk, "description": "Rollator", "signal_id": sig_id},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["origin"] == "signal"
    req_id = r.json()["id"]
    assert (
        c.post(f"{API}/requests/{req_id}/triage", {}, content_type="application/json").json()["status"]
        == "triaged"
    )
    r = c.get(f"{API}/requests/{req_id}/suggestions")
    assert r.status_code == 200 and helper.pk in [s["helper_id"] for s in r.json()]
    r = c.post(f"{API}/requests/{req_id}/matches", {"helper_id": helper.pk}, content_type="application/json")
    assert r.status_code == 201
    match_id = r.json()["id"]
    r = c.post(f"{API}/requests/{req_id}/matches", {"helper_id": helper.pk}, content_type="application/json")
    assert r.status_code == 422 and Match.objects.filter(request_id=req_id).count() == 1
    v = client_of(users["volunteer"])
    task = v.get(f"{API}/tasks/{match_id}").json()
    assert (
        task["first_name"] == resident_person.first_name and task["address"] is None and task["phone"] is None
    )
    assert "Achternaamsen" not in str(v.get(f"{API}/tasks").content)
    task = v.post(f"{API}/tasks/{match_id}/accept", {}, content_type="application/json").json()
    assert task["address"].startswith("Geheimstraat 7")
    v.post(f"{API}/tasks/{match_id}/done", {"rating": 3}, content_type="application/json")
    r = c.post(
        f"{API}/requests/{req_id}/close",
        {"outcome": "solved", "resident_verdict": 3},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert [e["what"] for e in c.get(f"{API}/requests/{req_id}/timeline").json()][0] == "created"
    with django_assert_max_num_queries(15):
        assert c.get(f"{API}/requests").status_code == 200


def test_api_bad_input_changes_nothing(client_of, users, resident_person, case):
    c = client_of(users["coordinator"])
    before = (Signal.objects.count(), Request.objects.count())
    # No consent answer: refused, not taken as "given" (nothing is pre-selected, issue 13 item 5).
    r = c.post(f"{API}/signals", {"description": "x", "address_text": "x 1"}, content_type="application/json")
    assert r.status_code == 422 and "consent_status" in r.content.decode()
    assert (
        c.post(
            f"{API}/signals", {"description": "", "address_text": "x"}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        c.post(
            f"{API}/signals", {"description": "x", "person_id": 99999}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        c.post(
            f"{API}/requests",
            {"person_id": resident_person.pk, "description": "x", "themes": ["nope"]},
            content_type="application/json",
        ).status_code
        == 422
    )
    r = c.post(
        f"{API}/requests/{case['req'].pk}/close", {"outcome": "maybe"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "outcome"
    assert (Signal.objects.count(), Request.objects.count()) == before
    case["req"].refresh_from_db()
    assert case["req"].status == "triaged"


@pytest.mark.parametrize("role", ["volunteer", "partner", "policy", "outsider"])
def test_api_denies_case_access(client_of, users, case, role, helper):
    c = client_of(users[role])
    rid = case["req"].pk
    assert c.get(f"{API}/requests/{rid}").status_code == 403
    assert c.get(f"{API}/requests/{rid}/suggestions").status_code == 403
    assert (
        c.post(
            f"{API}/requests/{rid}/matches", {"helper_id": helper.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        c.post(
            f"{API}/requests/{rid}/close", {"outcome": "solved"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert c.get(f"{API}/requests").json()["count"] == 0
    assert not Match.objects.exists()


def test_api_partner_inbox_and_resident(client_of, users, actor_of, case, organisation, resident_person):
    Consent.objects.create(
        person=resident_person, purpose="share", organisation=organisation, granted=True, channel="paper"
    )
    c = client_of(users["coordinator"])
    r = c.post(
        f"{API}/requests/{case['req'].pk}/referrals",
        {"organisation_id": organisation.pk, "message": "Graag"},
        content_type="application/json",
    )
    assert r.status_code == 201
    ref_id = r.json()["id"]
    p = client_of(users["partner"])
    items = p.get(f"{API}/inbox").json()["items"]
    assert [i["id"] for i in items] == [ref_id]
    assert (
        p.post(
            f"{API}/referrals/{ref_id}/respond", {"status": "accepted"}, content_type="application/json"
        ).json()["status"]
        == "accepted"
    )
    assert client_of(users["volunteer"]).get(f"{API}/inbox").status_code == 403
    assert (
        client_of(users["resident"])
        .post(
            f"{API}/referrals/{ref_id}/respond",
            {"status": "closed", "outcome": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert Referral.objects.get().status == "accepted"
    # the resident sees their own request, nothing else
    rc = client_of(users["resident"])
    assert rc.get(f"{API}/requests/{case['req'].pk}").status_code == 200
    assert rc.get(f"{API}/requests").json()["count"] == 1
    assert rc.get(f"{API}/requests/{case['req'].pk}/suggestions").status_code == 403


def test_api_batch_and_policy(client_of, users, case, areas):
    c = client_of(users["coordinator"])
    r = c.get(f"{API}/batch", {"area": areas["north"].pk})
    assert r.status_code == 200 and set(r.json()) == {
        "pairs",
        "total",
        "greedy_total",
        "unassigned",
        "placed",
        "greedy_placed",
        "unplaced",
        "certificate",
    }
    assert client_of(users["volunteer"]).get(f"{API}/batch", {"area": areas["north"].pk}).status_code == 403
    assert client_of(users["outsider"]).get(f"{API}/batch", {"area": areas["north"].pk}).status_code == 403
    assert client_of(users["policy"]).get(f"{API}/policy").status_code == 200
    assert client_of(users["professional"]).get(f"{API}/policy").status_code == 403
    r = c.post(
        f"{API}/requests/{case['req'].pk}/policy-tag",
        {"theme": "housing", "note": "wachtlijst"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["policy_theme"] == "housing"
