"""After triage the request page says what comes next (issue 13 item 7), derived from the state
machine in services."""

import pytest
from django.utils import translation

from zorgzaam.care import services
from zorgzaam.care.next_steps import STEPS, next_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def req(users, actor_of, make_person, network, areas, themes):
    coord = actor_of(users["coordinator"])
    p = make_person(network, area=areas["north"])
    return coord, services.create_request(coord, person=p, description="boodschappen")


def test_steps_follow_the_state_machine(req, helper):
    coord, r = req
    assert [s.target for s in next_steps(r)] == ["triaged"]
    r = services.triage(coord, r)
    assert [s.target for s in next_steps(r)] == ["matched", "referred", "closed"]
    services.propose_match(coord, r, helper)
    r.refresh_from_db()
    # A helper is asked: no second helper, but refer, start or close.
    assert [s.target for s in next_steps(r, has_active_match=True)] == ["referred", "in_progress", "closed"]


def test_every_step_is_a_transition_the_service_knows():
    allowed = set().union(*services.TRANSITIONS.values())
    assert set(STEPS) <= allowed


def test_page_after_triage_says_what_comes_next(req, users, client_of):
    coord, r = req
    c = client_of(users["coordinator"])
    c.post(f"/care/requests/{r.pk}/triage/", {"urgency": "normal", "owner": "", "note": ""})
    r.refresh_from_db()
    assert r.status == "triaged"
    with translation.override("en"):
        html = c.get(f"/care/requests/{r.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What comes next" in html
    assert f'<a href="/care/requests/{r.pk}/suggestions/">Find a helper among the suggestions</a>' in html
    assert f'href="/care/requests/{r.pk}/refer/"' in html
    assert 'data-next="in_progress"' not in html


def test_only_managers_see_next_steps(req, users, client_of, resident_person):
    coord, r = req
    services.triage(coord, r)
    html = client_of(users["professional"]).get(f"/care/requests/{r.pk}/").content.decode()
    assert "data-next=" in html  # the professional of the north area manages it
    own = services.create_request(coord, person=resident_person, description="mine")
    html = client_of(users["resident"]).get(f"/care/requests/{own.pk}/").content.decode()
    assert "data-next=" not in html
