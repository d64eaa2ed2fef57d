"""No silent duplicates (issue 12 item 3): the one rule that says a new person is likely someone
already known, used by the person form and the API alike (through services.create_person).

Candidates share the stored name key (people.namekey; the surname and first name may be swapped), so
the database answers by index, never by a scan in Python. A candidate then counts as a likely
duplicate unless the other facts speak against it more than for it: the same birth year or the same
street speak for it, another birth year or another street against it, an unknown one neither. So the
same name with another birth year AND another street is someone else; with another birth year but the
same street (a typo?) it is still shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zorgzaam.addresses.normalize import text
from zorgzaam.people.models import Person
from zorgzaam.people.namekey import name_key

MAX_CANDIDATES = 10
# Rows read per check: the name key narrows to a handful; this bounds a very common name.
MAX_ROWS = 200


@dataclass(frozen=True)
class Identity:
    first_name: str
    last_name: str = ""
    birth_year: int | None = None
    street: str = ""


class LikelyDuplicates(ValidationError):
    """Refusal to create a person who looks like someone already known; carries the candidates."""

    def __init__(self, candidates: list[Person]):
        super().__init__(
            _("This person may already be known: check the people below, or confirm a new person."),
            code="likely_duplicate",
        )
        self.candidates = candidates


def _evidence(mine, theirs) -> int:
    """+1 when both know the fact and agree, -1 when both know it and differ, 0 otherwise."""
    if mine in (None, "") or theirs in (None, ""):
        return 0
    return 1 if mine == theirs else -1


def is_likely_duplicate(new: Identity, known: Identity) -> bool:
    """The rule on two identities (the fixture test measures it); the database query applies the
    same name-key condition."""
    keys = {name_key(new.first_name, new.last_name), name_key(new.last_name, new.first_name)}
    if name_key(known.first_name, known.last_name) not in keys - {""}:
        return False
    score = _evidence(new.birth_year, known.birth_year) + _evidence(text(new.street), text(known.street))
    return score >= 0


def find_candidates(
    visible: QuerySet[Person], new: Identity, *, exclude_id: int | None = None
) -> list[Person]:
    """Likely duplicates of `new` among the people the actor may see (`visible`), nearest first."""
    keys = {name_key(new.first_name, new.last_name), name_key(new.last_name, new.first_name)} - {""}
    if not keys:
        return []
    qs = visible.filter(name_key__in=keys, anonymised_at__isnull=True)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    if new.birth_year:
        # Another birth year counts only with the same street (compared exactly here, normalised below),
        # which keeps the rows read for a very common name few.
        same_year = Q(birth_year=new.birth_year) | Q(birth_year__isnull=True)
        qs = qs.filter(same_year | Q(street__iexact=new.street.strip()) if new.street.strip() else same_year)
    rows = qs.select_related("area").order_by("pk")[:MAX_ROWS]
    found = [
        person
        for person in rows
        if is_likely_duplicate(
            new, Identity(person.first_name, person.last_name, person.birth_year, person.street)
        )
    ]
    found.sort(
        key=lambda p: -(_evidence(new.birth_year, p.birth_year) + _evidence(text(new.street), text(p.street)))
    )
    return found[:MAX_CANDIDATES]


def check_new_person(visible: QuerySet[Person], fields: dict, *, confirm_new: bool) -> None:
    """Refuse (LikelyDuplicates) unless there are no candidates or the actor confirmed a new person."""
    if confirm_new:
        return
    new = Identity(
        fields.get("first_name") or "",
        fields.get("last_name") or "",
        fields.get("birth_year"),
        fields.get("street") or "",
    )
    candidates = find_candidates(visible, new)
    if candidates:
        raise LikelyDuplicates(candidates)
