import pytest

from zorgzaam.audit.models import Event
from zorgzaam.people.models import Consent, Person


@pytest.fixture
def north_person(network, areas, make_person):
    return make_person(network, first_name="Noor", area=areas["north"])


@pytest.mark.django_db
def test_anonymous_gets_401(client):
    assert client.get("/api/people/persons").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,status",
    [
        ("coordinator", 200),
        ("professional", 200),
        ("volunteer", 403),
        ("partner", 403),
        ("policy", 403),
        ("resident", 403),
        ("outsider", 403),
    ],
)
def test_person_detail_follows_relationship(role, status, users, client_of, north_person):
    assert client_of(users[role]).get(f"/api/people/persons/{north_person.pk}").status_code == status


@pytest.mark.django_db
def test_list_only_visible_people(users, client_of, north_person, network, areas, make_person):
    make_person(network, first_name="Zuid", area=areas["south"])
    data = client_of(users["professional"]).get("/api/people/persons?limit=100").json()
    names = {p["first_name"] for p in data["items"]}
    assert "Noor" in names and "Zuid" not in names


@pytest.mark.django_db
def test_list_query_count(users, client_of, network, areas, make_person, django_assert_max_num_queries):
    for i in range(40):
        make_person(network, first_name=f"P{i}", area=areas["north"])
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(10):
        assert c.get("/api/people/persons?limit=50").status_code == 200


@pytest.mark.django_db
def test_create_and_patch_via_api(users, client_of, areas):
    c = client_of(users["coordinator"])
    from zorgzaam.people.reference import ensure_languages, ensure_tags

    ensure_languages()
    ensure_tags()
    r = c.post(
        "/api/people/persons",
        {
            "first_name": "Marcel",
            "area_id": areas["north"].pk,
            "languages": ["nl", "fr"],
            "tags": [{"tag": "gardening", "kind": "talent", "note": "moestuin"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["languages"] == ["fr", "nl"] or sorted(body["languages"]) == ["fr", "nl"]
    assert body["tags"][0]["tag"] == "gardening"
    r = c.patch(
        f"/api/people/persons/{body['id']}", {"phone": "053 11 22 33"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["phone"] == "053 11 22 33"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload,field",
    [
        ({"first_name": ""}, "first_name"),
        ({"first_name": "A", "birth_year": 1700}, "birth_year"),
        ({"first_name": "A", "languages": ["xx"]}, "languages"),
        ({"first_name": "A", "tags": [{"tag": "nonexistent", "kind": "talent"}]}, "tags"),
        ({"first_name": "A", "capacity": 9}, "capacity"),
        ({"first_name": "A", "area_id": 999999}, "area_id"),
        ({"first_name": "A", "latitude": 50.0}, "latitude"),
    ],
)
def test_invalid_input_gives_field_errors_and_changes_nothing(payload, field, users, client_of):
    c = client_of(users["coordinator"])
    before, events = Person.objects.count(), Event.objects.count()
    r = c.post("/api/people/persons", payload, content_type="application/json")
    assert r.status_code == 422, r.content
    assert any(e["field"] and e["field"].startswith(field) for e in r.json()["errors"]), r.json()
    assert Person.objects.count() == before and Event.objects.count() == events


@pytest.mark.django_db
def test_invalid_patch_changes_nothing(users, client_of, north_person):
    c = client_of(users["coordinator"])
    r = c.patch(
        f"/api/people/persons/{north_person.pk}",
        {"email": "nope", "phone": "1"},
        content_type="application/json",
    )
    assert r.status_code == 422
    north_person.refresh_from_db()
    assert north_person.phone == ""


@pytest.mark.django_db
def test_consents_via_api(users, client_of, north_person, organisation):
    c = client_of(users["professional"])
    url = f"/api/people/persons/{north_person.pk}/consents"
    r = c.post(
        url, {"purpose": "share", "granted": True, "channel": "spoken"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "organisation"
    r = c.post(
        url,
        {"purpose": "share", "granted": True, "channel": "spoken", "organisation_id": organisation.pk},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert c.get(url).json()[0]["purpose"] == "share"
    assert (
        client_of(users["volunteer"])
        .post(
            url, {"purpose": "contact", "granted": True, "channel": "spoken"}, content_type="application/json"
        )
        .status_code
        == 403
    )
    assert Consent.objects.filter(person=north_person).count() == 1


@pytest.mark.django_db
def test_areas_api(users, client_of, network):
    c = client_of(users["coordinator"])
    assert len(c.get(f"/api/networks/{network.slug}/areas").json()) == 2
    poly = {"type": "Polygon", "coordinates": [[[4.0, 50.9], [4.1, 50.9], [4.1, 51.0], [4.0, 50.9]]]}
    r = c.post(
        f"/api/networks/{network.slug}/areas",
        {"name": "Oost", "slug": "oost", "boundary": poly},
        content_type="application/json",
    )
    assert r.status_code == 201
    lambert = {
        "type": "Polygon",
        "coordinates": [[[150000, 170000], [151000, 170000], [151000, 171000], [150000, 170000]]],
    }
    r = c.post(
        f"/api/networks/{network.slug}/areas",
        {"name": "West", "slug": "west", "boundary": lambert},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "boundary"
    prof = client_of(users["professional"])
    assert (
        prof.post(
            f"/api/networks/{network.slug}/areas", {"name": "X", "slug": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client_of(users["outsider"]).get(f"/api/networks/{network.slug}/areas").json() == []


@pytest.mark.django_db
def test_audit_api_is_for_coordinators(users, client_of):
    assert client_of(users["coordinator"]).get("/api/audit/events").status_code == 200
    assert client_of(users["professional"]).get("/api/audit/events").status_code == 403


@pytest.mark.django_db
def test_openapi_docs_served(users, client_of):
    c = client_of(users["coordinator"])
    assert c.get("/api/docs").status_code == 200
    schema = c.get("/api/openapi.json").json()
    assert "/api/people/persons" in schema["paths"]


@pytest.mark.django_db
def test_session_api_writes_need_csrf(users):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(users["coordinator"])
    r = c.post("/api/people/persons", {"first_name": "X"}, content_type="application/json")
    assert r.status_code in (401, 403)
    assert not Person.objects.filter(first_name="X").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [{"email": None}, {"first_name": None}, {"phone": None}, {"birth_year": 2**40}, {"area_id": 10**30}],
)
def test_patch_with_null_or_out_of_range_values_is_refused(payload, users, client_of, north_person):
    """null for a field the database cannot hold empty, or a number beyond its range: 422, nothing changed
    (it was a 500 from the database)."""
    c = client_of(users["coordinator"])
    events = Event.objects.count()
    r = c.patch(f"/api/people/persons/{north_person.pk}", payload, content_type="application/json")
    assert r.status_code == 422, r.content
    north_person.refresh_from_db()
    assert north_person.first_name == "Noor" and north_person.email == ""
    assert Event.objects.count() == events
