"""What a new request starts with (issue 13 item 7): the needs already known on the person (their
"need" tags on the person page) are ticked in the form, so nobody types them in twice. Only for
a person the actor may see; the coordinator can untick what does not apply to this question."""

from __future__ import annotations

from zorgzaam.people.actor import Actor
from zorgzaam.people.models import PersonTag
from zorgzaam.people.services import visible_persons


def known_needs(actor: Actor, person_id) -> list[int]:
    """Tag ids of the person's known needs; empty for an unknown or invisible person (one query)."""
    pk = getattr(person_id, "pk", person_id)
    if not str(pk or "").isdigit():
        return []
    return list(
        PersonTag.objects.filter(
            person__in=visible_persons(actor).filter(pk=int(pk)), kind=PersonTag.Kind.NEED
        ).values_list("tag_id", flat=True)
    )


def new_request_initial(actor: Actor, params) -> dict:
    """Initial values of the new-request form opened for `?person=<id>`."""
    person = params.get("person")
    if not person:
        return {}
    return {"person": person, "needs": known_needs(actor, person)}


def from_signal_initial(actor: Actor, signal) -> dict:
    """A request made from a signal about a known person starts with that person's known needs."""
    person = signal.person_id or signal.suggested_person_id
    return {"needs": known_needs(actor, person)} if person else {}
