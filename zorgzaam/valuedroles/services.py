"""Socially valued roles (VVSG function 5): roles and tasks the network offers, who holds them, and
suggestions of people whose talents and draagkracht fit. Anyone can be suggested: the fit is about
talents, capacity and time, never about a label. Only people who agreed to be contacted appear."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny as _deny
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, PersonTag
from zorgzaam.people.models import Person as P
from zorgzaam.people.services import persons_with_consent
from zorgzaam.reference.services import framework
from zorgzaam.valuedroles.models import RoleHolding, ValuedRole
from zorgzaam.volunteers.services import can_manage_volunteer

ROLE_SAVED = kinds.register("valuedroles.role_saved", gettext_lazy("Valued role saved"))
HOLDING_SAVED = kinds.register("valuedroles.holding_saved", gettext_lazy("Valued role given or ended"))
SUGGESTIONS_VIEWED = kinds.register(
    "valuedroles.suggestions_viewed", gettext_lazy("Suggestions for a valued role viewed")
)

# The four day-activity components of seed 000 (buurtgericht ondernemen). The Dutch label comes from
# the framework itself; codes and French/English labels are ours.
_COMPONENT_CODES = [
    ("arbeid", "work", "travail", "Work"),
    ("vrije tijd", "leisure", "temps libre (sport, art et culture)", "Leisure (sport, art and culture)"),
    ("leren", "learning", "apprendre et se développer", "Learning and development"),
    ("zorgondersteuning", "care_support", "soutien aux soins", "Care support"),
]


def components() -> list[dict]:
    """[{code, nl, fr, en}] in the order of the framework."""
    out = []
    for text in framework("buurtgericht_ondernemen")["dagbesteding_components"]:
        for prefix, code, fr, en in _COMPONENT_CODES:
            if text.lower().startswith(prefix):
                out.append({"code": code, "nl": text, "fr": fr, "en": en})
                break
    return out


def component_choices() -> list[tuple[str, str]]:
    lang = (get_language() or "nl")[:2]
    return [
        (c["code"], (c.get(lang) or c["nl"])[:1].upper() + (c.get(lang) or c["nl"])[1:]) for c in components()
    ]


# --- access ----------------------------------------------------------------------------------


def can_view_roles(actor: Actor) -> bool:
    """Roles are offers, not personal data: everyone with a role in the network may read them."""
    return actor.network is not None and actor.is_authenticated and bool(actor.roles)


def can_manage_role(actor: Actor, role: ValuedRole | None = None, area=None) -> bool:
    if actor.network is None:
        return False
    if role is not None and role.network_id != actor.network.pk:
        return False
    return actor.covers_area(role.area_id if role is not None else area)


def can_create_role(actor: Actor) -> bool:
    """Coordinators and professionals create roles (a professional for one of their areas)."""
    return actor.network is not None and actor.covered_area_ids() != set()


def can_manage_person(actor: Actor, person: Person) -> bool:
    return can_manage_volunteer(actor, person)


def visible_roles(actor: Actor) -> QuerySet[ValuedRole]:
    if not can_view_roles(actor):
        return ValuedRole.objects.none()
    return (
        ValuedRole.objects.filter(network=actor.network)
        .select_related("organisation", "area")
        .prefetch_related("talents")
    )


def get_role(actor: Actor, pk: int) -> ValuedRole:
    role = visible_roles(actor).filter(pk=pk).first()
    if role is None:
        _deny()
    return role


def holders(actor: Actor, role: ValuedRole) -> list[RoleHolding]:
    """Who holds the role: managers see everyone they manage, others only themselves."""
    rows = list(role.holdings.select_related("person", "person__area"))
    return [
        h
        for h in rows
        if can_manage_person(actor, h.person) or (actor.person and h.person_id == actor.person.pk)
    ]


def holdings_of(person: Person) -> QuerySet[RoleHolding]:
    return RoleHolding.objects.filter(person=person).select_related("role")


# --- writing ---------------------------------------------------------------------------------

ROLE_FIELDS = (
    "title",
    "description",
    "components",
    "required_capacity",
    "hours_per_week",
    "place",
    "organisation",
    "area",
    "availability",
    "active",
)


def _validate_role(actor: Actor, role: ValuedRole) -> None:
    errors = {}
    if not (role.title or "").strip():
        errors["title"] = _("Give the role a title.")
    valid = {c["code"] for c in components()}
    if not isinstance(role.components, list) or not set(role.components) <= valid:
        errors["components"] = _("Unknown day-activity component.")
    if role.required_capacity not in (0, 1, 2, 3):
        errors["required_capacity"] = _("Choose a level between 0 and 3.")
    try:
        hours = Decimal(str(role.hours_per_week))
        if not (0 <= hours <= 60):
            raise ValueError
    except Exception:  # noqa: BLE001
        errors["hours_per_week"] = _("Enter between 0 and 60 hours.")
    if not isinstance(role.availability, list) or not set(role.availability) <= set(P.Slot.values):
        errors["availability"] = _("Unknown availability.")
    if role.organisation_id and role.organisation.network_id != actor.network.pk:
        errors["organisation"] = _("This organisation belongs to another network.")
    if role.area_id and role.area.network_id != actor.network.pk:
        errors["area"] = _("This area belongs to another network.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_role(actor: Actor, role: ValuedRole | None = None, *, talents=None, **fields) -> ValuedRole:
    for name in fields:
        if name not in ROLE_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
    if role is None:
        if not can_manage_role(actor, area=fields.get("area")):
            _deny()
        role = ValuedRole(network=actor.network)
    else:
        if not can_manage_role(actor, role):
            _deny()
        role = ValuedRole.objects.select_for_update().get(pk=role.pk)
    for name, value in fields.items():
        setattr(role, name, value)
    if role.pk and not can_manage_role(actor, area=role.area_id) and not actor.is_coordinator():
        _deny()  # a professional cannot move a role out of their areas
    _validate_role(actor, role)
    if talents is not None and any(t.network_id not in (None, actor.network.pk) for t in talents):
        raise ValidationError({"talents": _("Unknown talent.")})
    role.save()
    if talents is not None:
        role.talents.set(talents)
    record(actor, ROLE_SAVED, obj=role)
    return role


@transaction.atomic
def assign(
    actor: Actor, role: ValuedRole, person: Person, *, start_on=None, review_on=None, note: str = ""
) -> RoleHolding:
    if not can_manage_role(actor, role) or not can_manage_person(actor, person) or person.anonymised_at:
        _deny()
    start_on = start_on or timezone.localdate()
    if review_on is not None and review_on < start_on:
        raise ValidationError({"review_on": _("The review date must come after the start.")})
    if RoleHolding.objects.filter(role=role, person=person, end_on__isnull=True).exists():
        raise ValidationError({"person": _("This person already holds this role.")})
    holding = RoleHolding.objects.create(
        role=role, person=person, start_on=start_on, review_on=review_on, note=note[:300]
    )
    record(actor, HOLDING_SAVED, subject=person, obj=holding, data={"role": role.pk, "start": True})
    return holding


@transaction.atomic
def end_holding(actor: Actor, holding: RoleHolding, *, end_on=None) -> RoleHolding:
    if not can_manage_role(actor, holding.role) or not can_manage_person(actor, holding.person):
        _deny()
    end_on = end_on or timezone.localdate()
    if end_on < holding.start_on:
        raise ValidationError({"end_on": _("The end must come after the start.")})
    holding.end_on = end_on
    holding.save(update_fields=["end_on"])
    record(
        actor, HOLDING_SAVED, subject=holding.person, obj=holding, data={"role": holding.role_id, "end": True}
    )
    return holding


# --- suggestions -----------------------------------------------------------------------------


def suggest(actor: Actor, role: ValuedRole, *, limit: int = 20) -> list[dict]:
    """People who may fit, best first, each with the reasons. Only people this actor manages who
    agreed to be contacted; people whose draagkracht is below what the role asks are left out."""
    if not can_manage_role(actor, role):
        _deny()
    qs = Person.objects.filter(
        network=actor.network, anonymised_at__isnull=True, capacity__gte=role.required_capacity
    )
    qs = qs.filter(actor.area_q("area"))
    busy = RoleHolding.objects.filter(role=role, end_on__isnull=True).values("person_id")
    # The load cap protects volunteers: whoever already holds as many roles as their profile allows
    # is not asked for one more.
    active_roles = Count("role_holdings", filter=Q(role_holdings__end_on__isnull=True), distinct=True)
    qs = (
        qs.exclude(pk__in=busy)
        .annotate(_active_roles=active_roles)
        .exclude(volunteer_profile__isnull=False, _active_roles__gte=F("volunteer_profile__max_active_tasks"))
    )
    qs = (
        persons_with_consent(qs, "contact")
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "tags",
                queryset=PersonTag.objects.filter(kind=PersonTag.Kind.TALENT).select_related("tag"),
                to_attr="talent_tags",
            )
        )
    )
    wanted = {t.pk: t for t in role.talents.all()}
    slots = set(role.availability or [])
    slot_labels = dict(Person.Slot.choices)
    out = []
    for person in qs:
        overlap = [t.tag for t in person.talent_tags if t.tag_id in wanted]
        free = slots & set(person.availability or []) if slots else set()
        same_area = role.area_id is not None and person.area_id == role.area_id
        score = 3 * len(overlap) + len(free) + (2 if same_area else 0)
        if wanted and not overlap:
            continue  # without a shared talent the suggestion is noise
        reasons = []
        if overlap:
            reasons.append(_("Talents: %(tags)s") % {"tags": ", ".join(t.name for t in overlap)})
        reasons.append(_("Can take on: %(level)s") % {"level": person.get_capacity_display()})
        if free:
            reasons.append(
                _("Free: %(slots)s") % {"slots": ", ".join(str(slot_labels[s]) for s in sorted(free))}
            )
        if same_area:
            reasons.append(_("Lives in %(area)s") % {"area": person.area})
        out.append({"person": person, "score": score, "reasons": reasons})
    out.sort(key=lambda r: (-r["score"], r["person"].last_name, r["person"].first_name, r["person"].pk))
    out = out[:limit]
    record(actor, SUGGESTIONS_VIEWED, obj=role, data={"count": len(out)})
    return out


# --- rights of the person --------------------------------------------------------------------


def export_person(person: Person) -> dict:
    rows = [
        {
            "role": h.role.title,
            "start_on": h.start_on.isoformat(),
            "end_on": h.end_on.isoformat() if h.end_on else None,
            "note": h.note,
        }
        for h in holdings_of(person)
    ]
    return {"valued_roles": rows} if rows else {}


def erase_person(person: Person) -> None:
    RoleHolding.objects.filter(person=person).update(note="")


def active_holdings_q() -> Q:
    return Q(end_on__isnull=True) | Q(end_on__gte=timezone.localdate())


def retention_guard(network, person_ids: set, cutoff) -> set:
    """Keep people who hold a role, or held one after the cut-off."""
    day = cutoff.date() if hasattr(cutoff, "date") else cutoff
    return set(
        RoleHolding.objects.filter(person_id__in=list(person_ids))
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=day))
        .values_list("person_id", flat=True)
    )
