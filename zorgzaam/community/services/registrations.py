"""Community: registering for an occurrence, cancelling and the waiting list."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.community.models import (
    Attendance,
    Occurrence,
    Registration,
)
from zorgzaam.community.services.permissions import (
    PROMOTED,
    REGISTERED,
    REGISTRATION_CANCELLED,
    REGISTRATIONS_VIEWED,
    can_cancel,
    can_manage_activity,
    is_member,
    is_self,
    may_register,
    occurrence_params,
    same_network,
)
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Person, Role


def get_registration(actor: Actor, pk: int) -> Registration:
    """A registration in the actor's network (whether they may cancel it is cancel_registration's
    rule); a missing one and one of another network get the same refusal (no existence oracle)."""
    reg = (
        Registration.objects.select_related("occurrence__activity", "person")
        .filter(pk=pk, occurrence__activity__network=actor.network)
        .first()
        if is_member(actor)
        else None
    )
    _require(reg is not None)
    return reg


def register(actor: Actor, occurrence: Occurrence, person: Person | None = None) -> Registration:
    """Take a seat, or a place on the waiting list when the seats are taken.

    The occurrence row is locked (select_for_update) before counting, so two people going for the
    last seat are serialised: exactly one gets it, the other lands on the waiting list."""
    if person is None:
        person = actor.on_behalf_of or actor.person
    _require(person is not None and same_network(actor, occurrence.activity.network_id))
    _require(may_register(actor, occurrence.activity, person))
    with transaction.atomic():
        occ = Occurrence.objects.select_for_update().select_related("activity").get(pk=occurrence.pk)
        if occ.cancelled:
            raise ValidationError(_("This date is cancelled."))
        if occ.ends_at < timezone.now():
            raise ValidationError(_("This date is over."))
        if not occ.activity.active:
            raise ValidationError(_("This activity has stopped."))
        active = occ.registrations.exclude(status=Registration.Status.CANCELLED)
        if active.filter(person=person).exists():
            raise ValidationError(_("%(name)s is already registered.") % {"name": person.first_name})
        taken = active.filter(status=Registration.Status.REGISTERED).count()
        cap = occ.activity.capacity
        status = Registration.Status.REGISTERED if cap is None or taken < cap else Registration.Status.WAITING
        reg = Registration.objects.create(
            occurrence=occ,
            person=person,
            status=status,
            registered_by=actor.user,
            on_behalf=not is_self(actor, person),
        )
        record(
            actor,
            REGISTERED,
            subject=person,
            obj=reg,
            data={"status": status, "on_behalf": reg.on_behalf, "occurrence": occ.pk},
        )
    return reg


def cancel_registration(actor: Actor, registration: Registration) -> list[Registration]:
    """Cancel; when a seat frees up, the first on the waiting list moves up and hears about it.
    Returns the registrations that moved up."""
    _require(can_cancel(actor, registration))
    with transaction.atomic():
        occ = (
            Occurrence.objects.select_for_update()
            .select_related("activity")
            .get(pk=registration.occurrence_id)
        )
        reg = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        if reg.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration was already cancelled."))
        was_seated = reg.status == Registration.Status.REGISTERED
        reg.status = Registration.Status.CANCELLED
        reg.cancelled_at = timezone.now()
        reg.save(update_fields=["status", "cancelled_at"])
        record(
            actor,
            REGISTRATION_CANCELLED,
            subject=reg.person,
            obj=reg,
            data={"on_behalf": not is_self(actor, reg.person), "occurrence": occ.pk},
        )
        promoted = _fill_seats(actor, occ) if was_seated and occ.starts_at > timezone.now() else []
    return promoted


def _fill_seats(actor: Actor, occ: Occurrence) -> list[Registration]:
    cap = occ.activity.capacity
    seated = occ.registrations.filter(status=Registration.Status.REGISTERED).count()
    free = None if cap is None else max(cap - seated, 0)
    waiting = occ.registrations.filter(status=Registration.Status.WAITING).select_related("person__user")
    batch = list(
        waiting.order_by("created_at", "id") if free is None else waiting.order_by("created_at", "id")[:free]
    )
    now = timezone.now()
    for reg in batch:
        reg.status = Registration.Status.REGISTERED
        reg.promoted_at = now
        reg.save(update_fields=["status", "promoted_at"])
        record(actor, PROMOTED, subject=reg.person, obj=reg, data={"occurrence": occ.pk})
        _notice_promotion(occ, reg)
    return batch


def _notice_promotion(occ: Occurrence, reg: Registration) -> None:
    """People with a login get a message; for people without one, the organisers get a reminder to
    tell them (by phone or at the door)."""
    from zorgzaam.notifications.services import notify

    activity = occ.activity
    params = occurrence_params(occ)
    user = reg.person.user if reg.person.user_id else None
    if user is not None and user.is_active:
        notify(user, kind="community.promoted", params=params, network=activity.network)
        return
    organisers = list(activity.organisers.filter(user__isnull=False).select_related("user"))
    recipients = [o.user for o in organisers]
    if not recipients:
        from zorgzaam.people.models import RoleAssignment

        recipients = [
            r.person.user
            for r in RoleAssignment.objects.filter(
                person__network=activity.network,
                role=Role.COORDINATOR,
                active=True,
                person__user__isnull=False,
            ).select_related("person__user")
        ]
    for recipient in recipients:
        notify(
            recipient,
            kind="community.promoted_offline",
            params={**params, "name": reg.person.full_name, "phone": reg.person.phone},
            network=activity.network,
            email=False,
            about=reg.person,
        )


def registrations_for(actor: Actor, occurrence: Occurrence) -> QuerySet[Registration]:
    """The participant list (names): organisers and staff only, and the read is logged."""
    _require(can_manage_activity(actor, occurrence.activity))
    record(actor, REGISTRATIONS_VIEWED, obj=occurrence)
    return occurrence.registrations.exclude(status=Registration.Status.CANCELLED).select_related("person")


def my_registrations(actor: Actor, person: Person | None = None):
    person = person or actor.on_behalf_of or actor.person
    if person is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person=person, occurrence__ends_at__gte=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("occurrence__activity__place")
        .order_by("occurrence__starts_at")
    )


# --- person panel, export and erasure ----------------------------------------------------------


UPCOMING_ON_PERSON_PAGE = 3
PAST_ON_PERSON_PAGE = 20


def person_history(actor: Actor, person: Person) -> dict | None:
    """The person page's activities: the next three registrations, earlier ones each marked attended,
    absent or not recorded, and every named presence (also without registering).

    Absent means attendance was taken for that occurrence (someone's name was ticked or a head count
    was entered) without this person; not recorded means nobody recorded attendance at all."""
    from zorgzaam.people.services import can_view_person

    if not is_staff(actor) or not can_view_person(actor, person):
        return None
    now = timezone.now()
    active = (
        person.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(occurrence__cancelled=False)
        .select_related("occurrence__activity")
    )
    upcoming = list(
        active.filter(occurrence__starts_at__gte=now).order_by("occurrence__starts_at", "id")[
            :UPCOMING_ON_PERSON_PAGE
        ]
    )
    # A past place on the waiting list was never a place: only registrations that held one.
    past = list(
        active.filter(status=Registration.Status.REGISTERED, occurrence__starts_at__lt=now)
        .annotate(
            came=Exists(Attendance.objects.filter(occurrence=OuterRef("occurrence_id"), person=person)),
            taken=Exists(Attendance.objects.filter(occurrence=OuterRef("occurrence_id"))),
        )
        .order_by("-occurrence__starts_at", "-id")[:PAST_ON_PERSON_PAGE]
    )
    for r in past:
        recorded = r.taken or r.occurrence.head_count is not None
        r.presence = PRESENCE_ATTENDED if r.came else PRESENCE_ABSENT if recorded else PRESENCE_UNKNOWN
    attended = list(
        person.attendances.select_related("occurrence__activity").order_by("-occurrence__starts_at")[:20]
    )
    return {"upcoming": upcoming, "past": past, "attendances": attended}


PRESENCE_ATTENDED, PRESENCE_ABSENT, PRESENCE_UNKNOWN = "attended", "absent", "not_recorded"


def prefetch_participants(qs):
    return qs.prefetch_related(
        Prefetch(
            "registrations",
            queryset=Registration.objects.exclude(status=Registration.Status.CANCELLED).select_related(
                "person"
            ),
        )
    )
