import pytest

from zorgzaam.audit.models import Event
from zorgzaam.people.models import Consent, Person


@pytest.fixture
def north(network, areas, make_person):
    return make_person(network, first_name="Noor", last_name="Jacobs", area=areas["north"])


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
def test_person_page_access(role, status, users, client_of, north):
    assert client_of(users[role]).get(f"/people/{north.pk}/").status_code == status


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, north):
    r = client.get(f"/people/{north.pk}/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,status", [("coordinator", 200), ("professional", 200), ("volunteer", 403), ("policy", 403)]
)
def test_person_list_access(role, status, users, client_of, north):
    assert client_of(users[role]).get("/people/").status_code == status


@pytest.mark.django_db
def test_list_htmx_partial_and_filters(users, client_of, north, network, areas, make_person):
    make_person(network, first_name="Suzanne", area=areas["south"])
    c = client_of(users["coordinator"])
    r = c.get("/people/?q=noor", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="person-results")
    html = r.content.decode()
    assert "<html" not in html and "Noor Jacobs" in html and "Suzanne" not in html
    r = c.get(f"/people/?area={areas['south'].pk}")
    assert "Suzanne" in r.content.decode() and "Noor Jacobs" not in r.content.decode()


@pytest.mark.django_db
def test_list_query_count(users, client_of, network, areas, make_person, django_assert_max_num_queries):
    for i in range(40):
        make_person(network, first_name=f"P{i}", area=areas["north"])
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(15):
        assert c.get("/people/").status_code == 200


@pytest.mark.django_db
def test_detail_query_count(users, client_of, north, django_assert_max_num_queries):
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(25):
        assert c.get(f"/people/{north.pk}/").status_code == 200


@pytest.mark.django_db
def test_create_and_edit_forms(users, client_of, areas):
    c = client_of(users["professional"])
    r = c.post(
        "/people/new/",
        {
            "first_name": "Yvonne",
            "last_name": "Claes",
            "area": areas["north"].pk,
            "contact_preferences": ["phone", "visit"],
            "lives_alone": "true",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    p = Person.objects.get(first_name="Yvonne")
    assert p.contact_preferences == ["phone", "visit"] and p.lives_alone is True
    r = c.post(
        f"/people/{p.pk}/edit/",
        {"first_name": "Yvonne", "last_name": "Claes", "area": areas["north"].pk, "birth_year": "1890"},
    )
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    p.refresh_from_db()
    assert p.birth_year is None


@pytest.mark.django_db
def test_consent_form(users, client_of, north, organisation):
    c = client_of(users["professional"])
    r = c.post(f"/people/{north.pk}/consent/", {"purpose": "share", "granted": "1", "channel": "spoken"})
    assert r.status_code == 200 and not Consent.objects.exists()
    r = c.post(
        f"/people/{north.pk}/consent/",
        {"purpose": "share", "granted": "1", "channel": "spoken", "organisation": organisation.pk},
    )
    assert r.status_code == 302 and Consent.objects.get().organisation == organisation


@pytest.mark.django_db
def test_act_for_and_stop(users, client_of, north):
    c = client_of(users["professional"])
    r = c.post(f"/people/{north.pk}/act/")
    assert r.status_code == 302
    home = c.get("/").content.decode()
    assert "Noor Jacobs" in home  # the banner names who you act for
    c.post("/people/stop-acting/")
    assert "Noor Jacobs" not in c.get("/").content.decode()
    kinds = list(Event.objects.filter(subject=north).values_list("kind", flat=True))
    assert "assist.start" in kinds and "assist.stop" in kinds


@pytest.mark.django_db
def test_act_for_refused_outside_relationship(users, client_of, north):
    assert client_of(users["volunteer"]).post(f"/people/{north.pk}/act/").status_code == 403


@pytest.mark.django_db
def test_erase_and_export_pages(users, client_of, north):
    assert client_of(users["professional"]).get(f"/people/{north.pk}/erase/").status_code == 403
    c = client_of(users["coordinator"])
    assert c.get(f"/people/{north.pk}/export/")["Content-Type"] == "application/json"
    c.post(f"/people/{north.pk}/erase/", {})
    north.refresh_from_db()
    assert north.anonymised_at is None  # not confirmed
    c.post(f"/people/{north.pk}/erase/", {"confirm": "yes"})
    north.refresh_from_db()
    assert north.anonymised_at is not None


@pytest.mark.django_db
def test_resident_opens_own_profile(users, client_of):
    c = client_of(users["resident"])
    r = c.get("/people/me/")
    assert r.status_code == 302
    assert c.get(r.url).status_code == 200


@pytest.mark.django_db
def test_home_page_per_role(users, client_of):
    for role in ("coordinator", "professional", "volunteer", "partner", "policy", "resident"):
        r = client_of(users[role]).get("/")
        assert r.status_code == 200
    assert "/people/" in client_of(users["professional"]).get("/").content.decode()
    assert 'href="/people/"' not in client_of(users["policy"]).get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_to_french(users, client_of):
    c = client_of(users["coordinator"])
    c.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = c.get("/").content.decode()
    assert 'lang="fr"' in html
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in c.get("/").content.decode()


@pytest.mark.django_db
def test_coordinator_grants_and_revokes_roles(users, client_of, north, areas, organisation):
    from zorgzaam.people.models import RoleAssignment

    c = client_of(users["coordinator"])
    c.post(f"/people/{north.pk}/roles/", {"role": "partner"})  # partner needs an organisation
    assert not RoleAssignment.objects.filter(person=north).exists()
    c.post(f"/people/{north.pk}/roles/", {"role": "volunteer", "area": areas["north"].pk, "may_assist": "on"})
    ra = RoleAssignment.objects.get(person=north)
    assert ra.may_assist and ra.area == areas["north"]
    assert (
        client_of(users["professional"])
        .post(f"/people/{north.pk}/roles/", {"role": "coordinator"})
        .status_code
        == 403
    )
    c.post(f"/people/{north.pk}/roles/{ra.pk}/revoke/")
    ra.refresh_from_db()
    assert not ra.active


@pytest.mark.django_db
def test_area_pages(users, client_of, network):
    c = client_of(users["coordinator"])
    assert c.get("/areas/").status_code == 200
    bad = c.post("/areas/new/", {"name": "Oost", "slug": "oost", "boundary_text": "{not json"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    from zorgzaam.networks.models import Area

    assert not Area.objects.filter(slug="oost").exists()
    poly = '{"type":"Polygon","coordinates":[[[4.0,50.9],[4.1,50.9],[4.1,51.0],[4.0,50.9]]]}'
    assert c.post("/areas/new/", {"name": "Oost", "slug": "oost", "boundary_text": poly}).status_code == 302
    assert Area.objects.get(slug="oost").boundary["type"] == "Polygon"
    assert client_of(users["professional"]).get("/areas/").status_code == 200
    assert client_of(users["professional"]).get("/areas/new/").status_code == 403


@pytest.mark.django_db
def test_network_settings(users, client_of, network):
    assert client_of(users["professional"]).get("/areas/settings/").status_code == 403
    c = client_of(users["coordinator"])
    data = {
        "name": "Testgem zorgt",
        "description": "",
        "municipality": "Testgem",
        "nis_code": "",
        "k_anonymity": 3,
    }
    r = c.post("/areas/settings/", data)
    assert r.status_code == 200
    network.refresh_from_db()
    assert network.k_anonymity == 5 and network.name == "Testgem"
    data.update(k_anonymity=10, retention_months=36)
    assert c.post("/areas/settings/", data).status_code == 302
    network.refresh_from_db()
    assert (network.name, network.k_anonymity, network.retention_months) == ("Testgem zorgt", 10, 36)
