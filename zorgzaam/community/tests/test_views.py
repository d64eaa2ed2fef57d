import datetime as dt
import json

import pytest
from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.community.models import Activity, Attendance, Invitation, Place, Registration
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(make_activity, make_person, network, areas):
    acts = [make_activity(title=f"Activiteit {i}", rrule="FREQ=WEEKLY", capacity=5) for i in range(4)]
    for occ in acts[0].occurrences.all()[:3]:
        for _ in range(3):
            Registration.objects.create(occurrence=occ, person=make_person(network), status="registered")
    return acts


@pytest.mark.parametrize("role", ["coordinator", "professional", "volunteer", "resident", "partner"])
def test_pages_open_for_members(programme, place, users, client_of, role, django_assert_max_num_queries):
    c = client_of(users[role])
    occ = programme[0].occurrences.first()
    for url, limit in (
        ("/community/activities/", 25),
        ("/community/places/", 20),
        (f"/community/places/{place.pk}/", 20),
        (f"/community/activities/{programme[0].pk}/", 25),
        (f"/community/occurrences/{occ.pk}/", 30),
        ("/", 40),
    ):
        with django_assert_max_num_queries(limit):
            resp = c.get(url)
        assert resp.status_code == 200, url


def test_participant_names_only_for_managers(programme, users, client_of):
    occ = programme[0].occurrences.first()
    name = occ.registrations.first().person.first_name
    assert name in client_of(users["coordinator"]).get(f"/community/occurrences/{occ.pk}/").content.decode()
    assert name not in client_of(users["resident"]).get(f"/community/occurrences/{occ.pk}/").content.decode()


def test_outsider_gets_403(programme, place, users, client_of):
    c = client_of(users["outsider"])
    occ = programme[0].occurrences.first()
    assert c.get(f"/community/occurrences/{occ.pk}/").status_code == 403
    assert c.get(f"/community/places/{place.pk}/").status_code == 403
    assert c.post(f"/community/occurrences/{occ.pk}/register/").status_code == 403
    assert not Registration.objects.filter(person__user=users["outsider"]).exists()


def test_htmx_register_and_cancel(occurrence, users, client_of):
    c = client_of(users["resident"])
    resp = c.post(f"/community/occurrences/{occurrence.pk}/register/", HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and "<html" not in resp.content.decode()
    reg = Registration.objects.get(occurrence=occurrence, person__user=users["resident"])
    assert reg.status == "registered" and not reg.on_behalf
    resp = c.post(f"/community/registrations/{reg.pk}/cancel/", HTTP_HX_REQUEST="true")
    reg.refresh_from_db()
    assert reg.status == "cancelled"


def test_staff_register_form_and_bad_input(occurrence, users, client_of, make_person, network, areas):
    person = make_person(network, area=areas["north"])
    c = client_of(users["coordinator"])
    c.post(f"/community/occurrences/{occurrence.pk}/register/", {"person": person.pk})
    assert Registration.objects.get(person=person).on_behalf
    resp = c.post(
        f"/community/occurrences/{occurrence.pk}/register/", {"person": 999999}, HTTP_HX_REQUEST="true"
    )
    assert resp.status_code == 200 and Registration.objects.count() == 1


def test_attendance_and_head_count_views(past_occurrence, users, client_of, make_person, network):
    person = make_person(network)
    c = client_of(users["coordinator"])
    c.post(f"/community/occurrences/{past_occurrence.pk}/attendance/", {"person": person.pk, "present": "1"})
    c.post(f"/community/occurrences/{past_occurrence.pk}/head-count/", {"head_count": "4"})
    c.post(f"/community/occurrences/{past_occurrence.pk}/head-count/", {"head_count": "-3"})
    assert Attendance.objects.filter(person=person).exists()
    past_occurrence.refresh_from_db()
    assert past_occurrence.head_count == 4
    resident = client_of(users["resident"])
    assert (
        resident.post(
            f"/community/occurrences/{past_occurrence.pk}/head-count/", {"head_count": "9"}
        ).status_code
        == 403
    )


def test_activity_form_bad_rule_changes_nothing(users, client_of, place, areas):
    c = client_of(users["coordinator"])
    data = {
        "title": "Nieuw",
        "place": place.pk,
        "area": areas["north"].pk,
        "start_date": "2026-12-01",
        "start_time": "10:00",
        "duration_minutes": 60,
        "rrule": "FREQ=MINUTELY",
        "public": "True",  # an explicit choice now (issue 13 item 5)
        "active": "on",
    }
    resp = c.post("/community/activities/new/", data)
    assert resp.status_code == 200 and not Activity.objects.exists()
    data["rrule"] = "FREQ=WEEKLY;BYDAY=TU"
    resp = c.post("/community/activities/new/", data)
    assert resp.status_code == 302 and Activity.objects.get().occurrences.exists()
    assert client_of(users["resident"]).get("/community/activities/new/").status_code == 403


def test_place_form(users, client_of, areas):
    c = client_of(users["coordinator"])
    base = {"name": "Soepkar", "kind": "cart", "mobile": "on", "accessibility": ["seating"]}
    resp = c.post("/community/places/new/", {**base, "route": "elf uur; Kerkplein"})
    assert resp.status_code == 200 and not Place.objects.exists()
    resp = c.post("/community/places/new/", {**base, "route": "11:00; Kerkplein; 50.9; 4.0"})
    assert resp.status_code == 302 and Place.objects.get().stops.count() == 1


def test_invitation_pages(users, client_of, make_person, network, areas, django_assert_max_num_queries):
    year = timezone.localdate().year
    people = [make_person(network, birth_year=year - 85, area=areas["north"]) for _ in range(5)]
    for p in people:
        Consent.objects.create(person=p, purpose="contact", granted=True, channel="paper")
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(20):
        html = c.get("/community/invitations/").content.decode()
    assert all(p.full_name in html for p in people)
    vol = users["volunteer"].persons.get()
    c.post(
        "/community/invitations/new/",
        {"persons": [p.pk for p in people], "channel": "letter", "assigned_to": vol.pk},
    )
    assert Invitation.objects.count() == 5
    pdf = c.get("/community/invitations/letters.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    from .pdfutil import page_count

    assert page_count(pdf.content) == 5
    volunteer = client_of(users["volunteer"])
    with django_assert_max_num_queries(20):
        vol_html = volunteer.get("/community/invitations/").content.decode()
    # Volunteers get the first name and the address, not the full name.
    assert people[0].first_name in vol_html and people[0].full_name not in vol_html
    assert client_of(users["volunteer"]).get("/community/invitations/letters.pdf").status_code == 403
    assert client_of(users["resident"]).get("/community/invitations/").status_code == 403
    inv = Invitation.objects.first()
    client_of(users["volunteer"]).post(f"/community/invitations/{inv.pk}/", {"outcome": "came"})
    inv.refresh_from_db()
    assert inv.outcome == "came"


def test_api(occurrence, past_occurrence, users, client_of, make_person, network, areas):
    res = client_of(users["resident"])
    r = res.get("/api/community/occurrences")
    assert r.status_code == 200 and any(o["id"] == occurrence.pk for o in r.json())
    r = res.post(
        f"/api/community/occurrences/{occurrence.pk}/registrations",
        json.dumps({}),
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "registered"
    r = res.post(
        f"/api/community/occurrences/{occurrence.pk}/registrations",
        json.dumps({}),
        content_type="application/json",
    )
    assert r.status_code == 422
    other = make_person(network, area=areas["north"])
    r = res.post(
        f"/api/community/occurrences/{occurrence.pk}/registrations",
        json.dumps({"person_id": other.pk}),
        content_type="application/json",
    )
    assert r.status_code == 403
    assert res.get(f"/api/community/occurrences/{occurrence.pk}/registrations").status_code == 403
    coord = client_of(users["coordinator"])
    assert len(coord.get(f"/api/community/occurrences/{occurrence.pk}/registrations").json()) == 1
    r = coord.post(
        f"/api/community/occurrences/{past_occurrence.pk}/attendance",
        json.dumps({"person_id": other.pk, "head_count": 3}),
        content_type="application/json",
    )
    assert r.json() == {"named": 1, "anonymous": 3, "total": 4}
    r = coord.post(
        f"/api/community/occurrences/{past_occurrence.pk}/evaluations",
        json.dumps({"score": 9}),
        content_type="application/json",
    )
    assert r.status_code == 422
    r = coord.post(
        f"/api/community/occurrences/{past_occurrence.pk}/evaluations",
        json.dumps({"score": 5}),
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["count"] == 1
    reg = Registration.objects.get(person__user=users["resident"])
    assert res.post(f"/api/community/registrations/{reg.pk}/cancel").json()["status"] == "cancelled"
    outsider = client_of(users["outsider"])
    assert outsider.get("/api/community/places?network=testgem").json() == []
    assert (
        outsider.get(f"/api/community/occurrences/{occurrence.pk}/registrations?network=testgem").status_code
        == 403
    )
    r = coord.post(
        "/api/community/activities",
        json.dumps(
            {
                "title": "API",
                "start_date": "2026-12-01",
                "start_time": "10:00",
                "rrule": "FREQ=YEARLY;BYDAY=ZZ",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 422 and not Activity.objects.filter(title="API").exists()
    assert res.get("/api/community/places").status_code == 200
    assert services.is_member(Actor(user=None, network=network)) is False


def test_person_panel_export_and_erasure(occurrence, users, client_of, actor_of, make_person, network, areas):
    person = make_person(network, area=areas["north"])
    services.register(actor_of(users["coordinator"]), occurrence, person)
    Consent.objects.create(person=person, purpose="contact", granted=True, channel="paper")
    services.create_invitations(actor_of(users["coordinator"]), [person], channel="phone")
    Invitation.objects.update(note="belt liever 's avonds")
    html = client_of(users["coordinator"]).get(f"/people/{person.pk}/").content.decode()
    assert "Koffieklets" in html
    from zorgzaam.core.registry import collect_person_exports, run_erasure_hooks

    data = collect_person_exports(person)
    assert data["community_registrations"][0]["activity"] == "Koffieklets"
    run_erasure_hooks(person)
    assert Invitation.objects.get().note == ""
    assert timezone.now() - dt.timedelta(minutes=5) < Registration.objects.get().created_at


def test_home_panel_lists_my_registrations(occurrence, users, client_of, actor_of):
    c = client_of(users["resident"])
    assert "Koffieklets" in c.get("/").content.decode()  # upcoming activities
    services.register(actor_of(users["resident"]), occurrence)
    html = c.get("/").content.decode()
    assert f"/community/occurrences/{occurrence.pk}/" in html and "Mijn inschrijvingen" in html


def test_move_and_cancel_date_views(occurrence, users, client_of):
    c = client_of(users["coordinator"])
    new = timezone.localtime(occurrence.starts_at + dt.timedelta(days=1))
    c.post(f"/community/occurrences/{occurrence.pk}/move/", {"starts_at": "yesterday"})
    occurrence.refresh_from_db()
    assert not occurrence.moved
    c.post(f"/community/occurrences/{occurrence.pk}/move/", {"starts_at": new.strftime("%Y-%m-%dT%H:%M")})
    occurrence.refresh_from_db()
    assert occurrence.moved and occurrence.starts_at == new
    assert (
        client_of(users["resident"]).post(f"/community/occurrences/{occurrence.pk}/cancel/").status_code
        == 403
    )
    c.post(f"/community/occurrences/{occurrence.pk}/cancel/")
    occurrence.refresh_from_db()
    assert occurrence.cancelled


def test_evaluation_view(past_occurrence, users, client_of):
    from zorgzaam.community.models import Evaluation

    Registration.objects.create(
        occurrence=past_occurrence, person=users["resident"].persons.get(), status="registered"
    )
    c = client_of(users["resident"])
    assert "☹️" in c.get(f"/community/occurrences/{past_occurrence.pk}/").content.decode()
    c.post(f"/community/occurrences/{past_occurrence.pk}/evaluate/", {"score": "7"}, HTTP_HX_REQUEST="true")
    assert not Evaluation.objects.exists()
    c.post(f"/community/occurrences/{past_occurrence.pk}/evaluate/", {"score": "5", "comment": "Top"})
    assert list(Evaluation.objects.values_list("score", "comment", "by_organiser")) == [(5, "Top", False)]
    other = client_of(users["volunteer"])
    other.post(f"/community/occurrences/{past_occurrence.pk}/evaluate/", {"score": "1"})
    assert Evaluation.objects.count() == 1


def test_api_create_place(users, client_of, areas):
    body = {
        "name": "Soepkar",
        "kind": "cart",
        "mobile": True,
        "accessibility": ["seating"],
        "route": [{"time": "11:00", "name": "Kerkplein", "latitude": 50.9, "longitude": 4.0}],
    }
    coord = client_of(users["coordinator"])
    r = coord.post(
        "/api/community/places",
        json.dumps({**body, "accessibility": ["lift"]}),
        content_type="application/json",
    )
    assert r.status_code == 422 and not Place.objects.exists()
    r = coord.post("/api/community/places", json.dumps(body), content_type="application/json")
    assert r.status_code == 201 and Place.objects.get().stops.count() == 1
    r = client_of(users["resident"]).post(
        "/api/community/places", json.dumps(body), content_type="application/json"
    )
    assert r.status_code == 403 and Place.objects.count() == 1


def test_occurrence_on_the_move_shows_the_route(make_activity, users, client_of, network):
    from zorgzaam.community.models import RouteStop

    cart = Place.objects.create(network=network, name="Soepkar", kind="cart", mobile=True)
    RouteStop.objects.create(place=cart, order=1, name="Kerkplein", time=dt.time(11))
    occ = make_activity(place=cart).occurrences.get()
    html = client_of(users["resident"]).get(f"/community/occurrences/{occ.pk}/").content.decode()
    assert "Kerkplein" in html and "11:00" in html
