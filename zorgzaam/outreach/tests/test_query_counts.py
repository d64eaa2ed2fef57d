"""Exact query counts (issue 10 item 9): every list page and list endpoint of outreach with 1 and
with 20 rows makes the same, exact number of queries, for the role that normally uses it."""

import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.outreach import services
from zorgzaam.outreach.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(users, actor_of, areas):
    return services.create_circle(actor_of(users["coordinator"]), name="Bel-cirkel", area=areas["north"])


@pytest.fixture
def rows(users, actor_of, network, areas, make_person, consent, checklist, volunteer_person, circle):
    """rows(n): n residents of the north who agree to be contacted, each visited by the volunteer in a
    round of their own and called by the volunteer in the circle."""
    coord = actor_of(users["coordinator"])
    today = timezone.localdate()

    def make(n):
        for _ in range(n):
            p = consent(make_person(network, street="Lange straat", house_number="1", area=areas["north"]))
            services.plan_round(
                coord,
                name=f"Ronde {p.pk}",
                area=areas["north"],
                persons=[p],
                checklist=checklist,
                starts_on=today,
                ends_on=today + dt.timedelta(days=7),
                visitors=[volunteer_person],
            )
            services.add_member(
                coord, circle, person=p, caller=volunteer_person, started_on=today - dt.timedelta(days=8)
            )

    return make


def test_outreach_lists(users, client_of, rows, circle, checklist):
    coord, vol = client_of(users["coordinator"]), client_of(users["volunteer"])
    cases = [
        (vol, "/outreach/", 13),  # + call circle settings and contact consents (call_help.py)
        (coord, "/outreach/", 18),
        (vol, "/outreach/print/", 11),
        (coord, f"/outreach/circles/{circle.pk}/", 11),  # person pickers: no lists of people rendered
        (coord, f"/outreach/checklists/{checklist.pk}/", 12),
        (vol, "/api/outreach/visits", 8),
        (coord, "/api/outreach/visits?mine=false", 8),
        (coord, "/api/outreach/rounds", 7),
        (vol, "/api/outreach/calls/due", 8),
    ]
    assert_queries_per_page(cases, rows)


def test_round_page(
    users, client_of, actor_of, network, areas, make_person, consent, checklist, volunteer_person
):
    today = timezone.localdate()
    rnd = services.plan_round(
        actor_of(users["coordinator"]),
        name="Groot",
        persons=[consent(make_person(network, area=areas["north"]))],
        checklist=checklist,
        starts_on=today,
        ends_on=today,
        visitors=[volunteer_person],
    )

    def visits(n):
        for _ in range(n):
            p = consent(make_person(network, street="Dorp", house_number="2", area=areas["north"]))
            Visit.objects.create(
                network=network,
                round=rnd,
                person=p,
                visitor=volunteer_person,
                checklist=checklist,
                planned_on=today,
            )

    # A person picker per visit (its visitor already loaded), no list of every helper.
    cases = [(client_of(users["coordinator"]), f"/outreach/rounds/{rnd.pk}/", 13)]
    assert_queries_per_page(cases, visits)
