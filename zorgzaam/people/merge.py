"""Merging two records of the same person (issue 12 item 4).

A coordinator keeps one record (the survivor) and chooses, per group of fields, whose values stay.
Every app moves what it keeps about the duplicate through its merge hook (core.registry), consent per
purpose takes the stricter decision of the two, the time bank moves the duplicate's balance by a
balancing transaction, and of two logins the coordinator keeps one (the other is switched off). The
duplicate stays as an anonymised record pointing at the survivor, so its old id leads there.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import require
from zorgzaam.core.registry import run_merge_hooks
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Consent, Person, PersonTag, RoleAssignment
from zorgzaam.people.services import anonymise, can_view_person, place_person, validate_person

# Field groups the coordinator chooses between (an address moves as a whole, with its point).
CHOICES: dict[str, tuple[str, ...]] = {
    "name": ("first_name", "last_name"),
    "birth_year": ("birth_year",),
    "phone": ("phone",),
    "email": ("email",),
    "address": ("street", "house_number", "postcode", "municipality", "latitude", "longitude", "area"),
    "contact_preferences": ("contact_preferences",),
    "household": ("lives_alone", "household_size"),
    "capacity": ("capacity", "capacity_note"),
    "availability": ("availability",),
}
SIDES = ("survivor", "duplicate")
ADDRESS_FIELDS = set(CHOICES["address"])

# Relations to a Person this module handles itself (the apps' hooks declare theirs): for the guard.
MERGED_HERE = {
    "people.PersonTag.person": "moved; a tag both have stays once",
    "people.RoleAssignment.person": "moved; a role the survivor holds already is switched off",
    "people.Consent.person": "the stricter decision per purpose is recorded on the survivor",
    "people.Person.merged_into": "the link from a merged record to its survivor",
}


def can_merge(actor: Actor, survivor: Person, duplicate: Person) -> bool:
    return (
        actor.network is not None
        and actor.is_coordinator()
        and survivor.network_id == actor.network.pk
        and duplicate.network_id == actor.network.pk
    )


def merge_pair(actor: Actor, survivor_id: int, duplicate_id) -> tuple[Person, Person]:
    """The two records of a merge, refused alike when either is unknown or out of reach (no oracle).
    Only coordinators get as far as reading them."""
    require(actor.network is not None and actor.is_coordinator())
    from zorgzaam.people.services import get_person

    survivor = get_person(actor, survivor_id, log_view=False)
    if not str(duplicate_id).isdigit() or int(duplicate_id) >= 2**31:
        raise ValidationError({"duplicate_id": _("Choose the other record of this person.")})
    return survivor, get_person(actor, int(duplicate_id), log_view=False)


def differing(survivor: Person, duplicate: Person) -> list[str]:
    """The choice groups whose values differ between the two records (the comparison page)."""
    return [
        code
        for code, fields in CHOICES.items()
        if any(getattr(survivor, f) != getattr(duplicate, f) for f in fields)
    ]


def _check(survivor: Person, duplicate: Person, values: dict, keep_login) -> None:
    errors = {}
    if survivor.pk == duplicate.pk:
        errors["duplicate_id"] = _("Choose another person: a record cannot be merged with itself.")
    elif survivor.anonymised_at or duplicate.anonymised_at:
        errors["duplicate_id"] = _("An erased or already merged record cannot be merged.")
    if not isinstance(values, dict) or set(values) - set(CHOICES) or set(values.values()) - set(SIDES):
        errors["values"] = _("Choose for each field whether the survivor's or the duplicate's value stays.")
    both = survivor.user_id is not None and duplicate.user_id is not None
    if both and keep_login not in SIDES:
        errors["keep_login"] = _("Both have a login: choose which login stays.")
    elif keep_login not in (None, "", *SIDES):
        errors["keep_login"] = _("Choose which login stays.")
    if errors:
        raise ValidationError(errors)


def _stricter(a: Consent | None, b: Consent | None) -> Consent | None:
    """Refused beats given beats unknown (no decision)."""
    for granted in (False, True):
        for c in (a, b):
            if c is not None and c.granted is granted:
                return c
    return None


def _merge_consents(actor: Actor, survivor: Person, duplicate: Person) -> None:
    from zorgzaam.people.services import current_consents

    mine, theirs = current_consents(survivor), current_consents(duplicate)
    for key in sorted(set(mine) | set(theirs), key=str):
        chosen = _stricter(mine.get(key), theirs.get(key))
        if chosen is None or chosen is mine.get(key) or (key in mine and mine[key].granted == chosen.granted):
            continue
        consent = Consent.objects.create(
            person=survivor,
            purpose=chosen.purpose,
            organisation_id=chosen.organisation_id,
            granted=chosen.granted,
            channel=chosen.channel,
            recorded_by=actor.user,
            on_behalf=True,
        )
        data = {"purpose": chosen.purpose, "granted": chosen.granted, "organisation": chosen.organisation_id}
        record(actor, kinds.CONSENT_RECORDED, subject=survivor, obj=consent, data=data)


def _merge_people_rows(survivor: Person, duplicate: Person) -> None:
    have = set(PersonTag.objects.filter(person=survivor).values_list("tag_id", "kind"))
    for row in PersonTag.objects.filter(person=duplicate):
        if (row.tag_id, row.kind) in have:
            row.delete()
        else:
            PersonTag.objects.filter(pk=row.pk).update(person=survivor)
    held = {
        (r.role, r.area_id, r.organisation_id, r.volunteer_kind_id)
        for r in RoleAssignment.objects.filter(person=survivor, active=True)
    }
    for r in RoleAssignment.objects.filter(person=duplicate):
        same = (r.role, r.area_id, r.organisation_id, r.volunteer_kind_id) in held
        RoleAssignment.objects.filter(pk=r.pk).update(person=survivor, active=r.active and not same)
    survivor.languages.add(*duplicate.languages.all())


def _merge_logins(survivor: Person, duplicate: Person, keep_login) -> int | None:
    """Returns the id of the login switched off, if any."""
    user, other = survivor.user, duplicate.user
    if other is None:
        return None
    if user is not None and keep_login == "survivor":
        user, other = survivor.user, duplicate.user
    else:
        user, other = duplicate.user, survivor.user
    duplicate.user = None
    duplicate.save(update_fields=["user"])
    survivor.user = user
    if (
        other is not None
        and not other.persons.exclude(pk=survivor.pk).filter(anonymised_at__isnull=True).exists()
    ):
        get_user_model().objects.filter(pk=other.pk).update(is_active=False)
        return other.pk
    return None


@transaction.atomic
def merge_persons(
    actor: Actor, survivor: Person, duplicate: Person, *, values: dict | None = None, keep_login=None
) -> Person:
    """Merge `duplicate` into `survivor`. values: {choice group: "survivor" | "duplicate"} (a group
    left out keeps the survivor's value); keep_login: "survivor" | "duplicate", required when both
    have a login."""
    require(can_merge(actor, survivor, duplicate))
    first, second = sorted((survivor.pk, duplicate.pk))
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=(first, second))}
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    values = values or {}
    _check(survivor, duplicate, values, keep_login)
    changed: set[str] = set()
    for code, side in values.items():
        if side == "duplicate":
            for name in CHOICES[code]:
                setattr(survivor, name, getattr(duplicate, name))
                changed.add(name)
    validate_person(survivor)
    run_merge_hooks(actor, survivor, duplicate)
    _merge_consents(actor, survivor, duplicate)
    _merge_people_rows(survivor, duplicate)
    switched_off = _merge_logins(survivor, duplicate, keep_login)
    anonymise(duplicate)
    duplicate.area = None  # a merged record no longer counts as someone living in an area
    duplicate.birth_year = duplicate.household_size = duplicate.lives_alone = None
    duplicate.merged_into = survivor
    duplicate.save()
    Person.objects.filter(merged_into=duplicate).update(merged_into=survivor)  # earlier merges follow
    survivor.save()
    if changed & ADDRESS_FIELDS:
        placed = place_person(survivor, changed=changed, created=False)
        if placed:
            survivor.save(update_fields=placed)
    data = {
        "survivor": survivor.pk,
        "duplicate": duplicate.pk,
        "fields": sorted(changed),
        "login_off": switched_off,
    }
    record(actor, kinds.PERSON_MERGED, subject=survivor, obj=survivor, data=data)
    record(actor, kinds.PERSON_MERGED, subject=duplicate, obj=survivor, data=data)
    return survivor


def survivor_id(actor: Actor, person_id: int) -> int | None:
    """Where an old id leads: the survivor's id when `person_id` was merged and the actor may see the
    survivor; None otherwise (the caller then answers as for any unknown id, so nothing leaks)."""
    merged = (
        Person.objects.filter(pk=person_id, merged_into__isnull=False).select_related("merged_into").first()
    )
    if merged is None or not can_view_person(actor, merged.merged_into):
        return None
    return merged.merged_into_id
