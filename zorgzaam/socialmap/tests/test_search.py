import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap import services
from zorgzaam.socialmap.models import Service


@pytest.fixture
def catalogue(network, other_network, areas, organisation, other_org, make_service):
    far = Organisation.objects.create(network=other_network, name="Elders vzw")
    return {
        "meals": make_service(
            organisation,
            "Warme maaltijden",
            categories=["meals"],
            groups=["elderly"],
            areas=[areas["north"]],
            languages=["nl"],
            hours=[(0, "11:00", "14:00")],
            wheelchair_accessible=True,
        ),
        "psy": make_service(
            other_org,
            "Psycholoog",
            description="gesprekken bij somberheid",
            categories=["mental-health"],
            groups=["everyone"],
            languages=["nl", "fr"],
            hours=[(2, "09:00", "12:00")],
        ),
        "legal": make_service(
            other_org,
            "Juridisch advies",
            categories=["legal-aid"],
            areas=[areas["south"]],
            languages=["ar"],
            hearing_loop=True,
        ),
        "closed": make_service(organisation, "Oude dienst", categories=["meals"], active=False),
        "far": make_service(far, "Maaltijden elders", categories=["meals"]),
    }


def names(qs):
    return sorted(s.name for s in qs)


def test_filters(users, actor_of, catalogue, areas, taxonomy):
    actor = actor_of(users["volunteer"])
    cats, groups = taxonomy["categories"], taxonomy["groups"]
    assert names(services.search_services(actor)) == ["Juridisch advies", "Psycholoog", "Warme maaltijden"]
    assert names(services.search_services(actor, q="somberheid")) == ["Psycholoog"]
    assert names(services.search_services(actor, q="caw test")) == ["Juridisch advies", "Psycholoog"]
    assert names(services.search_services(actor, category=cats["meals"])) == ["Warme maaltijden"]
    # A parent category includes its sub-categories (mental health is under health).
    assert names(services.search_services(actor, category=cats["health"])) == ["Psycholoog"]
    assert names(services.search_services(actor, target_group=groups["elderly"])) == ["Warme maaltijden"]
    # No areas means the whole network: the psychologist serves the north too.
    assert names(services.search_services(actor, area=areas["north"])) == ["Psycholoog", "Warme maaltijden"]
    assert names(services.search_services(actor, area=areas["south"])) == ["Juridisch advies", "Psycholoog"]
    assert names(services.search_services(actor, language="fr")) == ["Psycholoog"]
    assert names(services.search_services(actor, accessibility=["hearing_loop"])) == ["Juridisch advies"]
    assert (
        names(services.search_services(actor, accessibility=["wheelchair_accessible", "hearing_loop"])) == []
    )


def test_open_now(users, actor_of, catalogue):
    actor = actor_of(users["resident"])
    monday_noon = timezone.make_aware(dt.datetime(2026, 11, 23, 12, 0))
    monday_evening = timezone.make_aware(dt.datetime(2026, 11, 23, 14, 0))
    wednesday = timezone.make_aware(dt.datetime(2026, 11, 25, 9, 30))
    assert names(services.search_services(actor, open_now=True, now=monday_noon)) == ["Warme maaltijden"]
    # Closing time is exclusive.
    assert names(services.search_services(actor, open_now=True, now=monday_evening)) == []
    assert names(services.search_services(actor, open_now=True, now=wednesday)) == ["Psycholoog"]


def test_every_role_reads_outsider_nothing(users, actor_of, catalogue, other_network):
    for role in ("coordinator", "professional", "volunteer", "partner", "policy", "resident"):
        assert services.search_services(actor_of(users[role])).count() == 3, role
    outsider = actor_of(users["outsider"])
    with pytest.raises(PermissionDenied):
        services.search_services(outsider)
    with pytest.raises(Http404):
        services.get_service(outsider, catalogue["meals"].pk)
    # In their own network the outsider sees only that network's services.
    assert names(services.search_services(actor_of(users["outsider"], other_network))) == [
        "Maaltijden elders"
    ]


def test_inactive_only_for_editors(users, actor_of, catalogue):
    closed = catalogue["closed"]
    with pytest.raises(Http404):
        services.get_service(actor_of(users["volunteer"]), closed.pk)
    assert services.get_service(actor_of(users["partner"]), closed.pk) == closed


def test_public_services(network, areas, catalogue):
    all_names = sorted(s["name"] for s in services.public_services(network))
    assert all_names == ["Juridisch advies", "Psycholoog", "Warme maaltijden"]
    north = services.public_services(network, areas["north"])
    assert sorted(s["name"] for s in north) == ["Psycholoog", "Warme maaltijden"]
    meals = next(s for s in north if s["name"] == "Warme maaltijden")
    assert meals["hours"] == [{"weekday": 0, "opens_at": "11:00", "closes_at": "14:00"}]


def test_list_view_filters_and_query_count(
    users, client_of, organisation, make_service, areas, django_assert_max_num_queries
):
    for i in range(20):
        make_service(
            organisation,
            f"Dienst {i:02d}",
            categories=["meals", "health"],
            languages=["nl", "fr"],
            areas=[areas["north"]],
            hours=[(1, "09:00", "12:00")],
        )
    client = client_of(users["volunteer"])
    with django_assert_max_num_queries(20):
        resp = client.get("/socialmap/")
    assert resp.status_code == 200
    assert resp.content.decode().count("/socialmap/services/") == 20
    # Looked up before counting: the test's own queries are not the page's.
    category = Service.objects.first().categories.first().pk
    with django_assert_max_num_queries(20):
        resp = client.get(f"/socialmap/map/?category={category}")
    assert resp.status_code == 200
    with django_assert_max_num_queries(20):
        resp = client.get("/api/socialmap/services?limit=50")
    assert resp.status_code == 200
    assert resp.json()["count"] == 20


def test_list_view_htmx_and_text_filter(users, client_of, catalogue):
    resp = client_of(users["policy"]).get(
        "/socialmap/?q=psycho", headers={"HX-Request": "true", "HX-Target": "service-results"}
    )
    body = resp.content.decode()
    assert resp.status_code == 200 and "Psycholoog" in body and "Warme maaltijden" not in body
    assert "<html" not in body


def test_views_refuse_outsider(users, client_of, catalogue):
    client = client_of(users["outsider"])
    # The outsider works in their own network: they see its (empty) map, never ours.
    for url in ("/socialmap/", "/socialmap/map/"):
        resp = client.get(url)
        assert resp.status_code == 200
        assert "Warme maaltijden" not in resp.content.decode()
    assert client.get(f"/socialmap/services/{catalogue['meals'].pk}/").status_code == 404
    assert client.get("/api/socialmap/services?network=testgem").status_code == 403


def test_no_role_no_access(network, make_user, client_of, catalogue):
    nobody = make_user(network, None, username="norole")
    assert client_of(nobody).get("/socialmap/").status_code == 403
    assert client_of(nobody).get(f"/socialmap/services/{catalogue['meals'].pk}/").status_code == 404


def test_detail_and_map_pages(users, client_of, catalogue):
    client = client_of(users["resident"])
    resp = client.get(f"/socialmap/services/{catalogue['meals'].pk}/")
    assert resp.status_code == 200
    assert "maandag 11:00–14:00" in resp.content.decode().lower()
    resp = client.get("/socialmap/map/")
    assert resp.status_code == 200
    assert 'id="socialmap-data"' in resp.content.decode()


def test_public_json_endpoint(client, network, areas, catalogue):
    resp = client.get("/socialmap/public/testgem.json?area=zuid")
    assert resp.status_code == 200
    assert sorted(s["name"] for s in resp.json()["services"]) == ["Juridisch advies", "Psycholoog"]
    assert client.get("/socialmap/public/testgem.json?area=nowhere").status_code == 404


def test_api_filters(users, client_of, catalogue, taxonomy, areas):
    client = client_of(users["professional"])

    def api_names(query):
        resp = client.get(f"/api/socialmap/services?{query}")
        assert resp.status_code == 200, resp.content
        return sorted(s["name"] for s in resp.json()["items"])

    assert api_names("category=health") == ["Psycholoog"]
    assert api_names("target_group=elderly") == ["Warme maaltijden"]
    assert api_names(f"area={areas['south'].pk}") == ["Juridisch advies", "Psycholoog"]
    assert api_names("language=ar") == ["Juridisch advies"]
    assert api_names("accessibility=hearing_loop") == ["Juridisch advies"]
    assert api_names("q=maaltijd") == ["Warme maaltijden"]
    detail = client.get(f"/api/socialmap/services/{catalogue['meals'].pk}").json()
    assert detail["schedules"] == [{"weekday": 0, "opens_at": "11:00:00", "closes_at": "14:00:00"}]
    assert detail["may_be_outdated"] is False and detail["languages"] == ["nl"]


def test_view_filters(users, client_of, catalogue, areas):
    client = client_of(users["volunteer"])
    body = client.get(f"/socialmap/?language=fr&area={areas['north'].pk}").content.decode()
    assert "Psycholoog" in body and "Warme maaltijden" not in body
    body = client.get("/socialmap/?accessibility=wheelchair_accessible").content.decode()
    assert "Warme maaltijden" in body and "Psycholoog" not in body
