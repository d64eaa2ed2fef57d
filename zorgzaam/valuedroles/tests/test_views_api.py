import json

import pytest

from zorgzaam.people.actor import build_actor
from zorgzaam.people.models import Consent, PersonTag, Tag
from zorgzaam.valuedroles import services
from zorgzaam.valuedroles.models import RoleHolding, ValuedRole


@pytest.fixture
def role(users, network):
    tag = Tag.objects.create(
        code="tuinieren", domain="hands", name_nl="tuinieren", name_fr="jardinage", name_en="gardening"
    )
    return services.save_role(
        build_actor(users["coordinator"], network), title="Moestuinier", talents=[tag], components=["work"]
    )


@pytest.mark.parametrize(
    "role_name,status",
    [
        ("coordinator", 200),
        ("professional", 200),
        ("volunteer", 200),
        ("resident", 200),
        ("partner", 200),
        ("policy", 200),
        ("outsider", 403),
    ],
)
def test_detail_matrix(users, client_of, role, role_name, status):
    assert client_of(users[role_name]).get(f"/valuedroles/{role.pk}/").status_code == status


@pytest.mark.parametrize(
    "role_name,status",
    [
        ("coordinator", 200),
        ("volunteer", 403),
        ("resident", 403),
        ("partner", 403),
        ("policy", 403),
        ("outsider", 403),
    ],
)
def test_suggestions_matrix(users, client_of, role, role_name, status):
    assert client_of(users[role_name]).get(f"/valuedroles/{role.pk}/suggestions/").status_code == status


def test_create_via_form_and_bad_input(users, client_of, network):
    c = client_of(users["coordinator"])
    r = c.post(
        "/valuedroles/new/",
        {
            "title": "Digibuddy",
            "required_capacity": "1",
            "hours_per_week": "2",
            "components": ["learning"],
            "active": "on",
        },
    )
    assert r.status_code == 302
    r = c.post("/valuedroles/new/", {"title": "", "required_capacity": "9", "hours_per_week": "-3"})
    assert r.status_code == 200 and ValuedRole.objects.count() == 1
    assert client_of(users["volunteer"]).get("/valuedroles/new/").status_code == 403


def test_api_suggest_and_assign(users, client_of, network, make_person, role):
    p = make_person(network, capacity=2)
    Consent.objects.create(person=p, purpose="contact", granted=True, channel="spoken")
    PersonTag.objects.create(person=p, tag=role.talents.get(), kind="talent")
    c = client_of(users["coordinator"])
    rows = c.get(f"/api/valuedroles/roles/{role.pk}/suggestions").json()
    assert [r["person_id"] for r in rows] == [p.pk]
    r = c.post(
        f"/api/valuedroles/roles/{role.pk}/holders",
        json.dumps({"person_id": p.pk}),
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"/api/valuedroles/roles/{role.pk}/holders",
        json.dumps({"person_id": p.pk}),
        content_type="application/json",
    )
    assert r.status_code == 422 and RoleHolding.objects.count() == 1
    assert client_of(users["partner"]).get(f"/api/valuedroles/roles/{role.pk}/holders").json() == []
    r = client_of(users["outsider"]).get(f"/api/valuedroles/roles/{role.pk}/suggestions")
    assert r.status_code == 403


def test_api_list_query_count(users, client_of, network, django_assert_max_num_queries):
    actor = build_actor(users["coordinator"], network)
    tag = Tag.objects.create(
        code="koken", domain="hands", name_nl="koken", name_fr="cuisine", name_en="cooking"
    )
    for i in range(10):
        services.save_role(actor, title=f"Rol {i}", talents=[tag])
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(8):
        assert len(c.get("/api/valuedroles/roles").json()) == 10
    with django_assert_max_num_queries(14):
        assert c.get("/valuedroles/").status_code == 200


def test_api_bad_role_changes_nothing(users, client_of):
    c = client_of(users["coordinator"])
    for payload in (
        {"title": "x", "talents": ["nope"]},
        {"title": "x", "components": ["zzz"]},
        {"title": "x", "required_capacity": 5},
    ):
        assert (
            c.post("/api/valuedroles/roles", json.dumps(payload), content_type="application/json").status_code
            == 422
        )
    assert not ValuedRole.objects.exists()
