"""Keep a person's placement current when their address point changes (in the background)."""

from django.db import transaction

from zorgzaam.sectors.tasks import place_person, recompute_network


def person_saved(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    person_id = instance.pk
    transaction.on_commit(lambda: place_person(person_id))


def area_saved(sender, instance, created, **kwargs):
    """A drawn boundary may have changed: place the network's addresses again (after commit)."""
    if kwargs.get("raw"):
        return
    network_id = instance.network_id
    transaction.on_commit(lambda: recompute_network(network_id))
