"""Access follows the relationship (issue 9 item 2): a helper reads a task's details only while their
match is active and for a short grace period after finishing it. A declined, cancelled or long-finished
helper sees only "task closed": on the page, the list, the printable list, the home page, the
notifications and the API."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from zorgzaam.care import services
from zorgzaam.care.models import CareSettings, Match

pytestmark = pytest.mark.django_db

SECRET = "Wondzorg na de heupoperatie"
API = "/api/care"


@contextmanager
def later(days: int):
    """Everything that asks the clock runs `days` from now (the session stays valid: 2 weeks)."""
    real_now = timezone.now
    target = real_now() + dt.timedelta(days=days)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: target):
        yield


@pytest.fixture
def coord(users, actor_of):
    return actor_of(users["coordinator"])


@pytest.fixture
def vol(users, actor_of):
    return actor_of(users["volunteer"])


@pytest.fixture
def task(coord, resident_person, helper, themes, users):
    req = services.create_request(
        coord,
        person=resident_person,
        description=SECRET,
        themes=["health"],
        owner=users["professional"].persons.get(),
    )
    services.triage(coord, req)
    return services.propose_match(coord, req, helper)


def _walk(state: str, match: Match, coord, vol, users, actor_of) -> None:
    """Bring the helper's match into `state` the way people do it."""
    if state in ("accepted", "in_progress", "done_recent", "done_long_ago", "too_heavy"):
        services.accept_match(vol, match)
    if state in ("in_progress", "done_recent", "done_long_ago"):
        services.start_match(vol, match)
    if state in ("done_recent", "done_long_ago"):
        services.finish_match(vol, match)
    if state == "declined":
        services.decline_match(vol, match, note="Geen tijd")
    if state == "too_heavy":
        services.decline_match(vol, match, too_heavy=True)
    if state == "cancelled":
        services.cancel_match(coord, match)
    if state == "request_withdrawn":
        services.withdraw_request(actor_of(users["resident"]), match.request)


# Days that pass before the helper looks again.
ALLOWED = {"proposed": 0, "accepted": 0, "in_progress": 0, "done_recent": 6}
DENIED = {"declined": 0, "too_heavy": 0, "cancelled": 0, "request_withdrawn": 0, "done_long_ago": 8}


def _helper_responses(c, match_id: int) -> dict[str, str]:
    """Every page and API answer a helper gets that could carry the task."""
    out = {}
    for name, url in (
        ("page", reverse("care:task_detail", args=[match_id])),
        ("list", reverse("care:tasks")),
        ("print", reverse("care:print")),
        ("home", reverse("core:home")),
        ("notifications", "/notifications/"),
        ("api_list", f"{API}/tasks"),
        ("api_detail", f"{API}/tasks/{match_id}"),
    ):
        r = c.get(url)
        assert r.status_code == 200, (name, r.status_code)
        out[name] = r.content.decode()
    return out


@pytest.mark.parametrize("state", list(ALLOWED))
def test_active_or_recently_finished_helper_reads_the_task(
    state, task, coord, vol, users, actor_of, client_of
):
    _walk(state, task, coord, vol, users, actor_of)
    c = client_of(users["volunteer"])
    with later(ALLOWED[state]):
        seen = _helper_responses(c, task.pk)
    assert SECRET in seen["page"] and SECRET in seen["list"]
    assert SECRET in seen["api_detail"] and SECRET in seen["api_list"]
    body = c.get(f"{API}/tasks/{task.pk}").json()
    assert body["closed"] is False and body["description"] == SECRET


@pytest.mark.parametrize("state", list(DENIED))
def test_declined_cancelled_or_long_finished_helper_sees_only_task_closed(
    state, task, coord, vol, users, actor_of, client_of
):
    _walk(state, task, coord, vol, users, actor_of)
    c = client_of(users["volunteer"])
    with later(DENIED[state]):
        seen = _helper_responses(c, task.pk)
        body = c.get(f"{API}/tasks/{task.pk}").json()
        listed = c.get(f"{API}/tasks").json()
        # an action on the closed task changes nothing and still shows nothing
        before = Match.objects.get(pk=task.pk).state
        r = c.post(f"{API}/tasks/{task.pk}/accept", {}, content_type="application/json")
        assert r.status_code in (403, 422) and SECRET not in r.content.decode()
        r = c.post(reverse("care:task_action", args=[task.pk, "accept"]), follow=True)
        assert SECRET not in r.content.decode()
        assert Match.objects.get(pk=task.pk).state == before
    for name, html in seen.items():
        assert SECRET not in html, name
    with translation.override("nl"):
        assert gettext("Task closed") in seen["page"]
    assert body["closed"] is True
    assert body["description"] == "" and body["themes"] == [] and body["first_name"] == ""
    assert body["address"] is None and body["phone"] is None
    assert [t["closed"] for t in listed] == [True]
    assert all(t["description"] == "" for t in listed)


def test_helper_feedback_only_within_the_grace_period(task, coord, vol, users, actor_of, client_of):
    _walk("done_recent", task, coord, vol, users, actor_of)
    c = client_of(users["volunteer"])
    url = f"{API}/matches/{task.pk}/feedback"
    with later(8):
        r = c.post(url, {"rating": 3, "feedback": "Te laat"}, content_type="application/json")
    assert r.status_code == 403
    task.refresh_from_db()
    assert task.helper_rating is None and task.helper_feedback == ""
    with later(6):
        r = c.post(url, {"rating": 3, "feedback": "Fijn"}, content_type="application/json")
    assert r.status_code == 200
    task.refresh_from_db()
    assert (task.helper_rating, task.helper_feedback) == (3, "Fijn")
    # the resident's side is no helper access: it stays open after the helper's grace period
    with later(30):
        r = client_of(users["resident"]).post(
            url, {"rating": 2, "feedback": "Goed"}, content_type="application/json"
        )
    assert r.status_code == 200


def test_grace_period_is_set_per_network(task, coord, vol, users, actor_of, client_of, network):
    _walk("done_recent", task, coord, vol, users, actor_of)
    c = client_of(users["volunteer"])
    with later(10):
        assert SECRET not in c.get(reverse("care:task_detail", args=[task.pk])).content.decode()
    cc = client_of(users["coordinator"])
    cc.post(reverse("care:settings"), {"reminder_days": "7", "helper_grace_days": "14"})
    assert CareSettings.objects.get(network=network).helper_grace_days == 14
    with later(10):
        assert SECRET in c.get(reverse("care:task_detail", args=[task.pk])).content.decode()
    # 0 days: access ends with the task; out-of-range input changes nothing
    cc.post(reverse("care:settings"), {"reminder_days": "7", "helper_grace_days": "0"})
    assert SECRET not in c.get(reverse("care:task_detail", args=[task.pk])).content.decode()
    for bad in ("-1", "91", "veel"):
        cc.post(reverse("care:settings"), {"reminder_days": "7", "helper_grace_days": bad})
        assert CareSettings.objects.get(network=network).helper_grace_days == 0
    assert (
        client_of(users["volunteer"])
        .post(reverse("care:settings"), {"reminder_days": "7", "helper_grace_days": "60"})
        .status_code
        == 403
    )
    assert CareSettings.objects.get(network=network).helper_grace_days == 0


def test_closed_task_keeps_other_people_out_as_before(task, users, client_of, network, make_user):
    """The grace period opens nothing for anyone else: another volunteer is refused, page and API."""
    other = client_of(make_user(network, "volunteer", username="vol_other"))
    for url in (reverse("care:task_detail", args=[task.pk]), f"{API}/tasks/{task.pk}"):
        r = other.get(url)
        assert r.status_code == 403 and SECRET not in r.content.decode()
