"""Exact query counts (issue 10 item 9): every list page and list endpoint of volunteers with 1 and
with 20 rows makes the same, exact number of queries, for the role that normally uses it."""

import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.people.models import Person, RoleAssignment
from zorgzaam.volunteers.models import (
    Appreciation,
    HoursEntry,
    Initiative,
    InitiativeSupport,
    OnboardingProgress,
    OnboardingStep,
    SafeguardingRecord,
    ThankYou,
    VolunteerProfile,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def vol(users):
    p = Person.objects.get(user=users["volunteer"])
    VolunteerProfile.objects.create(person=p)
    return p


@pytest.fixture
def rows(network, areas, make_person, vol):
    """rows(n): n volunteers (role, profile, a certificate, an onboarding step done, an initiative they
    own with support given) and, for the fixture volunteer, n hours entries, thanks and appreciations."""

    def make(n):
        for _ in range(n):
            p = make_person(network, area=areas["north"])
            RoleAssignment.objects.create(person=p, role="volunteer")
            VolunteerProfile.objects.create(person=p, started_on=TODAY)
            SafeguardingRecord.objects.create(
                person=p, kind="criminal_record", issued_on=TODAY, valid_until=TODAY + dt.timedelta(days=20)
            )
            step = OnboardingStep.objects.create(network=network, code=f"stap-{p.pk}", name=f"Stap {p.pk}")
            OnboardingProgress.objects.create(person=p, step=step, done_on=TODAY)
            OnboardingProgress.objects.create(person=vol, step=step, done_on=TODAY)
            initiative = Initiative.objects.create(network=network, title=f"Initiatief {p.pk}")
            initiative.owners.set([p, vol])
            InitiativeSupport.objects.create(initiative=initiative, date=TODAY, description="zaal")
            HoursEntry.objects.create(network=network, person=vol, date=TODAY, hours=2, activity="bezoek")
            ThankYou.objects.create(network=network, from_person=p, to_person=vol, message="merci")
            Appreciation.objects.create(network=network, person=vol, kind="gift", title="bloemen", date=TODAY)

    return make


def test_volunteer_lists(users, client_of, rows, vol):
    coord, volunteer = client_of(users["coordinator"]), client_of(users["volunteer"])
    cases = [
        (coord, "/volunteers/", 11),
        (coord, "/volunteers/steps/", 10),
        (coord, "/volunteers/figures/", 8),
        (coord, "/volunteers/initiatives/", 9),
        (coord, f"/volunteers/{vol.pk}/", 17),
        (volunteer, f"/volunteers/{vol.pk}/", 17),
        (coord, "/api/volunteers/volunteers", 6),
        (coord, f"/api/volunteers/volunteers/{vol.pk}/hours", 8),
        (coord, "/api/volunteers/initiatives", 7),
        (coord, "/api/volunteers/figures/hours", 6),
    ]
    assert_queries_per_page(cases, rows)
