import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zorgzaam.audit.models import Event
from zorgzaam.notifications.models import Notification
from zorgzaam.people.actor import Actor
from zorgzaam.socialmap import services
from zorgzaam.socialmap.models import EditorClaim, OutdatedReport, Service


@pytest.fixture
def own(organisation, make_service):
    return make_service(organisation, "Gezinszorg", categories=["home-care"])


@pytest.fixture
def foreign(other_org, make_service):
    return make_service(other_org, "Onthaal", categories=["admin-money"])


READ_ONLY = ("professional", "volunteer", "policy", "resident")


def test_edit_permissions_matrix(users, actor_of, own, foreign):
    partner, coord = actor_of(users["partner"]), actor_of(users["coordinator"])
    assert services.can_edit_service(partner, own)
    assert not services.can_edit_service(partner, foreign)
    assert services.can_edit_service(coord, own) and services.can_edit_service(coord, foreign)
    for role in READ_ONLY:
        assert not services.can_edit_service(actor_of(users[role]), own), role
    assert not services.can_edit_service(actor_of(users["outsider"]), own)


def test_partner_updates_own_service_and_is_logged(users, actor_of, own, taxonomy, areas):
    actor = actor_of(users["partner"])
    services.update_service(
        actor,
        own,
        name="Gezinszorg en poetshulp",
        areas=[areas["north"]],
        languages=[taxonomy["languages"]["fr"]],
        schedules=[(0, dt.time(9), dt.time(12))],
    )
    own.refresh_from_db()
    assert own.name == "Gezinszorg en poetshulp"
    assert [a.slug for a in own.areas.all()] == ["noord"]
    assert [(h.weekday, h.opens_at) for h in own.schedules.all()] == [(0, dt.time(9))]
    assert Event.objects.filter(kind=services.SERVICE_UPDATED, object_id=str(own.pk)).exists()


def test_partner_cannot_touch_other_organisation(users, actor_of, foreign, other_org):
    actor = actor_of(users["partner"])
    with pytest.raises(PermissionDenied):
        services.update_service(actor, foreign, name="Gekaapt")
    with pytest.raises(PermissionDenied):
        services.create_service(actor, other_org, name="Nieuw")
    with pytest.raises(PermissionDenied):
        services.verify_service(actor, foreign)
    foreign.refresh_from_db()
    assert foreign.name == "Onthaal"


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_cannot_write(users, actor_of, own, organisation, role):
    actor = actor_of(users[role])
    with pytest.raises(PermissionDenied):
        services.update_service(actor, own, name="x")
    with pytest.raises(PermissionDenied):
        services.create_service(actor, organisation, name="x")


def test_bad_input_changes_nothing(users, actor_of, own, other_network):
    from zorgzaam.networks.models import Area

    actor = actor_of(users["coordinator"])
    with pytest.raises(ValidationError):
        services.update_service(actor, own, name="Nieuw", schedules=[(0, dt.time(12), dt.time(9))])
    elsewhere = Area.objects.create(network=other_network, name="Ver", slug="ver")
    with pytest.raises(ValidationError):
        services.update_service(actor, own, name="Nieuw", areas=[elsewhere])
    with pytest.raises(ValidationError):
        services.update_service(actor, own, name="Nieuw", email="geen-mail", latitude=51.0)
    own.refresh_from_db()
    assert own.name == "Gezinszorg" and own.email == "" and own.areas.count() == 0


def test_create_view_and_edit_views(users, client_of, organisation, other_org, own, foreign, taxonomy):
    partner = client_of(users["partner"])
    resp = partner.post(
        f"/socialmap/organisations/{organisation.pk}/services/new/",
        {
            "name": "Oppashulp",
            "description": "Even op adem komen",
            "cost": "contribution",
            "accepts_referrals": "on",
            "active": "on",
            "categories": [taxonomy["categories"]["informal-carers"].pk],
            "hours-TOTAL_FORMS": "3",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "2",
            "hours-0-opens_at": "18:00",
            "hours-0-closes_at": "22:00",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    created = Service.objects.get(name="Oppashulp")
    assert created.organisation == organisation and created.last_verified_at is not None
    assert [(h.weekday, h.closes_at) for h in created.schedules.all()] == [(2, dt.time(22))]
    # A half-filled opening-hours row is refused and nothing is saved.
    resp = partner.post(
        f"/socialmap/services/{own.pk}/edit/",
        {
            "name": "Veranderd",
            "cost": "free",
            "hours-TOTAL_FORMS": "1",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "1",
        },
    )
    assert resp.status_code == 200
    own.refresh_from_db()
    assert own.name == "Gezinszorg"
    assert partner.get(f"/socialmap/services/{foreign.pk}/edit/").status_code == 403
    assert partner.get(f"/socialmap/organisations/{other_org.pk}/services/new/").status_code == 403
    assert partner.get(f"/socialmap/organisations/{other_org.pk}/edit/").status_code == 403
    assert client_of(users["volunteer"]).get(f"/socialmap/services/{own.pk}/edit/").status_code == 403
    assert client_of(users["coordinator"]).get(f"/socialmap/services/{foreign.pk}/edit/").status_code == 200


def test_organisation_edit_through_foundation(users, client_of, organisation):
    resp = client_of(users["partner"]).post(
        f"/socialmap/organisations/{organisation.pk}/edit/",
        {"name": organisation.name, "kind": "home_care", "phone": "053 11 22 33"},
    )
    assert resp.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "053 11 22 33"


def test_api_create_update_permissions(users, client_of, organisation, other_org, own, foreign):
    partner = client_of(users["partner"])
    resp = partner.post(
        "/api/socialmap/services",
        {
            "organisation_id": organisation.pk,
            "name": "Nieuw via API",
            "categories": ["meals"],
            "schedules": [{"weekday": 4, "opens_at": "10:00", "closes_at": "12:00"}],
        },
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["categories"] == ["meals"]
    resp = partner.post(
        "/api/socialmap/services",
        {"organisation_id": other_org.pk, "name": "Nee"},
        content_type="application/json",
    )
    assert resp.status_code == 403
    assert (
        partner.patch(
            f"/api/socialmap/services/{foreign.pk}", {"name": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    resp = partner.patch(
        f"/api/socialmap/services/{own.pk}", {"categories": ["bestaat-niet"]}, content_type="application/json"
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "categories"
    resp = client_of(users["volunteer"]).patch(
        f"/api/socialmap/services/{own.pk}", {"name": "x"}, content_type="application/json"
    )
    assert resp.status_code == 403
    assert (
        client_of(users["resident"]).get(f"/api/socialmap/services/{own.pk}").json()["name"] == "Gezinszorg"
    )
    own.refresh_from_db()
    assert own.name == "Gezinszorg"


# --- outdated flag, verification and reminders ----------------------------------------------------


def test_outdated_flag_and_verify(users, actor_of, client_of, own, foreign):
    Service.objects.filter(pk=own.pk).update(last_verified_at=timezone.now() - dt.timedelta(days=400))
    own.refresh_from_db()
    assert services.is_outdated(own) and not services.is_outdated(foreign)
    body = client_of(users["volunteer"]).get("/socialmap/").content.decode()
    assert body.count("may be outdated") + body.count("mogelijk verouderd") == 1
    assert client_of(users["partner"]).post(f"/socialmap/services/{own.pk}/verify/").status_code == 302
    own.refresh_from_db()
    assert not services.is_outdated(own) and own.verified_by == users["partner"]
    assert client_of(users["partner"]).post(f"/socialmap/services/{foreign.pk}/verify/").status_code == 403


def test_reminders_go_to_editors_once_a_month(network, users, own, foreign):
    old = timezone.now() - dt.timedelta(days=400)
    Service.objects.filter(pk__in=[own.pk, foreign.pk]).update(last_verified_at=old)
    assert services.remind_outdated(network) == 2
    # The partner gets the reminder for their own organisation; CAW Test has no staff, so the coordinator.
    assert Notification.objects.filter(recipient=users["partner"], kind="socialmap.outdated").count() == 1
    assert Notification.objects.filter(recipient=users["coordinator"], kind="socialmap.outdated").count() == 1
    assert services.remind_outdated(network) == 0
    later = timezone.now() + dt.timedelta(days=31)
    assert services.remind_outdated(network, now=later) == 2


def test_periodic_task_runs(network, users, own):
    from zorgzaam.socialmap.tasks import remind_outdated_entries

    Service.objects.filter(pk=own.pk).update(last_verified_at=None)
    remind_outdated_entries.call_local()
    assert Notification.objects.filter(recipient=users["partner"], kind="socialmap.outdated").exists()


# --- claims ---------------------------------------------------------------------------------------


def test_claim_flow(users, actor_of, other_org, foreign):
    prof = actor_of(users["professional"])
    assert not services.can_edit_organisation(prof, other_org)
    claim = services.request_claim(prof, other_org, "Ik werk er halftijds")
    assert Notification.objects.filter(recipient=users["coordinator"], kind="socialmap.claim").exists()
    with pytest.raises(ValidationError):
        services.request_claim(prof, other_org)
    with pytest.raises(PermissionDenied):
        services.decide_claim(actor_of(users["partner"]), claim, True)
    coord = actor_of(users["coordinator"])
    services.decide_claim(coord, claim, True)
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.decided_by == users["coordinator"] and claim.decided_at
    assert services.can_edit_service(actor_of(users["professional"]), foreign)
    with pytest.raises(ValidationError):
        services.decide_claim(coord, claim, False)


def test_claim_rules(users, actor_of, organisation, other_org):
    with pytest.raises(PermissionDenied):  # already an editor
        services.request_claim(actor_of(users["partner"]), organisation)
    for role in ("volunteer", "resident", "policy"):
        with pytest.raises(PermissionDenied):
            services.request_claim(actor_of(users[role]), other_org)
    with pytest.raises(PermissionDenied):
        services.request_claim(actor_of(users["outsider"]), other_org)


def test_claim_views(users, client_of, other_org):
    prof = client_of(users["professional"])
    assert (
        prof.post(f"/socialmap/organisations/{other_org.pk}/claim/", {"motivation": "graag"}).status_code
        == 302
    )
    claim = EditorClaim.objects.get()
    assert client_of(users["partner"]).get("/socialmap/claims/").status_code == 403
    coord = client_of(users["coordinator"])
    assert "graag" in coord.get("/socialmap/claims/").content.decode()
    assert coord.post(f"/socialmap/claims/{claim.pk}/decide/", {"decision": "reject"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "rejected"
    # A coordinator of another network cannot even find it.
    resp = client_of(users["outsider"]).post(f"/socialmap/claims/{claim.pk}/decide/", {"decision": "approve"})
    assert resp.status_code == 404


# --- outdated reports -----------------------------------------------------------------------------


def test_reports_by_role_and_visibility(users, actor_of, own, foreign):
    r1 = services.report_outdated(actor_of(users["resident"]), own, "Verhuisd naar de Kerkstraat")
    services.report_outdated(actor_of(users["volunteer"]), foreign, "Telefoon klopt niet")
    assert r1.reported_by == users["resident"]
    assert [r.service for r in services.visible_reports(actor_of(users["partner"]))] == [own]
    assert len(services.visible_reports(actor_of(users["coordinator"]))) == 2
    assert not services.visible_reports(actor_of(users["outsider"])).exists()
    with pytest.raises(ValidationError):
        services.report_outdated(actor_of(users["resident"]), own, "   ")
    with pytest.raises(PermissionDenied):
        services.resolve_report(actor_of(users["volunteer"]), r1)
    services.resolve_report(actor_of(users["partner"]), r1)
    assert not services.visible_reports(actor_of(users["partner"])).exists()


def test_anonymous_report_rate_limited(client, own):
    url = f"/socialmap/report/{own.hsds_id}/"
    assert client.get(url).status_code == 200
    for i in range(services.ANONYMOUS_REPORTS_PER_HOUR):
        assert client.post(url, {"what_is_wrong": f"fout {i}"}).status_code == 200
    resp = client.post(url, {"what_is_wrong": "nog eentje"})
    assert resp.status_code == 200
    assert OutdatedReport.objects.filter(service=own).count() == services.ANONYMOUS_REPORTS_PER_HOUR
    assert (
        OutdatedReport.objects.filter(reported_by__isnull=True).count() == services.ANONYMOUS_REPORTS_PER_HOUR
    )


def test_report_views(users, client_of, own, foreign):
    assert (
        client_of(users["policy"])
        .post(f"/socialmap/services/{own.pk}/report/", {"what_is_wrong": "Gesloten"})
        .status_code
        == 302
    )
    report = OutdatedReport.objects.get()
    assert "Gesloten" in client_of(users["partner"]).get("/socialmap/reports/").content.decode()
    assert client_of(users["volunteer"]).get("/socialmap/reports/").status_code == 403
    assert client_of(users["volunteer"]).post(f"/socialmap/reports/{report.pk}/resolve/").status_code == 403
    assert client_of(users["partner"]).post(f"/socialmap/reports/{report.pk}/resolve/").status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == users["partner"]


def test_pages_render(users, client_of, organisation, own, other_org):
    services.report_outdated(
        Actor(user=None, network=organisation.network, ip="10.0.0.1", _roles=[]), own, "Adres fout"
    )
    services.request_claim(
        Actor(
            user=users["professional"],
            network=organisation.network,
            person=users["professional"].persons.first(),
        ),
        other_org,
    )
    coord, partner = client_of(users["coordinator"]), client_of(users["partner"])
    for client, url in [
        (coord, f"/socialmap/organisations/{organisation.pk}/"),
        (coord, f"/socialmap/services/{own.pk}/edit/"),
        (coord, f"/socialmap/organisations/{organisation.pk}/services/new/"),
        (coord, "/socialmap/open-referral/"),
        (coord, "/socialmap/claims/"),
        (partner, "/"),
        (partner, f"/socialmap/services/{own.pk}/"),
        (partner, f"/socialmap/organisations/{organisation.pk}/edit/"),
        (partner, "/socialmap/reports/"),
        (client_of(users["professional"]), f"/socialmap/organisations/{other_org.pk}/claim/"),
    ]:
        resp = client.get(url)
        assert resp.status_code == 200, url
    assert "Adres fout" in partner.get(f"/socialmap/services/{own.pk}/").content.decode()
    home = partner.get("/").content.decode()
    assert f"/socialmap/organisations/{organisation.pk}/" in home


def test_person_export_and_erasure(users, actor_of, own, other_org):
    resident = actor_of(users["resident"])
    services.report_outdated(resident, own, "Nieuw telefoonnummer")
    services.request_claim(actor_of(users["professional"]), other_org, "Ik werk er")
    exported = services.export_person(resident.person)
    assert exported["socialmap_reports"][0]["what_is_wrong"] == "Nieuw telefoonnummer"
    services.erase_person(resident.person)
    services.erase_person(actor_of(users["professional"]).person)
    report = OutdatedReport.objects.get()
    assert report.reported_by is None and report.what_is_wrong == "Nieuw telefoonnummer"
    assert EditorClaim.objects.get().motivation == ""


def test_organisation_list_and_create(users, client_of, organisation, own, django_assert_max_num_queries):
    from zorgzaam.organisations.models import Organisation
    from zorgzaam.socialmap.models import OrganisationProfile

    vol = client_of(users["volunteer"])
    with django_assert_max_num_queries(12):
        body = vol.get("/socialmap/organisations/").content.decode()
    assert organisation.name in body
    assert vol.get("/socialmap/organisations/new/").status_code == 403
    assert (
        client_of(users["partner"])
        .post("/socialmap/organisations/new/", {"name": "X", "kind": "other"})
        .status_code
        == 403
    )
    coord = client_of(users["coordinator"])
    resp = coord.post("/socialmap/organisations/new/", {"name": "Repair café", "kind": "association"})
    assert resp.status_code == 302
    created = Organisation.objects.get(name="Repair café")
    assert OrganisationProfile.objects.filter(organisation=created).exists()
    # The same name twice in one network is refused and nothing is added.
    resp = coord.post("/socialmap/organisations/new/", {"name": "Repair café", "kind": "association"})
    assert resp.status_code == 200 and Organisation.objects.filter(name="Repair café").count() == 1
    assert (
        client_of(users["outsider"]).get("/socialmap/organisations/").content.decode().count("Repair café")
        == 0
    )
