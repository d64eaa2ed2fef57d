"""Reads: street suggestions for the intake form, the "to place" worklist, a person's match."""

from __future__ import annotations

from django.db.models import QuerySet

from zorgzaam.addresses import normalize
from zorgzaam.addresses.models import PersonPlacement, Street
from zorgzaam.addresses.placement import nis_codes
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person
from zorgzaam.people.services import can_create_person, can_list_persons, visible_persons

MIN_CHARS = 2
MAX_SUGGESTIONS = 10


def can_suggest(actor: Actor) -> bool:
    """Street names are public, but the autocomplete serves the person form: staff who add people."""
    return actor.network is not None and actor.is_authenticated and can_create_person(actor)


def street_suggestions(actor: Actor, q: str, *, limit: int = MAX_SUGGESTIONS) -> list[Street]:
    """Streets of the network's municipalities whose Dutch, French or German name contains what was
    typed (normalised: "sint jo" finds "Sint-Jozefsplein", "eglise" finds "Rue de l'Église"). Names
    starting with it come first."""
    _require(can_suggest(actor))
    text = normalize.text(q)[:100]
    if len(text) < MIN_CHARS:
        return []
    qs = Street.objects.filter(search__contains=text)
    codes = nis_codes(actor.network)
    if codes:
        qs = qs.filter(municipality_id__in=codes)
    # A bounded set to rank in Python: prefix matches first, then by name.
    rows = list(qs[:200])
    rows.sort(key=lambda s: (not any(n.startswith(text) for n in s.search.split(" | ")), str(s).casefold()))
    return rows[:limit]


def to_place(actor: Actor) -> QuerySet[Person]:
    """People the actor may see whose address was not found in the register."""
    _require(can_list_persons(actor))
    return (
        visible_persons(actor)
        .filter(anonymised_at__isnull=True, address_match__outcome=PersonPlacement.Outcome.NOT_FOUND)
        .select_related("area", "address_match")
        .order_by("-address_match__checked_at", "pk")
    )


def person_export(person: Person) -> dict:
    match = PersonPlacement.objects.filter(person=person).first()
    if match is None:
        return {}
    return {"address_match": {"outcome": match.outcome, "checked_at": match.checked_at.isoformat()}}


def placement_notice(person: Person) -> str:
    """The notice after saving a person whose address was not found in the register."""
    from django.utils.translation import gettext as _

    match = PersonPlacement.objects.filter(person_id=person.pk).values_list("outcome", flat=True).first()
    if match != PersonPlacement.Outcome.NOT_FOUND:
        return ""
    return _(
        "The address was not found in the address register, so %(name)s has no point on the map yet. "
        "Check the street and number; meanwhile %(name)s is on the “to place” list."
    ) % {"name": person.full_name}
