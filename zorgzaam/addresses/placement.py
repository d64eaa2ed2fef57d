"""Placing people from the address register: a typed address (street, number, box, postcode) gives a
point, and through sectors.services.place_person the statistical sector and the area.

Called by the people service on every create and update (so the person form, the API and list imports
behave the same), and in bulk after an address import. A point entered by hand is never overwritten;
an address that is not found is saved anyway and the person goes on the "to place" worklist."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from zorgzaam.addresses import normalize
from zorgzaam.addresses.models import Address, PersonPlacement, Street
from zorgzaam.people.models import Person
from zorgzaam.sectors.models import Placement

ADDRESS_FIELDS = ("street", "house_number", "postcode", "municipality")
Outcome = PersonPlacement.Outcome


@dataclass(frozen=True)
class Key:
    street: str
    number: str
    box: str
    postcode: str


def key_of(person: Person) -> Key | None:
    street = normalize.text(person.street)
    number, box = normalize.split_number(person.house_number)
    if not street or not number:
        return None
    return Key(street, number, box, (person.postcode or "").strip())


def nis_codes(network) -> list[str]:
    """The municipalities a network looks up addresses in (none set: all)."""
    code = (getattr(network, "nis_code", "") or "").strip()
    return [code] if code else []


def _street_match(streets: set[str]) -> Q:
    """Streets any of whose names is one of `streets` (normalised). `search` holds "a | b | c"."""
    q = Q(pk__in=[])
    for s in streets:
        q |= Q(search=s) | Q(search__startswith=f"{s} | ") | Q(search__endswith=f" | {s}")
        q |= Q(search__contains=f" | {s} | ")
    return q


def _candidates(streets: set[str], codes: list[str]):
    qs = Address.objects.filter(street__in=Street.objects.filter(_street_match(streets)))
    if codes:
        qs = qs.filter(municipality_id__in=codes)
    # Current before proposed: where one street/number/box has both, the current one wins.
    rank = Case(
        When(status=Address.Status.CURRENT, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.annotate(rank=rank).order_by("rank", "pk").select_related("street")


def _best(addresses: list[Address], key: Key) -> Address | None:
    """The address for `key` among one street name's addresses: same number and box (a box not in the
    register falls back to the building itself); a matching postcode is preferred."""
    mine = addresses
    exact = [a for a in mine if a.number_norm == key.number and a.box_norm == key.box]
    if not exact and key.box:
        exact = [a for a in mine if a.number_norm == key.number and a.box_norm == ""]
    if not exact:
        exact = [a for a in mine if a.number_norm == key.number]
    if key.postcode:
        same = [a for a in exact if a.postcode == key.postcode]
        if same or any(a.postcode for a in exact):
            exact = same
    return exact[0] if exact else None


def find(key: Key, codes: list[str]) -> Address | None:
    """The register's address for a typed address, or None."""
    rows = list(_candidates({key.street}, codes).filter(number_norm=key.number))
    rows = [a for a in rows if key.street in a.street.search.split(" | ")]
    return _best(rows, key)


def find_many(keys: list[Key], codes: list[str]) -> dict[Key, Address | None]:
    """Bulk lookup: one query per 50 street names."""
    by_street: dict[str, list[Address]] = defaultdict(list)
    names = sorted({k.street for k in keys})
    numbers = {k.number for k in keys}
    for i in range(0, len(names), 50):
        part = set(names[i : i + 50])
        for a in _candidates(part, codes).filter(number_norm__in=numbers):
            for name in a.street.search.split(" | "):
                if name in part:
                    by_street[name].append(a)
    return {k: _best(by_street.get(k.street, []), k) for k in keys}


# --- one person, on save ---------------------------------------------------------------------------


def place_on_save(person: Person, *, changed: set[str], created: bool) -> list[str]:
    """After the people service saved `person`: look the address up when it is new or changed (unless
    a point was given by hand in the same change), then place the point in its sector and area.
    Returns the person fields it changed (for the audit event)."""
    if person.anonymised_at:
        return []
    point_given = bool({"latitude", "longitude"} & changed) and person.has_point
    if point_given:
        _remember(person, Outcome.MANUAL, None)
        return []
    if not created and not (set(ADDRESS_FIELDS) & changed):
        return []
    key = key_of(person)
    address = find(key, nis_codes(person.network)) if key else None
    fields = _apply(person, address, had_match=not created)
    _remember(
        person, Outcome.PLACED if address else (Outcome.NOT_FOUND if key else Outcome.NO_ADDRESS), address
    )
    _place_in_sector(person)
    return fields


def _apply(person: Person, address: Address | None, *, had_match: bool) -> list[str]:
    """Set the point from the address; without one, a point that belonged to the old address goes
    (and with it an area we had filled in ourselves)."""
    update: dict = {}
    if address is not None:
        update = {"latitude": address.latitude, "longitude": address.longitude}
    elif had_match and person.has_point:
        update = {"latitude": None, "longitude": None}
        auto = Placement.objects.filter(person=person, area_set_automatically=True, area_id=person.area_id)
        if person.area_id and auto.exists():
            update["area"] = None
    changed = [f for f, v in update.items() if getattr(person, f"{f}_id" if f == "area" else f) != v]
    if changed:
        for f in changed:
            setattr(person, f, update[f])
        Person.objects.filter(pk=person.pk).update(**{f: update[f] for f in changed})
    return changed


def _remember(person: Person, outcome: str, address: Address | None) -> None:
    PersonPlacement.objects.update_or_create(person=person, defaults={"outcome": outcome, "address": address})


def _place_in_sector(person: Person) -> None:
    """Sector and area now, not after commit: the form's next page and the API answer show them."""
    from zorgzaam.sectors.services import place_person

    place_person(person)
    person.area_id = Person.objects.filter(pk=person.pk).values_list("area_id", flat=True).first()
    if person.area_id is None:
        person.area = None


# --- everyone, after an import ---------------------------------------------------------------------


def replace_network(network, *, everyone: bool = False) -> dict[str, int]:
    """Look every candidate person of a network up again; then place all points in sectors and areas
    at once. Candidates: unplaced people and people placed from the register before; with `everyone`
    also people with a point of unknown origin. Points entered by hand stay."""
    from zorgzaam.sectors.services import assign_points

    people = list(
        Person.objects.filter(network=network, anonymised_at__isnull=True)
        .exclude(street="")
        .exclude(address_match__outcome=Outcome.MANUAL)
        .select_related("address_match")
        .only("pk", "street", "house_number", "postcode", "latitude", "longitude", "address_match")
    )
    if not everyone:
        people = [p for p in people if not p.has_point or _match(p) is not None]
    keyed = [(p, key_of(p)) for p in people]
    found = find_many([k for _p, k in keyed if k], nis_codes(network))
    counts = {"placed": 0, "moved": 0, "unchanged": 0, "not_found": 0}
    to_update, matches = [], []
    for person, key in keyed:
        address = found.get(key) if key else None
        if address is None:
            counts["not_found"] += 1
            matches.append((person, Outcome.NOT_FOUND if key else Outcome.NO_ADDRESS, None))
            continue
        point = (address.latitude, address.longitude)
        if not person.has_point:
            counts["placed"] += 1
        elif (person.latitude, person.longitude) != point:
            counts["moved"] += 1
        else:
            counts["unchanged"] += 1
        if (person.latitude, person.longitude) != point:
            person.latitude, person.longitude = point
            to_update.append(person)
        matches.append((person, Outcome.PLACED, address))
    Person.objects.bulk_update(to_update, ["latitude", "longitude"], batch_size=1000)
    _remember_many(matches)
    if to_update:
        assign_points(network)
    return counts


def _match(person: Person) -> PersonPlacement | None:
    try:
        return person.address_match
    except PersonPlacement.DoesNotExist:
        return None


def _remember_many(matches: list[tuple[Person, str, Address | None]]) -> None:
    existing = {
        m.person_id: m for m in PersonPlacement.objects.filter(person__in=[p for p, _o, _a in matches])
    }
    create, update = [], []
    for person, outcome, address in matches:
        m = existing.get(person.pk)
        if m is None:
            create.append(PersonPlacement(person=person, outcome=outcome, address=address))
        elif (m.outcome, m.address_id) != (outcome, getattr(address, "pk", None)):
            m.outcome, m.address = outcome, address
            update.append(m)
    PersonPlacement.objects.bulk_create(create, batch_size=1000)
    PersonPlacement.objects.bulk_update(update, ["outcome", "address"], batch_size=1000)
