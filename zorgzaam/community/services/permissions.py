"""Community: audit kinds, limits and who may do what with places, activities, registrations and
invitations."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.community.models import (
    Activity,
    Invitation,
    Occurrence,
    Place,
    Registration,
)
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Person

PLACE_SAVED = kinds.register("community.place_saved", gettext_lazy("Meeting place saved"))
ACTIVITY_SAVED = kinds.register("community.activity_saved", gettext_lazy("Activity saved"))
OCCURRENCE_CHANGED = kinds.register("community.occurrence_changed", gettext_lazy("Activity date changed"))
REGISTERED = kinds.register("community.registered", gettext_lazy("Registered for an activity"))
REGISTRATION_CANCELLED = kinds.register(
    "community.registration_cancelled", gettext_lazy("Registration cancelled")
)
PROMOTED = kinds.register("community.promoted", gettext_lazy("Moved up from the waiting list"))
ATTENDANCE_SET = kinds.register("community.attendance", gettext_lazy("Attendance recorded"))
HEAD_COUNT_SET = kinds.register("community.head_count", gettext_lazy("Head count recorded"))
EVALUATED = kinds.register("community.evaluated", gettext_lazy("Activity evaluated"))
REGISTRATIONS_VIEWED = kinds.register(
    "community.registrations_viewed", gettext_lazy("List of participants viewed")
)
INVITATION_CREATED = kinds.register("community.invitation_created", gettext_lazy("Invitation created"))
INVITATION_UPDATED = kinds.register("community.invitation_updated", gettext_lazy("Invitation updated"))
INVITATIONS_VIEWED = kinds.register("community.invitations_viewed", gettext_lazy("Invitation list viewed"))
LETTERS_PRINTED = kinds.register("community.letters_printed", gettext_lazy("Invitation letters printed"))

ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
HORIZON_DAYS = 120  # how far ahead occurrences are generated
MAX_OCCURRENCES = 400  # per activity and generation, against runaway rules


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def same_network(actor: Actor, obj_network_id) -> bool:
    return actor.network is not None and obj_network_id == actor.network.pk


# --- permissions -------------------------------------------------------------------------------


def is_member(actor: Actor) -> bool:
    """Anyone with a person record in the network sees the (non-personal) activity programme."""
    return actor.network is not None and (actor.person is not None or bool(actor.roles))


def can_create_place(actor: Actor) -> bool:
    return actor.network is not None and is_staff(actor)


def can_edit_place(actor: Actor, place: Place) -> bool:
    return same_network(actor, place.network_id) and actor.covers_area(place.area_id)


def can_create_activity(actor: Actor) -> bool:
    return actor.network is not None and is_staff(actor)


def can_edit_activity(actor: Actor, activity: Activity) -> bool:
    return same_network(actor, activity.network_id) and actor.covers_area(activity.area_id)


def is_organiser(actor: Actor, activity: Activity) -> bool:
    if actor.person is None:
        return False
    cache = getattr(activity, "_organiser_ids", None)
    if cache is None:
        cache = set(activity.organisers.values_list("pk", flat=True))
        activity._organiser_ids = cache
    return actor.person.pk in cache


def can_manage_activity(actor: Actor, activity: Activity) -> bool:
    """Registrations, attendance and the participant list: staff of the area and the organisers."""
    if not same_network(actor, activity.network_id):
        return False
    return actor.covers_area(activity.area_id) or is_organiser(actor, activity)


def can_invite(actor: Actor) -> bool:
    return actor.network is not None and is_staff(actor)


def occurrence_params(occ: Occurrence) -> dict:
    """What the notices about one date name; texts in community/texts.py, shown in the reader's language."""
    return {"occurrence": occ.pk, "activity": occ.activity.title, "when": occ.starts_at.isoformat()}


# --- registrations and the waiting list ---------------------------------------------------------


def is_self(actor: Actor, person: Person) -> bool:
    return actor.on_behalf_of is None and actor.person is not None and actor.person.pk == person.pk


def may_register(actor: Actor, activity: Activity, person: Person) -> bool:
    if not same_network(actor, person.network_id) or person.anonymised_at:
        return False
    if is_self(actor, person):
        return True
    if actor.on_behalf_of is not None and actor.on_behalf_of.pk == person.pk:
        return True
    return can_manage_activity(actor, activity)


def can_cancel(actor: Actor, reg: Registration) -> bool:
    person = reg.person
    if is_self(actor, person) or (actor.on_behalf_of is not None and actor.on_behalf_of.pk == person.pk):
        return same_network(actor, person.network_id)
    return can_manage_activity(actor, reg.occurrence.activity)


# --- attendance --------------------------------------------------------------------------------


def has_started(occ: Occurrence) -> bool:
    return occ.starts_at <= timezone.now() + dt.timedelta(hours=1)


# --- evaluations -------------------------------------------------------------------------------


def can_evaluate(actor: Actor, occurrence: Occurrence) -> bool:
    if not same_network(actor, occurrence.activity.network_id) or not has_started(occurrence):
        return False
    if can_manage_activity(actor, occurrence.activity):
        return True
    person = actor.on_behalf_of or actor.person
    if person is None:
        return False
    return (
        occurrence.registrations.filter(person=person, status=Registration.Status.REGISTERED).exists()
        or occurrence.attendances.filter(person=person).exists()
    )


def can_update_invitation(actor: Actor, inv: Invitation) -> bool:
    if not same_network(actor, inv.network_id):
        return False
    if actor.person is not None and inv.assigned_to_id == actor.person.pk:
        return True
    return actor.covers_area(inv.person.area_id)
