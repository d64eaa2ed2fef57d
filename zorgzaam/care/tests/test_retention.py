import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.audit.models import Event
from zorgzaam.care import services
from zorgzaam.people.models import Person
from zorgzaam.people.services import retention_candidates

pytestmark = pytest.mark.django_db


def _make_old(network, person):
    """Pretend nothing was recorded about `person` for three years."""
    old = timezone.now() - dt.timedelta(days=3 * 365)
    Person.objects.filter(pk=person.pk).update(updated_at=old)
    network.retention_months = 24
    network.save()
    return timezone.now() + dt.timedelta(days=3 * 365)  # evaluate retention three years from now


def test_an_open_request_keeps_the_person(network, users, actor_of, make_person, themes):
    coord = actor_of(users["coordinator"])
    asker = make_person(network, first_name="Vraag")
    quiet = make_person(network, first_name="Stil")
    req = services.create_request(coord, person=asker, description="Hulp bij de tuin")
    later = _make_old(network, asker)
    _make_old(network, quiet)
    Person.objects.filter(pk__in=[asker.pk, quiet.pk]).update(updated_at=later - dt.timedelta(days=3 * 365))
    assert Event.objects.filter(subject=asker).exists()  # today's events are long before "later"
    assert retention_candidates(network, now=later) == [quiet.pk]
    services.withdraw_request(coord, req, note="niet meer nodig")
    req.refresh_from_db()
    assert req.status == "withdrawn"
    assert retention_candidates(network, now=later) == sorted([asker.pk, quiet.pk])
