import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.outreach.models import Visit
from zorgzaam.people.models import Person
from zorgzaam.people.services import retention_candidates

pytestmark = pytest.mark.django_db


def test_a_planned_visit_keeps_the_person(network, planned, street):
    anna = street["agreed"][0]
    network.retention_months = 12
    network.save()
    later = timezone.now() + dt.timedelta(days=3 * 365)
    everyone = [p.pk for p in street["agreed"]]
    Person.objects.filter(pk__in=everyone).update(updated_at=later - dt.timedelta(days=3 * 365))
    assert Visit.objects.filter(person=anna, outcome=Visit.Outcome.PLANNED).exists()
    assert anna.pk not in retention_candidates(network, now=later)
    Visit.objects.filter(person=anna).update(outcome=Visit.Outcome.AT_HOME)
    assert anna.pk in retention_candidates(network, now=later)
