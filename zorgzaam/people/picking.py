"""Reads behind the person picker: which people a picker may offer (its scope) and the search.

A scope is a name the client sends; it maps here to a function of the actor, never to a queryset or
filter the client chooses. Forms validate the chosen id against their own queryset (the same or a
narrower set), so the search only ever helps, it never decides."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace

from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, Role, RoleAssignment
from zorgzaam.people.namekey import letters, phonetic, strip_particles
from zorgzaam.people.services import visible_persons

LIMIT = 10
MIN_DIGITS = 3
# Lists of staff or volunteers of the network are for people who work in it, not for residents.
WORKING_ROLES = (Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER, Role.PARTNER)


def _visible(actor: Actor) -> QuerySet[Person]:
    return visible_persons(actor).filter(anonymised_at__isnull=True)


def _holding(*roles: str) -> Callable[[Actor], QuerySet[Person]]:
    def scope(actor: Actor) -> QuerySet[Person]:
        if actor.network is None or not actor.is_authenticated or not actor.has_role(*WORKING_ROLES):
            return Person.objects.none()
        holders = RoleAssignment.objects.filter(active=True, role__in=roles, person__network=actor.network)
        return Person.objects.filter(
            network=actor.network, pk__in=holders.values("person_id"), anonymised_at__isnull=True
        )

    return scope


SCOPES: dict[str, Callable[[Actor], QuerySet[Person]]] = {
    "visible": _visible,
    "staff": _holding(Role.COORDINATOR, Role.PROFESSIONAL),
    "volunteers": _holding(Role.VOLUNTEER),
    "helpers": _holding(Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER),
    "organisers": _holding(Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER, Role.PARTNER),
}


def register_scope(name: str, fn: Callable[[Actor], QuerySet[Person]]) -> None:
    """An app's own list of who may be named (e.g. the time bank's), as a picker scope."""
    SCOPES[name] = fn


def scope_persons(actor: Actor, scope: str) -> QuerySet[Person]:
    """The people a picker of this scope may offer the actor; none for an unknown scope."""
    fn = SCOPES.get(scope)
    return fn(actor) if fn is not None else Person.objects.none()


def phone_digits():
    expr = "phone"
    for sep in (" ", ".", "/", "-", "(", ")", "+"):
        expr = Replace(expr, Value(sep), Value(""))
    return expr


def word_q(word: str) -> Q:
    """One typed word: part of a name or the street, the same name without accents or with another
    spelling (the stored phonetic name key), or digits of the phone number."""
    q = Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(street__icontains=word)
    folded = letters(word)
    if folded:
        q |= Q(name_key__startswith=phonetic(strip_particles(folded)) + ":")
        q |= Q(name_key__endswith=":" + phonetic(folded))
    digits = re.sub(r"\D", "", word)
    if len(digits) >= MIN_DIGITS:
        # 0470… and +32470… are the same number: match without the leading zero.
        q |= Q(phone_digits__contains=digits.lstrip("0") or digits)
    if word.isdigit() and len(word) <= 9:
        q |= Q(pk=int(word)) | Q(house_number=word)
    return q


def search(actor: Actor, q: str, scope: str = "visible", *, area=None) -> list[Person]:
    """At most LIMIT people of the scope matching every word of `q` (name, phone, street, id)."""
    words = q.split()[:5]
    if not words:
        return []
    qs = scope_persons(actor, scope).alias(phone_digits=phone_digits())
    for word in words:
        qs = qs.filter(word_q(word[:60]))
    if area:
        qs = qs.filter(area_id=area)  # only narrows: the scope above is the boundary
    return list(qs.select_related("area").order_by("last_name", "first_name", "id")[:LIMIT])
