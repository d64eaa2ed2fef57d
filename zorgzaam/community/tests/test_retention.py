import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.people.models import Person
from zorgzaam.people.services import retention_candidates

pytestmark = pytest.mark.django_db


def test_a_registration_for_a_coming_date_keeps_the_person(
    network, users, actor_of, make_person, make_activity
):
    coord = actor_of(users["coordinator"])
    occurrence = make_activity(start_date=timezone.localdate() + dt.timedelta(days=90)).occurrences.get()
    joiner = make_person(network, first_name="Komt")
    quiet = make_person(network, first_name="Stil")
    services.register(coord, occurrence, joiner)
    network.retention_months = 1
    network.save()
    # Evaluate just before the activity date, two months after anything was recorded.
    later = occurrence.starts_at - dt.timedelta(minutes=1)
    Person.objects.filter(pk__in=[joiner.pk, quiet.pk]).update(updated_at=later - dt.timedelta(days=90))
    from zorgzaam.audit.models import Event

    assert Event.objects.filter(subject=joiner).exists()
    assert later - dt.timedelta(days=31) > timezone.now()  # today's events fall before the cut-off
    assert retention_candidates(network, now=later) == [quiet.pk]
