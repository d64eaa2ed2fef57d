"""People, roles and consent: every business rule and permission decision about a Person.

Access follows the relationship (PRODUCT.md):
- a coordinator sees everyone in their network;
- a professional sees the people living in the areas of their role (a role without area: all);
- a resident sees themselves; staff acting for a resident see that resident;
- volunteers, partner staff and policy viewers see no person records here: volunteers get only what
  their task needs (care app), partners only referrals sent to them, policy viewers only aggregates.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor, can_act_for, system_actor
from zorgzaam.people.duplicates import check_new_person
from zorgzaam.people.models import Consent, Person, PersonTag, Role, RoleAssignment, Tag

STAFF_ROLES = (Role.COORDINATOR, Role.PROFESSIONAL)

# Fields whose changes are logged by name (values stay out of the log).
PERSON_FIELDS = [
    "first_name",
    "last_name",
    "birth_year",
    "contact_preferences",
    "phone",
    "email",
    "street",
    "house_number",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
    "area",
    "lives_alone",
    "household_size",
    "capacity",
    "capacity_note",
    "availability",
]


# --- who may see and do what -------------------------------------------------------------------


def visible_persons(actor: Actor) -> QuerySet[Person]:
    """The person records this actor may open: the single source for lists, search and the API."""
    if actor.network is None or not actor.is_authenticated:
        return Person.objects.none()
    qs = Person.objects.filter(network=actor.network)
    allowed = actor.area_q("area")
    if actor.person is not None:
        allowed |= Q(pk=actor.person.pk)
    if actor.on_behalf_of is not None:
        allowed |= Q(pk=actor.on_behalf_of.pk)
    return qs.filter(allowed)


def can_view_person(actor: Actor, person: Person) -> bool:
    if actor.network is None or person.network_id != actor.network.pk:
        return False
    if actor.person is not None and actor.person.pk == person.pk:
        return True
    if actor.on_behalf_of is not None and actor.on_behalf_of.pk == person.pk:
        return True
    return actor.covers_area(person.area_id)


def can_edit_person(actor: Actor, person: Person) -> bool:
    # The same relationship as viewing: a resident edits their own profile.
    return can_view_person(actor, person)


def can_list_persons(actor: Actor) -> bool:
    """The people list and search are a staff tool; others reach only their own profile."""
    return actor.is_staff()


def can_create_person(actor: Actor) -> bool:
    return actor.is_staff()


def can_manage_roles(actor: Actor) -> bool:
    return actor.is_coordinator()


def can_record_consent(actor: Actor, person: Person) -> bool:
    return can_view_person(actor, person)


def can_erase(actor: Actor, person: Person) -> bool:
    return (actor.system or actor.is_coordinator()) and person.network_id == actor.network.pk


# --- reading -----------------------------------------------------------------------------------


def get_person(actor: Actor, person_id: int, *, log_view: bool = True) -> Person:
    """Fetch one person for display; the read is logged (personal data)."""
    person = (
        Person.objects.filter(pk=person_id)
        .select_related("area", "network", "user")
        .prefetch_related("languages", "tags__tag")
        .first()
    )
    if person is None or person.merged_into_id or not can_view_person(actor, person):
        # Same answer for "does not exist" and "not yours": existence is not leaked. A merged record
        # is only reached through people.merge.survivor_id (its old id leads to the survivor).
        deny()
    if log_view:
        record(actor, kinds.PERSON_VIEWED, subject=person, obj=person)
    return person


def search_persons(
    actor: Actor, *, q: str = "", area=None, talent=None, need=None, language=None
) -> QuerySet[Person]:
    qs = visible_persons(actor).filter(anonymised_at__isnull=True).select_related("area")
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(street__icontains=word)
            )
    if area:
        qs = qs.filter(area_id=area)
    # EXISTS per filter instead of joins + DISTINCT over every column: at city scale the DISTINCT
    # sorted the whole people table for each page.
    if talent:
        qs = qs.filter(
            Exists(PersonTag.objects.filter(person=OuterRef("pk"), kind=PersonTag.Kind.TALENT, tag_id=talent))
        )
    if need:
        qs = qs.filter(
            Exists(PersonTag.objects.filter(person=OuterRef("pk"), kind=PersonTag.Kind.NEED, tag_id=need))
        )
    if language:
        spoken = Person.languages.through.objects.filter(person_id=OuterRef("pk"), language__code=language)
        qs = qs.filter(Exists(spoken))
    return qs


# --- writing -----------------------------------------------------------------------------------


def validate_person(person: Person) -> None:
    errors = {}
    year = timezone.now().year
    if person.birth_year is not None and not (1900 <= person.birth_year <= year):
        errors["birth_year"] = _("Enter a year between 1900 and %(year)s.") % {"year": year}
    if (person.latitude is None) != (person.longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if person.latitude is not None and not (-90 <= person.latitude <= 90):
        errors["latitude"] = _("Latitude must be between -90 and 90.")
    if person.longitude is not None and not (-180 <= person.longitude <= 180):
        errors["longitude"] = _("Longitude must be between -180 and 180.")
    valid_contact = set(Person.Contact.values)
    if (
        not isinstance(person.contact_preferences, list)
        or not set(person.contact_preferences) <= valid_contact
    ):
        errors["contact_preferences"] = _("Unknown way of contact.")
    if not isinstance(person.availability, list) or not set(person.availability) <= set(Person.Slot.values):
        errors["availability"] = _("Unknown availability.")
    if person.area_id is not None and person.area.network_id != person.network_id:
        errors["area"] = _("This area belongs to another network.")
    if errors:
        raise ValidationError(errors)


def place_person(person: Person, *, changed: set[str], created: bool) -> list[str]:
    """The point, sector and area of the person's address from the address register (the addresses
    app), for a new person or a changed address. Returns the person fields it changed."""
    from django.apps import apps

    if not apps.is_installed("zorgzaam.addresses"):
        return []
    from zorgzaam.addresses.placement import place_on_save

    return place_on_save(person, changed=changed, created=created)


@transaction.atomic
def create_person(actor: Actor, *, languages=(), tags=(), confirm_new: bool = False, **fields) -> Person:
    """A new person; refused with the likely duplicates (duplicates.LikelyDuplicates) among the
    people the actor may see unless `confirm_new` says the actor checked them."""
    _require(can_create_person(actor))
    check_new_person(visible_persons(actor), fields, confirm_new=confirm_new)
    person = Person(network=actor.network, **fields)
    person.full_clean(exclude=["network", "user", "languages"])
    validate_person(person)
    person.save()
    place_person(
        person, changed={name for name, value in fields.items() if value not in (None, "")}, created=True
    )
    if languages:
        person.languages.set(languages)
    set_tags(actor, person, tags, log=False)
    record(actor, kinds.PERSON_CREATED, subject=person, obj=person)
    return person


@transaction.atomic
def update_person(actor: Actor, person: Person, *, languages=None, tags=None, **fields) -> Person:
    _require(can_edit_person(actor, person))
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = []
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        # full_clean skips empty values of blank fields, so None would reach the NOT NULL column.
        if value is None and not Person._meta.get_field(name).null:
            raise ValidationError({name: _("This field cannot be empty.")})
        attr = "area_id" if name == "area" and not hasattr(value, "pk") else name
        if getattr(person, attr) != value:
            setattr(person, attr, value)
            changed.append(name)
    person.full_clean(exclude=["network", "user", "languages"])
    validate_person(person)
    person.save()
    changed += [f for f in place_person(person, changed=set(changed), created=False) if f not in changed]
    if languages is not None:
        before = set(person.languages.values_list("pk", flat=True))
        after = {getattr(lang, "pk", lang) for lang in languages}
        if before != after:
            person.languages.set(after)
            changed.append("languages")
    if tags is not None and set_tags(actor, person, tags, log=False):
        changed.append("tags")
    if changed:
        record(actor, kinds.PERSON_UPDATED, subject=person, obj=person, data={"fields": changed})
    return person


def set_tags(actor: Actor, person: Person, tags, *, log: bool = True) -> bool:
    """Replace the tags by `tags`, an iterable of (tag, kind, note). Returns whether anything changed."""
    wanted = {}
    for tag, kind, note in tags:
        tag_obj = tag if isinstance(tag, Tag) else Tag.objects.get(pk=tag)
        if tag_obj.network_id not in (None, person.network_id):
            raise ValidationError({"tags": _("Unknown tag.")})
        if kind not in PersonTag.Kind.values:
            raise ValidationError({"tags": _("Unknown kind of tag.")})
        wanted[(tag_obj.pk, kind)] = note or ""
    current = {(t.tag_id, t.kind): t for t in person.tags.all()}
    changed = False
    for key, row in current.items():
        if key not in wanted:
            row.delete()
            changed = True
        elif row.note != wanted[key]:
            row.note = wanted[key]
            row.save(update_fields=["note"])
            changed = True
    new = [
        PersonTag(person=person, tag_id=t, kind=k, note=n)
        for (t, k), n in wanted.items()
        if (t, k) not in current
    ]
    if new:
        PersonTag.objects.bulk_create(new)
        changed = True
    if changed and log:
        record(actor, kinds.PERSON_UPDATED, subject=person, obj=person, data={"fields": ["tags"]})
    return changed


@transaction.atomic
def grant_role(
    actor: Actor,
    person: Person,
    role: str,
    *,
    area=None,
    volunteer_kind=None,
    organisation=None,
    may_assist: bool = False,
) -> RoleAssignment:
    _require(can_manage_roles(actor) and person.network_id == actor.network.pk)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if area is not None and area.network_id != person.network_id:
        raise ValidationError({"area": _("This area belongs to another network.")})
    if role == Role.PARTNER and organisation is None:
        raise ValidationError({"organisation": _("Partner staff must be linked to an organisation.")})
    if organisation is not None and organisation.network_id != person.network_id:
        raise ValidationError({"organisation": _("This organisation belongs to another network.")})
    assignment = RoleAssignment.objects.create(
        person=person,
        role=role,
        area=area,
        volunteer_kind=volunteer_kind,
        organisation=organisation,
        may_assist=may_assist,
    )
    record(actor, kinds.ROLE_GRANTED, subject=person, obj=assignment, data={"role": role})
    return assignment


@transaction.atomic
def revoke_role(actor: Actor, assignment: RoleAssignment) -> None:
    _require(can_manage_roles(actor) and assignment.person.network_id == actor.network.pk)
    assignment.active = False
    assignment.save(update_fields=["active"])
    record(
        actor, kinds.ROLE_REVOKED, subject=assignment.person, obj=assignment, data={"role": assignment.role}
    )


# --- consent -----------------------------------------------------------------------------------


def current_consents(person: Person) -> dict[tuple[str, int | None], Consent]:
    """The newest decision per (purpose, organisation)."""
    latest: dict[tuple[str, int | None], Consent] = {}
    for c in person.consents.select_related("organisation", "recorded_by").order_by("-recorded_at", "-id"):
        latest.setdefault((c.purpose, c.organisation_id), c)
    return latest


def has_consent(person: Person, purpose: str, organisation=None) -> bool:
    """Whether the newest decision for this purpose (and organisation, for sharing) is 'given'.
    No decision recorded means no consent."""
    qs = Consent.objects.filter(person=person, purpose=purpose)
    if purpose == Consent.Purpose.SHARE:
        qs = qs.filter(organisation=organisation)
    latest = qs.order_by("-recorded_at", "-id").first()
    return bool(latest and latest.granted)


def persons_with_consent(qs: QuerySet[Person], purpose: str) -> QuerySet[Person]:
    """Filter a queryset to people whose newest decision for `purpose` is 'given' (for statistics)."""
    from django.db.models import OuterRef, Subquery

    newest = Consent.objects.filter(
        person=OuterRef("pk"), purpose=purpose, organisation__isnull=True
    ).order_by("-recorded_at", "-id")
    return qs.annotate(_consent=Subquery(newest.values("granted")[:1])).filter(_consent=True)


@transaction.atomic
def record_consent(
    actor: Actor,
    person: Person,
    *,
    purpose: str,
    granted: bool,
    channel: str,
    organisation=None,
    note: str = "",
) -> Consent:
    _require(can_record_consent(actor, person))
    errors = {}
    if purpose not in Consent.Purpose.values:
        errors["purpose"] = _("Unknown purpose.")
    if channel not in Consent.Channel.values:
        errors["channel"] = _("Unknown channel.")
    if purpose == Consent.Purpose.SHARE and organisation is None:
        errors["organisation"] = _("Name the organisation the data may be shared with.")
    if purpose != Consent.Purpose.SHARE and organisation is not None:
        errors["organisation"] = _("An organisation is only asked for sharing.")
    if organisation is not None and organisation.network_id != person.network_id:
        errors["organisation"] = _("This organisation belongs to another network.")
    if errors:
        raise ValidationError(errors)
    self_service = actor.person is not None and actor.person.pk == person.pk
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        granted=granted,
        channel=channel,
        organisation=organisation,
        note=note,
        recorded_by=actor.user,
        on_behalf=not self_service,
    )
    record(
        actor,
        kinds.CONSENT_RECORDED,
        subject=person,
        obj=consent,
        data={"purpose": purpose, "granted": granted, "organisation": getattr(organisation, "pk", None)},
    )
    return consent


# --- assisted use ------------------------------------------------------------------------------


def start_acting_for(actor: Actor, person: Person) -> None:
    _require(can_act_for(actor, person))
    record(actor, kinds.ACT_START, subject=person, obj=person)


def stop_acting_for(actor: Actor) -> None:
    if actor.on_behalf_of is not None:
        record(actor, kinds.ACT_STOP, subject=actor.on_behalf_of, obj=actor.on_behalf_of)


# --- rights of the person: export and erasure --------------------------------------------------


def export_person(actor: Actor, person: Person) -> dict:
    _require(can_view_person(actor, person))
    data = {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_year": person.birth_year,
        "languages": [lang.code for lang in person.languages.all()],
        "contact_preferences": person.contact_preferences,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "area": person.area.name if person.area_id else None,
        "lives_alone": person.lives_alone,
        "household_size": person.household_size,
        "capacity": person.capacity,
        "capacity_note": person.capacity_note,
        "availability": person.availability,
        "tags": [
            {"kind": t.kind, "tag": t.tag.code, "note": t.note} for t in person.tags.select_related("tag")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "granted": c.granted,
                "channel": c.channel,
                "organisation": c.organisation.name if c.organisation_id else None,
                "recorded_at": c.recorded_at.isoformat(),
            }
            for c in person.consents.select_related("organisation")
        ],
        "roles": [str(r) for r in person.roles.filter(active=True)],
    }
    from zorgzaam.core.registry import collect_person_exports

    data.update(collect_person_exports(person))
    record(actor, kinds.PERSON_EXPORTED, subject=person, obj=person)
    return data


# What erase_person wipes itself (the apps' hooks declare theirs in the registry): for the guard test.
ERASED_HERE = (
    "people.Person",
    "people.PersonTag",
    "people.Consent",
    "accounts.User",
    "accounts.ApiToken",
    "accounts.RecoveryCode",
)


def anonymise(person: Person) -> None:
    """Drop the identifying fields (not saved): for erasure, and for the duplicate of a merge."""
    person.first_name = _("Erased")
    person.last_name = f"#{person.pk}"
    if person.birth_year:
        person.birth_year = person.birth_year - person.birth_year % 10
    for name in ("phone", "email", "street", "house_number", "capacity_note"):
        setattr(person, name, "")
    person.latitude = person.longitude = None
    person.contact_preferences = []
    person.anonymised_at = timezone.now()
    person.user = None


@transaction.atomic
def erase_person(actor: Actor, person: Person) -> Person:
    """Anonymise: identifying data goes, the coarse facts statistics need (area, birth decade,
    household) stay, so reports keep adding up. Other apps wipe their own free text through the
    registry's erasure hooks, which run first so they still see the names and the login (to find
    texts that name the person). Then the login is deactivated and anonymised, its tokens revoked
    and its sessions ended, unless it still belongs to a person in another network."""
    from zorgzaam.accounts.erasure import erase_login
    from zorgzaam.core.registry import run_erasure_hooks

    _require(can_erase(actor, person))
    person = Person.objects.select_for_update().get(pk=person.pk)
    run_erasure_hooks(person)
    user = person.user
    anonymise(person)
    person.save()
    person.tags.update(note="")
    person.roles.update(active=False)
    # Consent rows are never changed, except that erasure empties the note (the decisions stay).
    person.consents.update(note="")
    if user is not None and not user.persons.filter(anonymised_at__isnull=True).exists():
        erase_login(user, person.pk)
    record(actor, kinds.PERSON_ERASED, subject=person, obj=person)
    return person


def age(person: Person, today: dt.date | None = None) -> int | None:
    if not person.birth_year:
        return None
    return (today or timezone.localdate()).year - person.birth_year


# --- retention ---------------------------------------------------------------------------------

# Events that show someone worked with the person (reads and exports do not keep data alive).
_CONTACT_EVENT_EXCLUDE = ("person.viewed", "person.exported", "audit.exported")


def retention_candidates(network, now=None) -> list[int]:
    """Residents of `network` with nothing recorded about them for `network.retention_months`:
    no login, no active role, no change and no logged contact since the cut-off, and nothing an app
    still keeps open for them (registered retention guards)."""
    from dateutil.relativedelta import relativedelta

    from zorgzaam.audit.models import Event
    from zorgzaam.core.registry import RETENTION_GUARDS

    if not network.retention_months:
        return []
    cutoff = (now or timezone.now()) - relativedelta(months=network.retention_months)
    recent = Event.objects.filter(network=network, at__gte=cutoff, subject__isnull=False).exclude(
        kind__in=_CONTACT_EVENT_EXCLUDE
    )
    ids = set(
        Person.objects.filter(
            network=network, user__isnull=True, anonymised_at__isnull=True, updated_at__lt=cutoff
        )
        .exclude(roles__active=True)
        .exclude(pk__in=recent.values("subject_id"))
        .values_list("pk", flat=True)
    )
    for guard in RETENTION_GUARDS:
        if not ids:
            break
        ids -= set(guard(network, set(ids), cutoff))
    return sorted(ids)


def apply_retention(network, now=None) -> int:
    """Anonymise the retention candidates of one network; each in its own transaction."""
    actor = system_actor(network)
    done = 0
    for person in Person.objects.filter(pk__in=retention_candidates(network, now)):
        erase_person(actor, person)
        done += 1
    return done
