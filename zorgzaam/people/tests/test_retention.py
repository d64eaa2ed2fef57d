import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.core import registry
from zorgzaam.people import services
from zorgzaam.people.models import Person, RoleAssignment
from zorgzaam.people.tasks import apply_retention_everywhere


def _age(person, days):
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - dt.timedelta(days=days))


@pytest.mark.django_db
def test_retention_erases_only_long_inactive_residents(network, make_person, users, actor_of):
    network.retention_months = 24
    network.save()
    old = make_person(network, first_name="Oud")
    recent = make_person(network, first_name="Recent")
    contacted = make_person(network, first_name="Gesproken")
    volunteer = make_person(network, first_name="Vrijwilliger")
    RoleAssignment.objects.create(person=volunteer, role="volunteer")
    for p in (old, recent, contacted, volunteer):
        _age(p, 800)
    _age(recent, 100)
    # A consent recorded last month counts as contact; a mere view does not.
    services.record_consent(
        actor_of(users["coordinator"]), contacted, purpose="contact", granted=True, channel="spoken"
    )
    _age(contacted, 800)
    services.get_person(actor_of(users["coordinator"]), old.pk)
    assert services.retention_candidates(network) == [old.pk]
    assert apply_retention_everywhere.call_local() == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.first_name != "Oud"
    for p in (recent, contacted, volunteer):
        p.refresh_from_db()
        assert p.anonymised_at is None


@pytest.mark.django_db
def test_retention_off_by_default_and_guards_keep(network, make_person):
    p = make_person(network)
    _age(p, 5000)
    assert services.retention_candidates(network) == []
    network.retention_months = 12
    network.save()
    guard = lambda net, ids, cutoff: {p.pk}  # noqa: E731 - an app with something open for p
    registry.register_retention_guard(guard)
    try:
        assert services.retention_candidates(network) == []
    finally:
        registry.RETENTION_GUARDS.remove(guard)
    assert services.retention_candidates(network) == [p.pk]
