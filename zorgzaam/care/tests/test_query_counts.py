"""Exact query counts (issue 10 item 9): every list page and list endpoint of care with 1 and with 20
rows makes the same, exact number of queries, for the role that normally uses it."""

import pytest

from zorgzaam.care import services
from zorgzaam.core.testing import assert_queries_per_page, assert_same_queries
from zorgzaam.people.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(users, actor_of, network, areas, make_person, helper, organisation, themes):
    """rows(n): n people in the north area, each with a signal, a triaged request (a proposed match
    for the volunteer, accepted for every other row, and a referral to the partner's organisation)."""
    coord, vol = actor_of(users["coordinator"]), actor_of(users["volunteer"])
    made = []

    def make(n):
        for _ in range(n):
            i = len(made)
            p = make_person(network, area=areas["north"], street="Dorp", house_number=str(i))
            Consent.objects.bulk_create(
                [
                    Consent(person=p, purpose="contact", granted=True, channel="spoken"),
                    Consent(
                        person=p, purpose="share", organisation=organisation, granted=True, channel="spoken"
                    ),
                ]
            )
            services.record_signal(coord, person=p, description="s", themes=["money"])
            req = services.triage(
                coord,
                services.create_request(coord, person=p, description=f"r{i}", themes=["health", "money"]),
            )
            match = services.propose_match(coord, req, helper)
            if i % 2:
                services.accept_match(vol, match)
            services.create_referral(coord, req, organisation=organisation, message="m")
            made.append(req)

    make.made = made
    return make


LISTS = [
    ("coordinator", "/care/signals/", 11),
    ("coordinator", "/care/requests/", 12),
    ("coordinator", "/care/print/", 10),
    ("volunteer", "/care/print/", 12),
    ("volunteer", "/care/tasks/", 11),
    ("partner", "/care/inbox/", 9),
    ("coordinator", "/care/policy/", 11),
    ("coordinator", "/care/batch/?area={north}", 11),
    ("coordinator", "/api/care/signals", 7),
    ("coordinator", "/api/care/requests", 9),
    ("volunteer", "/api/care/tasks", 8),
    ("partner", "/api/care/inbox", 7),
    ("coordinator", "/api/care/policy", 9),
    # The home page gathers every app's panel.
    ("coordinator", "/", 25),
    ("volunteer", "/", 21),
    ("partner", "/", 19),
]


def test_care_lists(users, client_of, rows, areas):
    clients = {role: client_of(users[role]) for role in {r for r, _u, _e in LISTS}}
    cases = [(clients[r], u.format(north=areas["north"].pk), e) for r, u, e in LISTS]
    assert_queries_per_page(cases, rows)


def test_my_requests(users, client_of, actor_of, resident_person, themes):
    resident = actor_of(users["resident"])

    def ask(n):
        for i in range(n):
            services.create_request(
                resident, person=resident_person, description=f"vraag {i}", themes=["health"]
            )

    assert_same_queries(client_of(users["resident"]), "/care/requests/mine/", ask, expected=9)


def test_request_timeline_and_referrals(users, client_of, actor_of, make_person, network, areas, themes):
    from zorgzaam.organisations.models import Organisation

    coord = actor_of(users["coordinator"])
    p = make_person(network, area=areas["north"])
    req = services.triage(coord, services.create_request(coord, person=p, description="r", themes=["health"]))

    def notes_and_referrals(n):
        for _ in range(n):
            name = f"Dienst {Organisation.objects.count()}"
            org = Organisation.objects.create(network=network, name=name, kind="home_care")
            Consent.objects.create(person=p, purpose="share", organisation=org, granted=True, channel="paper")
            services.add_note(coord, req, "notitie")
            services.create_referral(coord, req, organisation=org, message="m")

    c = client_of(users["coordinator"])
    cases = [
        (c, f"/api/care/requests/{req.pk}/timeline", 10),
        (c, f"/api/care/requests/{req.pk}/referrals", 7),
        (c, f"/care/requests/{req.pk}/", 18),
    ]
    assert_queries_per_page(cases, notes_and_referrals)


def test_suggestions(users, client_of, actor_of, network, areas, make_person, resident_person, themes):
    from zorgzaam.people.models import PersonTag, RoleAssignment, Tag
    from zorgzaam.volunteers.models import VolunteerProfile

    coord = actor_of(users["coordinator"])
    shopping = Tag.objects.create(code="shopping_t", domain="hands", name_nl="Boodschappen")
    resident_person.latitude, resident_person.longitude = 51.0, 4.0
    resident_person.save()
    req = services.triage(
        coord,
        services.create_request(coord, person=resident_person, description="Boodschappen", needs=[shopping]),
    )

    def helpers(n):
        for _ in range(n):
            p = make_person(network, latitude=51.001, longitude=4.0, area=areas["north"])
            RoleAssignment.objects.create(person=p, role="volunteer")
            VolunteerProfile.objects.create(person=p, max_active_tasks=3, max_distance_km=5)
            PersonTag.objects.create(person=p, tag=shopping, kind="talent")

    c = client_of(users["coordinator"])
    cases = [
        (c, f"/care/requests/{req.pk}/suggestions/", 20),
        (c, f"/api/care/requests/{req.pk}/suggestions", 15),
    ]
    assert_queries_per_page(cases, helpers)
