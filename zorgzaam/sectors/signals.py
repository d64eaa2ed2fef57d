"""Keep a person's placement current when their address point changes (in the background)."""

from django.db import transaction


def person_saved(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    from zorgzaam.sectors.tasks import place_person

    person_id = instance.pk
    transaction.on_commit(lambda: place_person(person_id))
