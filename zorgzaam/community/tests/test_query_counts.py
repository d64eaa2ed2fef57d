"""Exact query counts (issue 10 item 9): every list page and list endpoint of community with 1 and
with 20 rows makes the same, exact number of queries, and the letters PDF one fixed number."""

import pytest
from django.utils import timezone

from zorgzaam.community.models import Evaluation, Invitation, Place, Registration
from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.people.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def main_activity(make_activity):
    return make_activity(title="Koffieklets", capacity=100)


@pytest.fixture
def rows(network, areas, make_person, make_activity, main_activity):
    """rows(n): n older people of the north area with contact consent, each with an activity, a place,
    a registration for the main activity's date, a letter invitation to it and an evaluation."""
    occ = main_activity.occurrences.get()
    year = timezone.localdate().year

    def make(n):
        for _ in range(n):
            p = make_person(
                network, birth_year=year - 85, area=areas["north"], street="Dorp", house_number="1"
            )
            Consent.objects.create(person=p, purpose="contact", granted=True, channel="paper")
            place = Place.objects.create(network=network, name=f"Plek {p.pk}", area=areas["north"])
            make_activity(title=f"Activiteit {p.pk}", place=place)
            Registration.objects.create(occurrence=occ, person=p, status=Registration.Status.REGISTERED)
            Invitation.objects.create(
                network=network, person=p, activity=main_activity, channel=Invitation.Channel.LETTER
            )
            Evaluation.objects.create(occurrence=occ, score=4)

    return make


def test_community_lists(users, client_of, rows, main_activity, place):
    occ = main_activity.occurrences.get()
    coord, resident = client_of(users["coordinator"]), client_of(users["resident"])
    cases = [
        (resident, "/community/activities/", 9),
        (coord, "/community/activities/", 9),
        (resident, "/community/places/", 9),
        (coord, "/community/invitations/", 12),
        (coord, f"/community/occurrences/{occ.pk}/", 15),
        (coord, f"/community/activities/{main_activity.pk}/", 13),
        (resident, f"/community/places/{place.pk}/", 11),
        (coord, "/community/invitations/letters.pdf", 9),
        (resident, "/api/community/places", 6),
        (resident, "/api/community/activities", 5),
        (resident, "/api/community/occurrences", 5),
        (coord, f"/api/community/occurrences/{occ.pk}/registrations", 8),
        (coord, f"/api/community/activities/{main_activity.pk}/evaluations", 6),
    ]
    assert_queries_per_page(cases, rows)
