"""Outreach: audit kinds, limits and who may plan, visit and call (predicates and visible sets)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.outreach.models import Circle, CircleMember, Round, Visit
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Consent, Person, Role, RoleAssignment
from zorgzaam.people.services import persons_with_consent

ROUND_PLANNED = kinds.register("outreach.round_planned", gettext_lazy("Visit round planned"))
ROUND_VIEWED = kinds.register("outreach.round_viewed", gettext_lazy("Visit round viewed"))
VISIT_ASSIGNED = kinds.register("outreach.visit_assigned", gettext_lazy("Visit assigned"))
VISIT_VIEWED = kinds.register("outreach.visit_viewed", gettext_lazy("Visit viewed"))
VISIT_RECORDED = kinds.register("outreach.visit_recorded", gettext_lazy("Visit recorded"))
CIRCLE_CREATED = kinds.register("outreach.circle_created", gettext_lazy("Check-in circle created"))
CIRCLE_VIEWED = kinds.register("outreach.circle_viewed", gettext_lazy("Check-in circle viewed"))
MEMBER_ADDED = kinds.register("outreach.member_added", gettext_lazy("Added to a check-in circle"))
MEMBER_REMOVED = kinds.register("outreach.member_removed", gettext_lazy("Removed from a check-in circle"))
CALL_LOGGED = kinds.register("outreach.call_logged", gettext_lazy("Check-in call logged"))
LIST_VIEWED = kinds.register("outreach.list_viewed", gettext_lazy("List of visits and calls viewed"))

HELPER_ROLES = (Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER)
MAX_TEXT = 1000


# --- who may see and do what -------------------------------------------------------------------


def in_network(actor: Actor, obj_network_id) -> bool:
    return actor.network is not None and actor.is_authenticated and obj_network_id == actor.network.pk


def area_ok(actor: Actor, area) -> bool:
    """An area of the actor's own network that they plan for (None: no area chosen)."""
    return area is None or (area.network_id == actor.network.pk and actor.covers_area(area))


def can_plan(actor: Actor) -> bool:
    return is_staff(actor)


def can_use(actor: Actor) -> bool:
    """Whether the outreach pages are for this actor at all (staff, or volunteers with assignments)."""
    return actor.network is not None and actor.is_authenticated and actor.has_role(*HELPER_ROLES)


def visible_visits(actor: Actor) -> QuerySet[Visit]:
    if actor.network is None or not actor.is_authenticated:
        return Visit.objects.none()
    qs = Visit.objects.filter(network=actor.network)
    allowed = actor.area_q("person__area")
    if actor.person is not None:
        allowed |= Q(visitor=actor.person)
    return qs.filter(allowed)


def visible_rounds(actor: Actor) -> QuerySet[Round]:
    if not is_staff(actor):
        return Round.objects.none()
    return Round.objects.filter(network=actor.network).filter(actor.area_q("area"))


def visible_circles(actor: Actor) -> QuerySet[Circle]:
    """Circles of the staff member's areas, and the circles they coach (which may span areas)."""
    if not is_staff(actor):
        return Circle.objects.none()
    return Circle.objects.filter(network=actor.network).filter(actor.area_q("area") | Q(coach=actor.person))


def visible_members(actor: Actor) -> QuerySet[CircleMember]:
    if actor.network is None or not actor.is_authenticated:
        return CircleMember.objects.none()
    qs = CircleMember.objects.filter(circle__network=actor.network)
    allowed = actor.area_q("circle__area")
    if is_staff(actor):
        allowed |= Q(circle__coach=actor.person)
    if actor.person is not None:
        allowed |= Q(caller=actor.person)
    return qs.filter(allowed)


def manages_visit(actor: Actor, visit: Visit) -> bool:
    return in_network(actor, visit.network_id) and actor.covers_area(visit.person.area_id)


def can_see_visit(actor: Actor, visit: Visit) -> bool:
    if not in_network(actor, visit.network_id):
        return False
    mine = actor.person is not None and visit.visitor_id == actor.person.pk
    return mine or manages_visit(actor, visit)


def can_record_visit(actor: Actor, visit: Visit) -> bool:
    if manages_visit(actor, visit):
        return True
    # The assigned volunteer records an open visit; a finished one is corrected by staff.
    return can_see_visit(actor, visit) and visit.is_open


def can_manage_circle(actor: Actor, circle: Circle) -> bool:
    if not in_network(actor, circle.network_id):
        return False
    coach = is_staff(actor) and actor.person is not None and circle.coach_id == actor.person.pk
    return coach or actor.covers_area(circle.area_id)


def can_log_call(actor: Actor, member: CircleMember) -> bool:
    if not in_network(actor, member.circle.network_id) or not member.active:
        return False
    mine = actor.person is not None and member.caller_id == actor.person.pk
    return mine or can_manage_circle(actor, member.circle)


# --- helpers -----------------------------------------------------------------------------------


def helpers_for(network, area=None) -> QuerySet[Person]:
    """People who can visit or call: active volunteers and staff of the network (area or network-wide)."""
    roles = RoleAssignment.objects.filter(active=True, role__in=HELPER_ROLES, person__network=network)
    if area is not None:
        roles = roles.filter(Q(area__isnull=True) | Q(area=area))
    return (
        Person.objects.filter(pk__in=roles.values("person_id"), anonymised_at__isnull=True)
        .order_by("first_name", "last_name", "id")
        .distinct()
    )


def check_helper(network, person, field: str, errors: dict) -> None:
    if person is None:
        return
    if person.network_id != network.pk or not helpers_for(network).filter(pk=person.pk).exists():
        errors[field] = _("Choose a volunteer or staff member of this network.")


def contact_ok_ids(person_ids) -> set[int]:
    """Ids (of those given) of people who currently agree to be contacted: one query."""
    ids = list(set(person_ids))
    if not ids:
        return set()
    return set(
        persons_with_consent(Person.objects.filter(pk__in=ids), Consent.Purpose.CONTACT).values_list(
            "pk", flat=True
        )
    )


CHECKLIST_CHANGED = kinds.register("outreach.checklist_changed", gettext_lazy("Visit checklist changed"))
