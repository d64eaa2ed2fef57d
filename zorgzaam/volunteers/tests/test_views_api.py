import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from zorgzaam.people.models import Person
from zorgzaam.volunteers import services
from zorgzaam.volunteers.models import (
    HoursEntry,
    Initiative,
    OnboardingProgress,
    SafeguardingRecord,
    VolunteerProfile,
)

TODAY = timezone.localdate()


@pytest.fixture
def vol(users):
    p = Person.objects.get(user=users["volunteer"])
    VolunteerProfile.objects.create(person=p)
    return p


@pytest.fixture
def south_vol(network, areas, make_person):
    p = make_person(network, area=areas["south"])
    VolunteerProfile.objects.create(person=p)
    return p


@pytest.mark.parametrize(
    "role,status",
    [
        ("coordinator", 200),
        ("professional", 200),
        ("volunteer", 302),
        ("resident", 403),
        ("partner", 403),
        ("policy", 403),
        ("outsider", 200),  # their own network's list
    ],
)
def test_list_matrix(users, client_of, vol, role, status):
    r = client_of(users[role]).get("/volunteers/")
    assert r.status_code == status
    assert (vol.full_name in r.content.decode()) == (role in ("coordinator",))


@pytest.mark.parametrize(
    "role,status",
    [
        ("coordinator", 200),
        ("professional", 403),
        ("volunteer", 403),
        ("resident", 403),
        ("partner", 403),
        ("policy", 403),
        ("outsider", 403),
    ],
)
def test_detail_matrix_south(users, client_of, south_vol, role, status):
    assert client_of(users[role]).get(f"/volunteers/{south_vol.pk}/").status_code == status


def test_volunteer_sees_own_page_and_logs_hours(users, client_of, vol):
    c = client_of(users["volunteer"])
    assert c.get("/volunteers/me/").status_code == 200
    r = c.post(
        f"/volunteers/{vol.pk}/hours/", {"date": TODAY.isoformat(), "hours": "1.5", "activity": "Koffieklets"}
    )
    assert r.status_code == 302
    r = c.post(f"/volunteers/{vol.pk}/hours/", {"date": TODAY.isoformat(), "hours": "30", "activity": "x"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert HoursEntry.objects.count() == 1
    # reading safeguarding is fine, adding is not
    assert c.get(f"/volunteers/{vol.pk}/safeguarding/").status_code == 403
    home = c.get("/").content.decode()
    assert "1,5" in home


def test_htmx_toggle_step(users, client_of, network, vol):
    step = services.ensure_default_steps(network)[0]
    c = client_of(users["coordinator"])
    r = c.post(f"/volunteers/{vol.pk}/steps/{step.pk}/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'id="onboarding"' in r.content.decode()
    assert OnboardingProgress.objects.filter(person=vol, step=step).exists()
    assert (
        client_of(users["volunteer"])
        .post(f"/volunteers/{vol.pk}/steps/{step.pk}/", {"done": "0"})
        .status_code
        == 403
    )
    assert OnboardingProgress.objects.filter(person=vol, step=step).exists()


def test_list_query_count(users, client_of, network, make_person, django_assert_max_num_queries):
    for i in range(15):
        p = make_person(network)
        VolunteerProfile.objects.create(person=p)
        SafeguardingRecord.objects.create(
            person=p, kind="criminal_record", issued_on=TODAY, valid_until=TODAY + dt.timedelta(days=20 + i)
        )
    c = client_of(users["coordinator"])
    c.get("/volunteers/")
    with django_assert_max_num_queries(14):
        r = c.get("/volunteers/")
    assert r.content.decode().count("/volunteers/") >= 15
    with django_assert_max_num_queries(14):
        assert len(c.get("/api/volunteers/volunteers").json()) == 15 + 1  # and the fixture volunteer


def test_coordinator_home_panel_lists_expiring(users, client_of, vol):
    SafeguardingRecord.objects.create(
        person=vol, kind="criminal_record", issued_on=TODAY, valid_until=TODAY + dt.timedelta(days=12)
    )
    page = client_of(users["coordinator"]).get("/").content.decode()
    assert vol.full_name in page
    assert vol.full_name not in client_of(users["partner"]).get("/").content.decode()


def test_page_and_api_read_hours_alike(users, client_of, vol):
    """'1:30' and '1,5' are accepted on the page and by the API; 13 hours refused by both."""
    c = client_of(users["volunteer"])
    page = c.post(
        f"/volunteers/{vol.pk}/hours/", {"date": TODAY.isoformat(), "hours": "1:30", "activity": "x"}
    )
    api = c.post(
        f"/api/volunteers/volunteers/{vol.pk}/hours",
        json.dumps({"date": TODAY.isoformat(), "hours": "1,5", "activity": "y"}),
        content_type="application/json",
    )
    assert page.status_code == 302 and api.status_code == 201
    assert sorted(HoursEntry.objects.values_list("hours", flat=True)) == [Decimal("1.5"), Decimal("1.5")]
    page = c.post(f"/volunteers/{vol.pk}/hours/", {"date": TODAY.isoformat(), "hours": "13", "activity": "x"})
    api = c.post(
        f"/api/volunteers/volunteers/{vol.pk}/hours",
        json.dumps({"date": TODAY.isoformat(), "hours": 13, "activity": "y"}),
        content_type="application/json",
    )
    assert page.status_code == 200 and "12" in page.content.decode() and api.status_code == 422
    assert HoursEntry.objects.count() == 2


def test_api_hours_and_totals(users, client_of, vol):
    c = client_of(users["volunteer"])
    r = c.post(
        f"/api/volunteers/volunteers/{vol.pk}/hours",
        json.dumps({"date": TODAY.isoformat(), "hours": "2.25", "activity": "Digibuddy"}),
        content_type="application/json",
    )
    assert r.status_code == 201
    totals = c.get(f"/api/volunteers/volunteers/{vol.pk}/totals").json()
    assert totals["total"] == "2.25" or float(totals["total"]) == 2.25
    bad = json.dumps({"date": TODAY.isoformat(), "hours": "-1", "activity": "x"})
    assert (
        c.post(f"/api/volunteers/volunteers/{vol.pk}/hours", bad, content_type="application/json").status_code
        == 422
    )
    assert HoursEntry.objects.count() == 1
    for role in ("resident", "partner", "policy", "outsider"):
        r = client_of(users[role]).post(
            f"/api/volunteers/volunteers/{vol.pk}/hours",
            json.dumps({"date": TODAY.isoformat(), "hours": "1", "activity": "x"}),
            content_type="application/json",
        )
        assert r.status_code == 403
    assert HoursEntry.objects.count() == 1


def test_api_initiatives(users, client_of):
    rc = client_of(users["resident"])
    r = rc.post(
        "/api/volunteers/initiatives", json.dumps({"title": "Buurtsoep"}), content_type="application/json"
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    coord = client_of(users["coordinator"])
    assert (
        coord.patch(
            f"/api/volunteers/initiatives/{pk}",
            json.dumps({"title": "Ons project"}),
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        coord.post(
            f"/api/volunteers/initiatives/{pk}/support",
            json.dumps({"description": "Zaal"}),
            content_type="application/json",
        ).status_code
        == 201
    )
    assert (
        rc.patch(
            f"/api/volunteers/initiatives/{pk}",
            json.dumps({"status": "running"}),
            content_type="application/json",
        ).status_code
        == 200
    )
    assert (
        rc.patch(
            f"/api/volunteers/initiatives/{pk}",
            json.dumps({"status": "bogus"}),
            content_type="application/json",
        ).status_code
        == 422
    )
    assert client_of(users["outsider"]).get(f"/api/volunteers/initiatives/{pk}").status_code == 403
    ini = Initiative.objects.get(pk=pk)
    assert ini.title == "Buurtsoep" and ini.status == "running"


def test_initiative_pages(users, client_of):
    rc = client_of(users["resident"])
    r = rc.post(
        "/volunteers/initiatives/new/",
        {"title": "Moestuin", "status": "idea", "description": "", "support_asked": "Gereedschap"},
    )
    ini = Initiative.objects.get()
    assert r.status_code == 302
    assert rc.get(f"/volunteers/initiatives/{ini.pk}/edit/").status_code == 200
    assert client_of(users["coordinator"]).get(f"/volunteers/initiatives/{ini.pk}/edit/").status_code == 403
    assert client_of(users["coordinator"]).get(f"/volunteers/initiatives/{ini.pk}/").status_code == 200
    r = rc.post("/volunteers/initiatives/new/", {"title": "", "status": "idea"})
    assert r.status_code == 200 and Initiative.objects.count() == 1


@pytest.mark.parametrize(
    "role,status",
    [
        ("coordinator", 200),
        ("policy", 200),
        ("professional", 403),
        ("volunteer", 403),
        ("resident", 403),
        ("outsider", 200),
    ],
)
def test_figures_matrix(users, client_of, vol, role, status):
    # the outsider coordinates another network: they get that network's figures, never ours
    assert client_of(users[role]).get("/volunteers/figures/").status_code == status


def test_person_panel_offers_a_volunteer_profile(users, client_of, network, make_person):
    p = make_person(network)
    c = client_of(users["coordinator"])
    assert f"/volunteers/{p.pk}/profile/" in c.get(f"/people/{p.pk}/").content.decode()
    r = c.post(f"/volunteers/{p.pk}/profile/", {"max_active_tasks": "2", "max_distance_km": "2.5"})
    assert r.status_code == 302 and VolunteerProfile.objects.get(person=p).max_active_tasks == 2
    r = c.post(f"/volunteers/{p.pk}/profile/", {"max_active_tasks": "99", "max_distance_km": "2.5"})
    assert r.status_code == 200 and VolunteerProfile.objects.get(person=p).max_active_tasks == 2


def test_initiative_edit_by_owner_only(users, client_of):
    from zorgzaam.people.actor import build_actor

    ini = services.start_initiative(build_actor(users["resident"]), title="Buurtfeest")
    data = {"title": "Buurtfeest 2.0", "status": "running", "description": "", "support_asked": ""}
    assert (
        client_of(users["coordinator"]).post(f"/volunteers/initiatives/{ini.pk}/edit/", data).status_code
        == 403
    )
    assert Initiative.objects.get(pk=ini.pk).title == "Buurtfeest"
    assert (
        client_of(users["resident"]).post(f"/volunteers/initiatives/{ini.pk}/edit/", data).status_code == 302
    )
    assert Initiative.objects.get(pk=ini.pk).status == "running"
    r = client_of(users["coordinator"]).post(
        f"/volunteers/initiatives/{ini.pk}/support/", {"description": "Affiches gedrukt"}
    )
    assert r.status_code == 302 and ini.support_given.count() == 1


def test_thank_view(users, client_of, vol):
    from zorgzaam.volunteers.models import ThankYou

    r = client_of(users["resident"]).post(f"/volunteers/{vol.pk}/thank/", {"message": "Merci!"})
    assert r.status_code == 302 and ThankYou.objects.get().to_person == vol
    r = client_of(users["resident"]).post(f"/volunteers/{vol.pk}/thank/", {"message": ""})
    assert ThankYou.objects.count() == 1
    assert (
        client_of(users["outsider"]).post(f"/volunteers/{vol.pk}/thank/", {"message": "x"}).status_code == 404
    )
    assert ThankYou.objects.count() == 1
