"""Volunteers pick work themselves (issue 13 item 3): staff open a request, a screened volunteer with room
under their cap sees it (first name, no address) and takes it; the page and the API refuse the same."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from zorgzaam.audit.models import Event
from zorgzaam.care import open_tasks, services
from zorgzaam.care.models import Match, Request
from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.notifications.models import Notification
from zorgzaam.people.models import Role, RoleAssignment
from zorgzaam.volunteers.models import SafeguardingRecord, VolunteerProfile

pytestmark = pytest.mark.django_db
API = "/api/care"
SECRET_STREET = "Geheimstraat"
SECRET_LAST = "Verborgen"


def screen(person):
    day = datetime.date.today() - datetime.timedelta(days=10)
    for kind in ("criminal_record", "insurance"):
        SafeguardingRecord.objects.create(person=person, kind=kind, issued_on=day)


@pytest.fixture
def coord(users, actor_of):
    return actor_of(users["coordinator"])


@pytest.fixture
def vol(users, actor_of, helper):
    screen(helper)
    return actor_of(users["volunteer"])


@pytest.fixture
def make_open(coord, network, areas, make_person, themes):
    def make(open_=True, area="north", **person):
        person.setdefault("last_name", SECRET_LAST)
        p = make_person(network, area=areas[area], street=SECRET_STREET, house_number="7", **person)
        req = services.triage(coord, services.create_request(coord, person=p, description="Boodschappen"))
        Request.objects.filter(pk=req.pk).update(area=areas[area])
        if open_:
            open_tasks.set_open_to_volunteers(coord, req, True)
        req.refresh_from_db()
        return req

    return make


# --- staff opt in --------------------------------------------------------------------------------------


def test_off_by_default_and_staff_opt_in_is_audited_and_on_the_timeline(coord, make_open):
    req = make_open(open_=False)
    assert req.open_to_volunteers is False
    open_tasks.set_open_to_volunteers(coord, req, True)
    req.refresh_from_db()
    assert req.open_to_volunteers
    event = Event.objects.filter(kind="care.open_to_volunteers_changed").get()
    assert event.data == {"open": True}
    assert req.timeline.filter(kind="care.opened_to_volunteers").exists()


def test_who_may_open_a_request(users, actor_of, make_open):
    req = make_open(open_=False)
    assert open_tasks.set_open_to_volunteers(actor_of(users["professional"]), req, True).open_to_volunteers
    for role in ("volunteer", "resident", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            open_tasks.set_open_to_volunteers(actor_of(users[role]), req, False)


def test_the_request_page_asks_an_explicit_choice_and_saves_it(users, client_of, make_open):
    req = make_open(open_=False)
    c = client_of(users["coordinator"])
    html = c.get(f"/care/requests/{req.pk}/").content.decode()
    assert 'name="open_to_volunteers" value="yes" required>' in html  # "yes" never pre-selected
    assert c.post(f"/care/requests/{req.pk}/open/", {}).status_code == 302  # no answer: nothing changes
    req.refresh_from_db()
    assert not req.open_to_volunteers
    c.post(f"/care/requests/{req.pk}/open/", {"open_to_volunteers": "yes"})
    req.refresh_from_db()
    assert req.open_to_volunteers
    refused = client_of(users["volunteer"]).post(
        f"/care/requests/{req.pk}/open/", {"open_to_volunteers": "no"}
    )
    assert refused.status_code == 403
    req.refresh_from_db()
    assert req.open_to_volunteers


# --- the open list ---------------------------------------------------------------------------------------


def test_only_opted_in_unmatched_requests_of_the_network(vol, coord, helper, make_open, make_person, network):
    shown = make_open(first_name="Anna")
    make_open(open_=False, first_name="Bert")
    matched = make_open(first_name="Carl")
    services.propose_match(coord, matched, make_person(network))
    items, reason = open_tasks.open_tasks(vol)
    assert reason == "" and [t["id"] for t in items] == [shown.pk]
    assert items[0] == {"id": shown.pk, "first_name": "Anna", "description": "Boodschappen", "themes": []}


def test_a_volunteer_bound_to_an_area_sees_only_that_area(vol, users, actor_of, helper, areas, make_open):
    RoleAssignment.objects.filter(person=helper, role=Role.VOLUNTEER).update(area=areas["south"])
    south = make_open(area="south")
    north = make_open(area="north")
    actor = actor_of(users["volunteer"])
    assert [t["id"] for t in open_tasks.open_tasks(actor)[0]] == [south.pk]
    with pytest.raises(PermissionDenied):
        open_tasks.offer_to_take(actor, north)


def test_unscreened_volunteer_sees_nothing_and_is_refused(users, actor_of, make_open):
    req = make_open()
    actor = actor_of(users["volunteer"])  # no extract, no insurance
    with translation.override("en"):
        items, reason = open_tasks.open_tasks(actor)
    assert items == [] and "extract" in reason
    with pytest.raises(ValidationError):
        open_tasks.offer_to_take(actor, req)
    assert not Match.objects.exists()


def test_a_volunteer_at_their_cap_sees_nothing_and_is_refused(vol, coord, helper, make_open):
    VolunteerProfile.objects.create(person=helper, max_active_tasks=1)
    services.propose_match(coord, make_open(open_=False), helper)
    req = make_open()
    items, reason = open_tasks.open_tasks(vol)
    assert items == [] and reason
    with pytest.raises(ValidationError):
        open_tasks.offer_to_take(vol, req)
    assert not req.matches.exists()


def test_other_roles_have_no_open_list(users, actor_of, make_open):
    req = make_open()
    for role in ("coordinator", "professional", "resident", "partner", "policy", "outsider"):
        actor = actor_of(users[role])
        assert not open_tasks.may_pick(actor)
        with pytest.raises(PermissionDenied):
            open_tasks.open_tasks(actor)
        with pytest.raises(PermissionDenied):
            open_tasks.offer_to_take(actor, req)


def test_the_page_and_the_api_show_no_address_or_last_name(vol, users, client_of, make_open):
    make_open(first_name="Anna")
    c = client_of(users["volunteer"])
    html = c.get("/care/open/").content.decode()
    assert "Anna" in html and "Boodschappen" in html
    body = c.get(f"{API}/open-tasks").content.decode()
    assert "Anna" in body
    for secret in (SECRET_STREET, SECRET_LAST):
        assert secret not in html and secret not in body


# --- taking a task -----------------------------------------------------------------------------------------


def test_taking_a_task_accepts_it_tells_the_coordinator_and_audits(vol, coord, users, helper, make_open):
    req = make_open()
    match = open_tasks.offer_to_take(vol, req)
    assert (match.helper_id, match.state, match.request_id) == (helper.pk, Match.State.ACCEPTED, req.pk)
    req.refresh_from_db()
    assert req.status == Request.Status.MATCHED
    assert Notification.objects.filter(recipient=users["coordinator"], kind="care.task_offered").exists()
    assert Event.objects.filter(kind="care.task_offered", data__helper=helper.pk).exists()
    assert req.timeline.filter(kind="care.helper_took").exists()
    # now it is the volunteer's task: with the address, and off the open list
    view = services.task_view(services.get_task(vol, match.pk))
    assert view["address"] and SECRET_STREET in view["address"]
    assert open_tasks.open_tasks(vol)[0] == []
    # staff can undo it like any task: the request is open for picking again
    services.cancel_match(coord, match)
    assert [t["id"] for t in open_tasks.open_tasks(vol)[0]] == [req.pk]


def test_already_taken_is_refused(vol, users, make_user, network, actor_of, make_open):
    req = make_open()
    other = make_user(network, "volunteer", username="vol2")
    screen(other.persons.get())
    open_tasks.offer_to_take(actor_of(other), req)
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        open_tasks.offer_to_take(vol, req)
    assert "already took" in str(exc.value)
    assert Match.objects.filter(request=req, state__in=Match.ACTIVE).count() == 1


def test_the_database_refuses_a_second_active_match(vol, make_open, helper, monkeypatch):
    """The race behind the locks: even when the checks pass, the constraint lets only one in."""
    req = make_open()
    Match.objects.create(request=req, helper=helper, state=Match.State.PROPOSED)
    monkeypatch.setattr(open_tasks, "_open_requests", lambda actor, person: Request.objects.all())
    with pytest.raises(ValidationError):
        open_tasks.offer_to_take(vol, req)
    assert Match.objects.filter(request=req).count() == 1


def test_a_request_not_opted_in_is_refused_like_an_unknown_one(vol, make_open):
    with pytest.raises(PermissionDenied):
        open_tasks.offer_to_take(vol, make_open(open_=False))


# --- page and API refuse the same ----------------------------------------------------------------------


def _refusals(users, actor_of, make_user, network, coord, make_open):
    """(client user, request) -> expected outcome code for the page and the API."""
    ok = make_open()
    closed = make_open(open_=False)
    taken = make_open()
    rival = make_user(network, "volunteer", username="rival")
    screen(rival.persons.get())
    open_tasks.offer_to_take(actor_of(rival), taken)
    unscreened = make_user(network, "volunteer", username="nochecks")
    full = make_user(network, "volunteer", username="full")
    screen(full.persons.get())
    VolunteerProfile.objects.create(person=full.persons.get(), max_active_tasks=1)
    services.propose_match(coord, make_open(open_=False), full.persons.get())
    return [
        (users["volunteer"], closed, "denied"),
        (users["volunteer"], taken, "invalid"),
        (unscreened, ok, "invalid"),
        (full, ok, "invalid"),
        (users["professional"], ok, "denied"),
        (users["outsider"], ok, "denied"),
        (users["volunteer"], ok, "ok"),
    ]


def test_page_and_api_refuse_the_same(vol, users, actor_of, make_user, network, coord, make_open, client_of):
    for user, req, expected in _refusals(users, actor_of, make_user, network, coord, make_open):
        c = client_of(user)
        before = Match.objects.count()
        api = c.post(f"{API}/open-tasks/{req.pk}/take")
        page_status = None
        if expected != "ok":
            page = c.post(f"/care/open/{req.pk}/take/")
            page_status = page.status_code
        got_api = {200: "ok", 403: "denied", 422: "invalid"}.get(api.status_code, api.status_code)
        got_page = {None: "ok", 403: "denied", 302: "invalid"}.get(page_status, page_status)
        assert (got_api, got_page) == (expected, expected), (user.username, req.pk, api.content)
        assert Match.objects.count() == before + (1 if expected == "ok" else 0)
    assert "address" in api.json() and api.json()["address"]


def test_api_list_refuses_other_roles_and_explains_an_empty_list(users, client_of, make_open):
    make_open()
    assert client_of(users["coordinator"]).get(f"{API}/open-tasks").status_code == 403
    assert client_of(users["coordinator"]).get("/care/open/").status_code == 403
    r = client_of(users["volunteer"]).get(f"{API}/open-tasks")  # not screened
    assert r.status_code == 200 and r.json()["items"] == [] and r.json()["reason"]


def test_api_opens_a_request_for_staff_only(users, client_of, make_open):
    req = make_open(open_=False)
    r = client_of(users["volunteer"]).post(
        f"{API}/requests/{req.pk}/open", {"open_to_volunteers": True}, content_type="application/json"
    )
    assert r.status_code == 403
    r = client_of(users["coordinator"]).post(
        f"{API}/requests/{req.pk}/open", {"open_to_volunteers": True}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json() == {"id": req.pk, "open_to_volunteers": True}


# --- nav, query counts, languages ----------------------------------------------------------------------


def test_nav_entry_for_volunteers_only(users, client_of):
    assert "/care/open/" in client_of(users["volunteer"]).get("/").content.decode()
    assert "/care/open/" not in client_of(users["coordinator"]).get("/").content.decode()


def test_query_counts_do_not_grow_with_rows(vol, users, client_of, make_open):
    c = client_of(users["volunteer"])

    def rows(n):
        for _ in range(n):
            make_open()

    # session, user, 2FA check, person, roles; the helper spec (6: the matching engine's own load and
    # screening); the open requests with their resident, their themes; page: the menu's 2 counters
    assert_queries_per_page([(c, "/care/open/", 15), (c, f"{API}/open-tasks", 13)], rows)


@pytest.mark.parametrize(
    "lang,title,take",
    [
        ("nl", "Open taken", "Ik neem dit op"),
        ("fr", "Tâches ouvertes", "Je m'en occupe"),
        ("en", "Open tasks", "I'll take this"),
    ],
)
def test_the_page_in_three_languages(vol, users, client_of, make_open, lang, title, take):
    make_open()
    html = client_of(users["volunteer"]).get("/care/open/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    text = unescape(html)
    assert title in text and take in text


def test_texts_in_three_languages(make_open):
    for lang, needle in (("nl", "zelf"), ("fr", "lui-même"), ("en", "themselves")):
        with translation.override(lang):
            from zorgzaam.core.texts import NOTIFICATIONS

            assert needle in NOTIFICATIONS.render("care.task_offered", {"request": 1}).title
