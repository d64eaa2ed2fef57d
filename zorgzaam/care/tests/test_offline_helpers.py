"""Offline helpers (issue 13 item 1): staff who cover a request record the helper's steps for them, logged
"X for Y"; the request can then be closed with its outcome, and a refused close keeps what was typed."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from zorgzaam.audit.models import Event
from zorgzaam.care import on_behalf, services
from zorgzaam.care.models import Match
from zorgzaam.core.middleware import SESSION_ON_BEHALF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    # Timeline sentences are stored typed or (older code) in the writer's language: write and read in nl.
    with translation.override("nl"):
        yield


ALLOWED = ["coordinator", "professional"]  # the professional coaches the north area, where the request is
DENIED = ["coach_south", "volunteer", "other_volunteer", "resident", "policy"]


@pytest.fixture
def people(users, coach, network, make_user):
    out = dict(users)
    out["coach_south"] = coach
    out["other_volunteer"] = make_user(network, "volunteer", username="vol2")
    return out


@pytest.fixture
def match(users, actor_of, resident_person, helper, themes):
    coord = actor_of(users["coordinator"])
    req = services.create_request(
        coord, person=resident_person, description="Boodschappen", themes=["health"]
    )
    services.triage(coord, req)
    return services.propose_match(coord, req, helper)


@pytest.mark.parametrize("role", ALLOWED)
def test_staff_covering_the_request_record_every_step_for_the_helper(
    role, people, actor_of, client_of, match, helper
):
    actor = actor_of(people[role])
    assert [s for s, _label in on_behalf.steps_for(actor, match)] == ["accept", "decline", "too_heavy"]
    on_behalf.record_for_helper(actor, match, step="accept", note="Zei ja aan de telefoon")
    on_behalf.record_for_helper(actor, match, step="start")
    m = on_behalf.record_for_helper(actor, match, step="done", rating=3, feedback="Fijn gesprek")
    assert (m.state, m.helper_rating, m.helper_feedback) == ("done", 3, "Fijn gesprek")
    # logged "X for Y": the staff user acted, on behalf of the helper
    events = Event.objects.filter(kind="care.match_changed", object_id=str(match.pk), on_behalf_of=helper)
    assert events.count() == 3
    assert set(events.values_list("actor", flat=True)) == {people[role].pk}
    assert list(match.request.timeline.filter(what="match:accepted").values_list("note", flat=True)) == [
        "Zei ja aan de telefoon"
    ]
    page = (
        client_of(people[role]).get(reverse("care:request_detail", args=[match.request_id])).content.decode()
    )
    with translation.override("nl"):
        for done in ("The helper accepted", "The helper finished the task"):
            assert escape(gettext("For %(name)s: %(text)s") % {"name": "Vol", "text": gettext(done)}) in page
    req = services.close_request(actor, match.request, outcome="solved", outcome_note="Alles geregeld")
    assert (req.status, req.outcome) == ("closed", "solved")


@pytest.mark.parametrize("role", DENIED)
def test_others_may_not_record_for_the_helper(role, people, actor_of, match):
    actor = actor_of(people[role])
    assert on_behalf.steps_for(actor, match) == []
    with pytest.raises(PermissionDenied):
        on_behalf.record_for_helper(actor, match, step="accept")
    assert Match.objects.get(pk=match.pk).state == "proposed"


def test_too_heavy_and_feedback_and_impossible_steps(users, actor_of, match):
    coord = actor_of(users["coordinator"])
    with pytest.raises(ValidationError):
        on_behalf.record_for_helper(coord, match, step="start")  # not accepted yet
    with pytest.raises(ValidationError):
        on_behalf.record_for_helper(coord, match, step="fly")
    on_behalf.record_for_helper(coord, match, step="too_heavy", note="Rug")
    match.refresh_from_db()
    assert (match.state, match.helper_note, match.request.status) == ("too_heavy", "Rug", "triaged")


def test_feedback_after_done_is_recorded_for_the_helper(users, actor_of, match, helper):
    coord = actor_of(users["coordinator"])
    on_behalf.record_for_helper(coord, match, step="accept")
    on_behalf.record_for_helper(coord, match, step="done")
    assert [s for s, _label in on_behalf.steps_for(coord, Match.objects.get(pk=match.pk))] == ["feedback"]
    m = on_behalf.record_for_helper(coord, match, step="feedback", rating=2, feedback="Ging wel")
    assert (m.helper_rating, m.helper_feedback, m.resident_rating) == (2, "Ging wel", None)


def test_page_and_api_record_the_same_and_refuse_the_same(people, client_of, match):
    url = reverse("care:helper_step", args=[match.request_id, match.pk])
    api = f"/api/care/matches/{match.pk}/for-helper"
    for role in DENIED:
        c = client_of(people[role])
        assert c.post(url, {"step": "accept"}).status_code in (403, 404)
        r = c.post(api, {"step": "accept"}, content_type="application/json")
        assert r.status_code in (403, 404)
    assert Match.objects.get(pk=match.pk).state == "proposed"
    c = client_of(people["coordinator"])
    page = c.get(reverse("care:request_detail", args=[match.request_id])).content.decode()
    assert escape(gettext("Record for %(name)s (helper without internet)") % {"name": "Vol"}) in page
    assert 'value="accept"' in page
    r = c.post(url, {"step": "accept", f"m{match.pk}-note": "Telefoon"})
    assert r.status_code == 302
    r = c.post(api, {"step": "start"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    # same refusal of an impossible step
    assert c.post(url, {"step": "accept"}).status_code == 200  # re-rendered with the error
    assert c.post(api, {"step": "accept"}, content_type="application/json").status_code == 422


def test_refused_close_keeps_the_typed_outcome(users, client_of, match):
    c = client_of(users["coordinator"])
    url = reverse("care:request_close", args=[match.request_id])
    r = c.post(url, {"outcome": "solved", "outcome_note": "Mijn lange verslag van het gesprek"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Mijn lange verslag van het gesprek" in html
    with translation.override("nl"):
        assert escape(gettext("Finish or cancel the helper's task first.")) in html
    assert re.search(r'<input[^>]*value="solved"[^>]*checked', html)
    match.request.refresh_from_db()
    assert match.request.status == "matched"


def test_acting_for_the_helper_covers_their_task_pages(users, client_of, match, helper):
    c = client_of(users["coordinator"])
    session = c.session
    session[SESSION_ON_BEHALF] = helper.pk
    session.save()
    assert reverse("care:task_detail", args=[match.pk]) in c.get(reverse("care:tasks")).content.decode()
    r = c.post(reverse("care:task_action", args=[match.pk, "accept"]))
    assert r.status_code == 302
    assert Match.objects.get(pk=match.pk).state == "accepted"
    assert Event.objects.filter(
        kind="care.match_changed", on_behalf_of=helper, actor=users["coordinator"]
    ).exists()


def test_a_volunteer_assistant_does_not_act_as_helper(users, client_of, match, helper, network, make_user):
    """may_assist lets a volunteer act for residents; it does not cover a request they do not manage."""
    assistant = make_user(network, "volunteer", username="assist", may_assist=True)
    c = client_of(assistant)
    session = c.session
    session[SESSION_ON_BEHALF] = helper.pk
    session.save()
    assert c.post(reverse("care:task_action", args=[match.pk, "accept"])).status_code in (403, 404)
    assert Match.objects.get(pk=match.pk).state == "proposed"
