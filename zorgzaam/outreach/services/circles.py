"""Outreach: check-in circles, their members and calls."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.care.services import coach_users, record_signal
from zorgzaam.core.permissions import require as _require
from zorgzaam.notifications.services import notify
from zorgzaam.outreach.models import Call, Circle, CircleMember
from zorgzaam.outreach.services.permissions import (
    CALL_LOGGED,
    CIRCLE_CREATED,
    CIRCLE_VIEWED,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    area_ok,
    can_log_call,
    can_manage_circle,
    can_plan,
    check_helper,
    contact_ok_ids,
    helpers_for,
    visible_circles,
)
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Person
from zorgzaam.people.services import STAFF_ROLES

# --- check-in circles --------------------------------------------------------------------------


@transaction.atomic
def create_circle(actor: Actor, *, name: str, area=None, coach: Person | None = None) -> Circle:
    _require(can_plan(actor) and area_ok(actor, area))
    errors: dict = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the circle a name.")
    if area is not None and area.network_id != actor.network.pk:
        errors["area"] = _("This area belongs to another network.")
    if (
        coach is not None
        and not helpers_for(actor.network).filter(pk=coach.pk, roles__role__in=STAFF_ROLES).exists()
    ):
        errors["coach"] = _("Choose a professional or coordinator of this network.")
    if errors:
        raise ValidationError(errors)
    circle = Circle.objects.create(network=actor.network, area=area, name=name, coach=coach)
    record(actor, CIRCLE_CREATED, obj=circle)
    return circle


def get_circle(actor: Actor, pk: int) -> Circle:
    circle = visible_circles(actor).select_related("area", "coach").filter(pk=pk).first()
    _require(circle is not None)
    record(actor, CIRCLE_VIEWED, obj=circle)
    return circle


def circle_members(circle: Circle) -> QuerySet[CircleMember]:
    return circle.members.filter(active=True).select_related("person", "caller")


@transaction.atomic
def add_member(
    actor: Actor,
    circle: Circle,
    *,
    person: Person,
    caller: Person,
    frequency: str = "weekly",
    started_on: dt.date | None = None,
) -> CircleMember:
    _require(can_manage_circle(actor, circle))
    errors: dict = {}
    started_on = started_on or timezone.localdate()
    if person.network_id != actor.network.pk or person.anonymised_at:
        errors["person"] = _("Unknown person.")
    elif not contact_ok_ids([person.pk]):
        errors["person"] = _("Ask consent first: this person has not agreed to be contacted.")
    elif circle.members.filter(person=person, active=True).exists():
        errors["person"] = _("This person is already in the circle.")
    check_helper(actor.network, caller, "caller", errors)
    if caller is not None and caller.pk == person.pk:
        errors["caller"] = _("Someone cannot call themselves.")
    if frequency not in CircleMember.Frequency.values:
        errors["frequency"] = _("Choose how often.")
    if errors:
        raise ValidationError(errors)
    member = CircleMember.objects.create(
        circle=circle,
        person=person,
        caller=caller,
        frequency=frequency,
        started_on=started_on,
        next_due_on=started_on,
    )
    record(actor, MEMBER_ADDED, subject=person, obj=member)
    return member


@transaction.atomic
def remove_member(actor: Actor, member: CircleMember) -> None:
    member = (
        CircleMember.objects.select_for_update(of=("self",))
        .select_related("circle", "person")
        .get(pk=member.pk)
    )
    _require(can_manage_circle(actor, member.circle))
    member.active = False
    member.save(update_fields=["active"])
    record(actor, MEMBER_REMOVED, subject=member.person, obj=member)


def calls_due(actor: Actor, today: dt.date | None = None) -> list[CircleMember]:
    """The calls this actor has to make today (overdue ones included)."""
    if actor.person is None or actor.network is None:
        return []
    today = today or timezone.localdate()
    return list(
        CircleMember.objects.filter(
            circle__network=actor.network,
            circle__active=True,
            caller=actor.person,
            active=True,
            next_due_on__lte=today,
        )
        .select_related("person", "circle")
        .order_by("next_due_on", "person__first_name", "id")
    )


def flagged_members(actor: Actor) -> QuerySet[CircleMember]:
    """Members not reached twice or more in a row, in circles this staff member sees."""
    if not is_staff(actor):
        return CircleMember.objects.none()
    return (
        CircleMember.objects.filter(circle__in=visible_circles(actor), active=True, missed_in_row__gte=2)
        .select_related("person", "circle", "caller")
        .order_by("person__first_name", "id")
    )


def _coach_users(circle: Circle) -> list:
    if circle.coach_id and circle.coach.user_id:
        return [circle.coach.user]
    return coach_users(circle.network, circle.area)


@transaction.atomic
def log_call(
    actor: Actor,
    member: CircleMember,
    *,
    outcome: str,
    note: str = "",
    called_on: dt.date | None = None,
    signal: dict | None = None,
) -> Call:
    """Log one check-in call. Not reached twice in a row: the coach hears of it. A worry becomes a
    care signal (source "checkin")."""
    member = (
        CircleMember.objects.select_for_update(of=("self",))
        .select_related("circle", "person", "caller")
        .get(pk=member.pk)
    )
    _require(can_log_call(actor, member))
    errors: dict = {}
    today = timezone.localdate()
    called_on = called_on or today
    note = (note or "").strip()
    if outcome not in Call.Outcome.values:
        errors["outcome"] = _("Choose how the call went.")
    if called_on > today:
        errors["called_on"] = _("The date cannot be in the future.")
    if len(note) > 500:
        errors["note"] = _("Keep it shorter (at most %(n)d characters).") % {"n": 500}
    if outcome == Call.Outcome.SIGNAL and not (note or (signal or {}).get("description")):
        errors["note"] = _("Describe the worry to pass on.")
    if errors:
        raise ValidationError(errors)
    signal_obj = None
    if outcome == Call.Outcome.SIGNAL:
        s = signal or {}
        try:
            signal_obj = record_signal(
                actor,
                person=member.person,
                description=s.get("description") or note,
                themes=s.get("themes", ()),
                urgency=s.get("urgency", "normal"),
                consent_status=s.get("consent_status", "given"),
                consent_reason=s.get("consent_reason", ""),
                source="checkin",
                area=member.person.area,
            )
        except ValidationError as exc:
            raise ValidationError({"signal_" + k: v for k, v in exc.message_dict.items()}) from exc
    call = Call.objects.create(
        member=member,
        caller=actor.person,
        called_on=called_on,
        outcome=outcome,
        note=note,
        signal_id=getattr(signal_obj, "pk", None),
    )
    member.last_call_on = called_on
    if outcome == Call.Outcome.NOT_REACHED:
        member.missed_in_row += 1
        member.next_due_on = called_on + dt.timedelta(days=1)  # try again tomorrow
    else:
        member.missed_in_row = 0
        member.next_due_on = called_on + dt.timedelta(days=member.interval_days)
    member.save(update_fields=["last_call_on", "missed_in_row", "next_due_on"])
    if member.missed_in_row == 2:
        for user in _coach_users(member.circle):
            notify(
                user,
                kind="outreach.not_reached",
                params={
                    "circle_id": member.circle_id,
                    "name": member.person.first_name,
                    "circle": member.circle.name,
                },
                network=member.circle.network,
                about=member.person,
            )
    record(
        actor,
        CALL_LOGGED,
        subject=member.person,
        obj=call,
        data={"outcome": outcome, "missed_in_row": member.missed_in_row, "signal": call.signal_id},
    )
    return call
