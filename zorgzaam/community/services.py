"""Community life: every rule and permission decision about places, activities, occurrences,
registrations, attendance, evaluations and personal invitations.

Who may do what:
- coordinators manage everything in their network; professionals manage places and activities of
  their areas (a role without area: all);
- organisers of an activity (any person listed as organiser) manage its registrations and attendance;
- residents register and cancel for themselves; staff do it for someone (logged as on their behalf);
- attendance names and registrations are seen only by organisers and staff; public output has none.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.community.models import (
    Activity,
    Attendance,
    Evaluation,
    Invitation,
    Occurrence,
    Place,
    Registration,
    RouteStop,
)
from zorgzaam.community.recurrence import last_day, split_rule
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Consent, Person, Role

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


def _same_network(actor: Actor, obj_network_id) -> bool:
    return actor.network is not None and obj_network_id == actor.network.pk


# --- permissions -------------------------------------------------------------------------------


def is_member(actor: Actor) -> bool:
    """Anyone with a person record in the network sees the (non-personal) activity programme."""
    return actor.network is not None and (actor.person is not None or bool(actor.roles))


def can_create_place(actor: Actor) -> bool:
    return actor.network is not None and is_staff(actor)


def can_edit_place(actor: Actor, place: Place) -> bool:
    return _same_network(actor, place.network_id) and actor.covers_area(place.area_id)


def can_create_activity(actor: Actor) -> bool:
    return actor.network is not None and is_staff(actor)


def can_edit_activity(actor: Actor, activity: Activity) -> bool:
    return _same_network(actor, activity.network_id) and actor.covers_area(activity.area_id)


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
    if not _same_network(actor, activity.network_id):
        return False
    return actor.covers_area(activity.area_id) or is_organiser(actor, activity)


def can_invite(actor: Actor) -> bool:
    return actor.network is not None and is_staff(actor)


# --- places ------------------------------------------------------------------------------------


def visible_places(actor: Actor) -> QuerySet[Place]:
    if not is_member(actor):
        return Place.objects.none()
    return (
        Place.objects.filter(network=actor.network, active=True)
        .select_related("area", "owner_organisation", "runner_organisation", "owner_person", "runner_person")
        .prefetch_related("stops")
    )


def get_place(actor: Actor, pk: int) -> Place:
    place = visible_places(actor).filter(pk=pk).first()
    _require(place is not None)
    return place


def _validate_point(errors: dict, lat, lon, field="latitude") -> None:
    if (lat is None) != (lon is None):
        errors[field] = _("Give both latitude and longitude, or neither.")
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors[field] = _("This point is not on the map.")


def parse_route(text: str) -> list[dict]:
    """Route stops, one per line: 'HH:MM; name; latitude; longitude' (point optional)."""
    stops = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            time = dt.time.fromisoformat(parts[0])
            name = parts[1]
            lat = float(parts[2]) if len(parts) > 2 and parts[2] else None
            lon = float(parts[3]) if len(parts) > 3 and parts[3] else None
        except (ValueError, IndexError):
            raise ValidationError(
                {
                    "route": _("Line %(n)s: write 'time; stop; latitude; longitude', e.g. 10:00; Kerkplein.")
                    % {"n": n}
                }
            ) from None
        if not name:
            raise ValidationError({"route": _("Line %(n)s: the stop has no name.") % {"n": n}})
        errors: dict = {}
        _validate_point(errors, lat, lon, "route")
        if errors:
            raise ValidationError(errors)
        stops.append({"time": time, "name": name[:200], "latitude": lat, "longitude": lon})
    return stops


def route_text(place: Place) -> str:
    lines = []
    for s in place.stops.all():
        point = f"; {s.latitude}; {s.longitude}" if s.latitude is not None else ""
        lines.append(f"{s.time:%H:%M}; {s.name}{point}")
    return "\n".join(lines)


@transaction.atomic
def save_place(actor: Actor, place: Place | None = None, *, route=None, **fields) -> Place:
    """Create (place None) or update a place; `route` is a list of stop dicts replacing the route."""
    if place is None:
        _require(can_create_place(actor))
        place = Place(network=actor.network)
    else:
        _require(can_edit_place(actor, place))
        place = Place.objects.select_for_update().get(pk=place.pk)
    for name, value in fields.items():
        setattr(place, name, value)
    errors: dict = {}
    _validate_point(errors, place.latitude, place.longitude)
    bad = set(place.accessibility or []) - set(Place.Feature.values)
    if not isinstance(place.accessibility, list) or bad:
        errors["accessibility"] = _("Unknown accessibility feature.")
    net = actor.network.pk
    for name in ("area", "owner_organisation", "runner_organisation", "owner_person", "runner_person"):
        related = getattr(place, name)
        if related is not None and related.network_id != net:
            errors[name] = _("This belongs to another network.")
    if not actor.covers_area(place.area_id):
        errors["area"] = _("You can only manage places in your own areas.")
    if errors:
        raise ValidationError(errors)
    place.full_clean(exclude=["network"])
    place.save()
    if route is not None:
        place.stops.all().delete()
        RouteStop.objects.bulk_create(
            [RouteStop(place=place, order=i, **stop) for i, stop in enumerate(route, start=1)]
        )
    record(actor, PLACE_SAVED, obj=place, data={"fields": sorted(fields)})
    return place


# --- activities and recurrence -----------------------------------------------------------------


def parse_rule(rule: str, dtstart: dt.datetime):
    """The dateutil rule for an activity's RRULE text; clear errors for anything we do not accept."""
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    if parts.get("FREQ") not in ALLOWED_FREQ or "DTSTART" in text:
        raise ValidationError(
            {"rrule": _("Use a daily, weekly, monthly or yearly rule, e.g. FREQ=WEEKLY;BYDAY=TU.")}
        )
    # Both bounds at once is forbidden by RFC 5545; a zero interval repeats one date forever.
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError(
            {"rrule": _("End a repeat either on a date or after a number of times, not both.")}
        )
    for key in ("INTERVAL", "COUNT"):
        if key in parts and not (parts[key].isdigit() and 1 <= int(parts[key]) <= 1000):
            raise ValidationError({"rrule": _("INTERVAL and COUNT must be whole numbers from 1 to 1000.")})
    # UNTIL bounds the rule inclusively (RFC 5545): a bare date means "up to and including that day",
    # where dateutil alone would stop at its midnight and drop the last date.
    text = re.sub(r"(UNTIL=\d{8})(?=;|$)", r"\1T235959", text)
    try:
        return rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError):
        raise ValidationError({"rrule": _("This repeat rule is not valid.")}) from None


def _parse_exdates(values) -> list[dt.date]:
    out = []
    for v in values or []:
        try:
            out.append(v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)))
        except ValueError:
            raise ValidationError({"exdates": _("Write skipped dates as YYYY-MM-DD.")}) from None
    return out


def planned_starts(activity: Activity, since: dt.date, until: dt.date) -> list[dt.datetime]:
    """Start times between two dates (inclusive), as aware datetimes in local time.

    The rule runs on naive local wall-clock time and each result gets the zone afterwards, so a
    weekly 10:00 activity stays at 10:00 across the summer/winter time change."""
    tz = local_tz()
    dtstart = dt.datetime.combine(activity.start_date, activity.start_time)
    lo = dt.datetime.combine(since, dt.time.min)
    hi = dt.datetime.combine(until, dt.time.max)
    if not activity.rrule:
        starts = [dtstart] if lo <= dtstart <= hi else []
    else:
        rule = parse_rule(activity.rrule, dtstart)
        starts = []
        for s in rule.xafter(max(lo, dtstart), inc=True):
            if s > hi or len(starts) >= MAX_OCCURRENCES:
                break
            starts.append(s)
    skipped = set(_parse_exdates(activity.exdates))
    return [s.replace(tzinfo=tz) for s in starts if s.date() not in skipped]


def _validate_activity(actor: Actor, activity: Activity) -> None:
    errors: dict = {}
    net = actor.network.pk
    if activity.place_id and activity.place.network_id != net:
        errors["place"] = _("This belongs to another network.")
    if activity.area_id and activity.area.network_id != net:
        errors["area"] = _("This belongs to another network.")
    if activity.rrule:
        try:
            parse_rule(activity.rrule, dt.datetime.combine(activity.start_date, activity.start_time))
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            until = split_rule(activity.rrule).get("UNTIL")
            last = last_day(until, activity.start_time) if until else None
            if last is not None and activity.start_date and last < activity.start_date:
                errors["rrule"] = _("The repeat ends before the first date.")
    try:
        activity.exdates = [d.isoformat() for d in _parse_exdates(activity.exdates)]
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if activity.duration_minutes is not None and not (5 <= activity.duration_minutes <= 24 * 60):
        errors["duration_minutes"] = _("Give a duration between 5 minutes and a day.")
    if not actor.covers_area(activity.area_id):
        errors["area"] = _("You can only manage activities in your own areas.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_activity(actor: Actor, activity: Activity | None = None, *, organisers=None, **fields) -> Activity:
    if activity is None:
        _require(can_create_activity(actor))
        activity = Activity(network=actor.network)
    else:
        _require(can_edit_activity(actor, activity))
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.area_id is None and activity.place_id and activity.place.area_id:
        activity.area_id = activity.place.area_id
    _validate_activity(actor, activity)
    activity.full_clean(exclude=["network"])
    activity.save()
    if organisers is not None:
        people = list(organisers)
        if any(p.network_id != actor.network.pk for p in people):
            raise ValidationError({"organisers": _("This belongs to another network.")})
        activity.organisers.set(people)
    sync_occurrences(activity)
    record(actor, ACTIVITY_SAVED, obj=activity, data={"fields": sorted(fields)})
    return activity


def sync_occurrences(activity: Activity, *, today: dt.date | None = None, history_days: int = 60) -> int:
    """Make the stored occurrences follow the rule: add missing dates up to the horizon, and for
    future dates that left the rule remove them (or cancel them when people registered).
    Moved occurrences keep their row because they are keyed by their original start."""
    today = today or timezone.localdate()
    since = max(activity.start_date, today - dt.timedelta(days=history_days))
    until = today + dt.timedelta(days=HORIZON_DAYS)
    wanted = planned_starts(activity, since, until) if activity.active else []
    duration = dt.timedelta(minutes=activity.duration_minutes)
    existing = {o.original_start: o for o in activity.occurrences.filter(original_start__date__gte=since)}
    new = [
        Occurrence(activity=activity, original_start=s, starts_at=s, ends_at=s + duration)
        for s in wanted
        if s not in existing
    ]
    Occurrence.objects.bulk_create(new)
    now = timezone.now()
    wanted_set = set(wanted)
    for start, occ in existing.items():
        if start in wanted_set or occ.starts_at <= now:
            continue
        if occ.registrations.exclude(status=Registration.Status.CANCELLED).exists():
            if not occ.cancelled:
                occ.cancelled = True
                occ.save(update_fields=["cancelled"])
        else:
            occ.delete()
    return len(new)


def visible_activities(actor: Actor) -> QuerySet[Activity]:
    if not is_member(actor):
        return Activity.objects.none()
    return Activity.objects.filter(network=actor.network).select_related("place", "area")


def get_activity(actor: Actor, pk: int) -> Activity:
    activity = visible_activities(actor).filter(pk=pk).first()
    _require(activity is not None)
    return activity


def occurrences_qs(network) -> QuerySet[Occurrence]:
    taken = Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED))
    waiting = Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING))
    return (
        Occurrence.objects.filter(activity__network=network, activity__active=True)
        .select_related("activity", "activity__place", "activity__area")
        .annotate(taken=taken, waiting=waiting)
    )


def upcoming_occurrences(actor: Actor, *, days: int = 30, area=None, place=None, activity=None):
    if not is_member(actor):
        return Occurrence.objects.none()
    now = timezone.now()
    qs = occurrences_qs(actor.network).filter(
        starts_at__gte=now - dt.timedelta(hours=3), starts_at__lte=now + dt.timedelta(days=days)
    )
    if area is not None:
        qs = qs.filter(Q(activity__area=area) | Q(activity__place__area=area))
    if place is not None:
        qs = qs.filter(activity__place=place)
    if activity is not None:
        qs = qs.filter(activity=activity)
    return qs


def get_occurrence(actor: Actor, pk: int) -> Occurrence:
    occ = occurrences_qs(actor.network).filter(pk=pk).first() if is_member(actor) else None
    _require(occ is not None)
    return occ


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


@transaction.atomic
def move_occurrence(actor: Actor, occurrence: Occurrence, starts_at: dt.datetime) -> Occurrence:
    _require(can_edit_activity(actor, occurrence.activity) or can_manage_activity(actor, occurrence.activity))
    occ = Occurrence.objects.select_for_update().select_related("activity").get(pk=occurrence.pk)
    if timezone.is_naive(starts_at):
        starts_at = starts_at.replace(tzinfo=local_tz())
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a moment in the future.")})
    length = occ.ends_at - occ.starts_at
    occ.starts_at, occ.ends_at = starts_at, starts_at + length
    occ.save(update_fields=["starts_at", "ends_at"])
    _tell_participants(occ, cancelled=False)
    record(actor, OCCURRENCE_CHANGED, obj=occ, data={"moved": True})
    return occ


@transaction.atomic
def cancel_occurrence(actor: Actor, occurrence: Occurrence) -> Occurrence:
    _require(can_manage_activity(actor, occurrence.activity))
    occ = Occurrence.objects.select_for_update().select_related("activity").get(pk=occurrence.pk)
    if occ.cancelled:
        raise ValidationError(_("This date is already cancelled."))
    occ.cancelled = True
    occ.save(update_fields=["cancelled"])
    _tell_participants(occ, cancelled=True)
    record(actor, OCCURRENCE_CHANGED, obj=occ, data={"cancelled": True})
    return occ


def _occurrence_params(occ: Occurrence) -> dict:
    """What the notices about one date name; texts in community/texts.py, shown in the reader's language."""
    return {"occurrence": occ.pk, "activity": occ.activity.title, "when": occ.starts_at.isoformat()}


def _tell_participants(occ: Occurrence, *, cancelled: bool) -> None:
    from zorgzaam.notifications.services import notify

    regs = occ.registrations.exclude(status=Registration.Status.CANCELLED).select_related("person__user")
    params = {**_occurrence_params(occ), "cancelled": cancelled}
    for reg in regs:
        if reg.person.user_id:
            notify(
                reg.person.user,
                kind="community.occurrence_changed",
                params=params,
                network=occ.activity.network,
            )


# --- registrations and the waiting list ---------------------------------------------------------


def _is_self(actor: Actor, person: Person) -> bool:
    return actor.on_behalf_of is None and actor.person is not None and actor.person.pk == person.pk


def _may_register(actor: Actor, activity: Activity, person: Person) -> bool:
    if not _same_network(actor, person.network_id) or person.anonymised_at:
        return False
    if _is_self(actor, person):
        return True
    if actor.on_behalf_of is not None and actor.on_behalf_of.pk == person.pk:
        return True
    return can_manage_activity(actor, activity)


def register(actor: Actor, occurrence: Occurrence, person: Person | None = None) -> Registration:
    """Take a seat, or a place on the waiting list when the seats are taken.

    The occurrence row is locked (select_for_update) before counting, so two people going for the
    last seat are serialised: exactly one gets it, the other lands on the waiting list."""
    if person is None:
        person = actor.on_behalf_of or actor.person
    _require(person is not None and _same_network(actor, occurrence.activity.network_id))
    _require(_may_register(actor, occurrence.activity, person))
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
            on_behalf=not _is_self(actor, person),
        )
        record(
            actor,
            REGISTERED,
            subject=person,
            obj=reg,
            data={"status": status, "on_behalf": reg.on_behalf, "occurrence": occ.pk},
        )
    return reg


def can_cancel(actor: Actor, reg: Registration) -> bool:
    person = reg.person
    if _is_self(actor, person) or (actor.on_behalf_of is not None and actor.on_behalf_of.pk == person.pk):
        return _same_network(actor, person.network_id)
    return can_manage_activity(actor, reg.occurrence.activity)


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
            data={"on_behalf": not _is_self(actor, reg.person), "occurrence": occ.pk},
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
    params = _occurrence_params(occ)
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


# --- attendance --------------------------------------------------------------------------------


def has_started(occ: Occurrence) -> bool:
    return occ.starts_at <= timezone.now() + dt.timedelta(hours=1)


@transaction.atomic
def set_attendance(actor: Actor, occurrence: Occurrence, person: Person, present: bool) -> bool:
    _require(can_manage_activity(actor, occurrence.activity))
    if person.network_id != occurrence.activity.network_id:
        raise ValidationError({"person": _("This person belongs to another network.")})
    if not has_started(occurrence):
        raise ValidationError(_("Attendance can be recorded once the activity has started."))
    if present:
        _row, changed = Attendance.objects.get_or_create(
            occurrence=occurrence, person=person, defaults={"recorded_by": actor.user}
        )
    else:
        changed = bool(Attendance.objects.filter(occurrence=occurrence, person=person).delete()[0])
    if changed:
        record(actor, ATTENDANCE_SET, subject=person, obj=occurrence, data={"present": present})
    return changed


@transaction.atomic
def set_head_count(actor: Actor, occurrence: Occurrence, count: int | None) -> Occurrence:
    _require(can_manage_activity(actor, occurrence.activity))
    if count is not None and not (0 <= count <= 10000):
        raise ValidationError({"head_count": _("Give a number between 0 and 10000.")})
    if not has_started(occurrence):
        raise ValidationError(_("Attendance can be recorded once the activity has started."))
    Occurrence.objects.filter(pk=occurrence.pk).update(head_count=count)
    occurrence.head_count = count
    record(actor, HEAD_COUNT_SET, obj=occurrence, data={"head_count": count})
    return occurrence


def attendance_total(occurrence: Occurrence) -> dict:
    """Named and anonymous presences are separate: the head count is people without a name."""
    named = occurrence.attendances.count()
    return {
        "named": named,
        "anonymous": occurrence.head_count or 0,
        "total": named + (occurrence.head_count or 0),
    }


# --- evaluations -------------------------------------------------------------------------------


def can_evaluate(actor: Actor, occurrence: Occurrence) -> bool:
    if not _same_network(actor, occurrence.activity.network_id) or not has_started(occurrence):
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


@transaction.atomic
def evaluate(actor: Actor, occurrence: Occurrence, *, score: int, comment: str = "") -> Evaluation:
    _require(can_evaluate(actor, occurrence))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose one of the five faces.")})
    if len(comment or "") > 2000:
        raise ValidationError({"comment": _("Keep it under 2000 characters.")})
    by_organiser = can_manage_activity(actor, occurrence.activity) and actor.on_behalf_of is None
    ev = Evaluation.objects.create(
        occurrence=occurrence, score=score, comment=comment.strip(), by_organiser=by_organiser
    )
    record(actor, EVALUATED, obj=occurrence, data={"by_organiser": by_organiser})
    return ev


def evaluation_summary(occurrences) -> dict:
    """Aggregated and anonymous: counts per face and the average, never who said what."""
    rows = Evaluation.objects.filter(occurrence__in=occurrences)
    dist = {n: 0 for n in range(1, 6)}
    for row in rows.values("score").annotate(n=Count("id")):
        dist[row["score"]] = row["n"]
    total = sum(dist.values())
    average = round(sum(k * v for k, v in dist.items()) / total, 1) if total else None
    return {"count": total, "average": average, "distribution": dist}


def evaluation_comments(actor: Actor, activity: Activity, limit: int = 20) -> list[str]:
    _require(can_manage_activity(actor, activity))
    return list(
        Evaluation.objects.filter(occurrence__activity=activity)
        .exclude(comment="")
        .values_list("comment", flat=True)[:limit]
    )


# --- public output (no personal data) -----------------------------------------------------------


def public_occurrences(network, *, area=None, place=None, days: int = 60):
    now = timezone.now()
    qs = (
        Occurrence.objects.filter(
            activity__network=network,
            activity__public=True,
            activity__active=True,
            starts_at__gte=now - dt.timedelta(hours=2),
            starts_at__lte=now + dt.timedelta(days=days),
        )
        .select_related("activity", "activity__place")
        .order_by("starts_at", "id")
    )
    if area is not None:
        qs = qs.filter(
            Q(activity__area=area)
            | Q(activity__place__area=area)
            | Q(activity__area__isnull=True, activity__place__area__isnull=True)
        )
    if place is not None:
        qs = qs.filter(activity__place=place)
    return qs


def public_places(network, *, area=None):
    qs = Place.objects.filter(network=network, active=True).prefetch_related("stops")
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(area__isnull=True) | Q(mobile=True))
    return qs


# --- personal invitations ----------------------------------------------------------------------


def _contact_subquery():
    newest = Consent.objects.filter(
        person=OuterRef("pk"), purpose=Consent.Purpose.CONTACT, organisation__isnull=True
    ).order_by("-recorded_at", "-id")
    return Subquery(newest.values("granted")[:1])


def invitation_candidates(
    actor: Actor,
    *,
    min_age: int | None = 75,
    lives_alone: bool = False,
    area=None,
    months: int = 6,
    today: dt.date | None = None,
) -> QuerySet[Person]:
    """People not reached yet, built from records: age, living alone, and no registration, attendance,
    care request or open invitation in the last months. Only people who agreed to be contacted."""
    from zorgzaam.people.services import persons_with_consent, visible_persons

    _require(can_invite(actor))
    today = today or timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30 * months), dt.time.min))
    qs = visible_persons(actor).filter(anonymised_at__isnull=True)
    if min_age:
        qs = qs.filter(birth_year__isnull=False, birth_year__lte=today.year - min_age)
    if lives_alone:
        qs = qs.filter(lives_alone=True)
    if area is not None:
        qs = qs.filter(area=area)
    qs = qs.exclude(registrations__created_at__gte=since)
    qs = qs.exclude(attendances__occurrence__starts_at__gte=since)
    qs = qs.exclude(invitations__created_at__gte=since)
    qs = _exclude_recent_care(qs, since)
    qs = persons_with_consent(qs, Consent.Purpose.CONTACT)
    return qs.select_related("area").distinct()


def _exclude_recent_care(qs, since):
    """When the care app is installed and its request model points at a person, skip people with a
    recent request: they are already in touch."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if not apps.is_installed("zorgzaam.care"):
        return qs
    for name in ("Request", "CareRequest", "HelpRequest"):
        try:
            model = apps.get_model("care", name)
            model._meta.get_field("person")
            model._meta.get_field("created_at")
        except (LookupError, FieldDoesNotExist):
            continue
        recent = model.objects.filter(created_at__gte=since).values("person_id")
        return qs.exclude(pk__in=recent)
    return qs


@transaction.atomic
def create_invitations(
    actor: Actor,
    persons,
    *,
    activity: Activity | None = None,
    channel: str,
    assigned_to: Person | None = None,
) -> list[Invitation]:
    """All or nothing: one person without contact consent stops the whole batch."""
    from zorgzaam.people.services import can_view_person, has_consent

    _require(can_invite(actor))
    errors: dict = {}
    if channel not in Invitation.Channel.values:
        errors["channel"] = _("Unknown way of inviting.")
    if activity is not None and activity.network_id != actor.network.pk:
        errors["activity"] = _("This belongs to another network.")
    if assigned_to is not None:
        if (
            assigned_to.network_id != actor.network.pk
            or not assigned_to.roles.filter(role=Role.VOLUNTEER, active=True).exists()
        ):
            errors["assigned_to"] = _("Choose a volunteer of this network.")
    persons = list(persons)
    if not persons:
        errors["persons"] = _("Choose at least one person.")
    for p in persons:
        if not can_view_person(actor, p):
            deny()
        if not has_consent(p, Consent.Purpose.CONTACT):
            errors["persons"] = _("%(name)s did not agree to be contacted.") % {"name": p.full_name}
    if errors:
        raise ValidationError(errors)
    out = []
    for p in persons:
        inv = Invitation.objects.create(
            network=actor.network,
            person=p,
            activity=activity,
            channel=channel,
            assigned_to=assigned_to,
            created_by=actor.user,
        )
        record(actor, INVITATION_CREATED, subject=p, obj=inv, data={"channel": channel})
        out.append(inv)
    return out


def visible_invitations(actor: Actor) -> QuerySet[Invitation]:
    if actor.network is None:
        return Invitation.objects.none()
    qs = (
        Invitation.objects.filter(network=actor.network)
        .select_related("person", "activity", "assigned_to")
        .annotate(contact_ok=_contact_subquery_for("person"))
    )
    allowed = actor.area_q("person__area")
    if actor.person is not None and actor.has_role(Role.VOLUNTEER):
        allowed |= Q(assigned_to=actor.person)
    return qs.filter(allowed)


def _contact_subquery_for(prefix: str):
    newest = Consent.objects.filter(
        person=OuterRef(f"{prefix}_id"), purpose=Consent.Purpose.CONTACT, organisation__isnull=True
    ).order_by("-recorded_at", "-id")
    return Subquery(newest.values("granted")[:1])


def can_update_invitation(actor: Actor, inv: Invitation) -> bool:
    if not _same_network(actor, inv.network_id):
        return False
    if actor.person is not None and inv.assigned_to_id == actor.person.pk:
        return True
    return actor.covers_area(inv.person.area_id)


@transaction.atomic
def update_invitation(
    actor: Actor, invitation: Invitation, *, outcome: str, note: str | None = None
) -> Invitation:
    _require(can_update_invitation(actor, invitation))
    if outcome not in Invitation.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    inv = Invitation.objects.select_for_update().get(pk=invitation.pk)
    inv.outcome = outcome
    if note is not None:
        if len(note) > 300:
            raise ValidationError({"note": _("Keep it under 300 characters.")})
        inv.note = note
    inv.save(update_fields=["outcome", "note", "updated_at"])
    record(actor, INVITATION_UPDATED, subject=inv.person, obj=inv, data={"outcome": outcome})
    return inv


def person_language(person: Person) -> str:
    codes = {lang.code for lang in person.languages.all()}
    return "fr" if "fr" in codes and "nl" not in codes else "nl"


def invitation_letters_pdf(actor: Actor, invitations, activity: Activity | None = None) -> bytes:
    """A mail-merge: one page per person, in their language, with a window-envelope address block."""
    from zorgzaam.community.pdf import letters

    _require(can_invite(actor))
    invs = list(invitations)
    for inv in invs:
        _require(inv.network_id == actor.network.pk)
    record(actor, LETTERS_PRINTED, data={"count": len(invs)})
    return letters(actor.network, invs, activity)


# --- person panel, export and erasure ----------------------------------------------------------


def person_history(actor: Actor, person: Person) -> dict | None:
    from zorgzaam.people.services import can_view_person

    if not is_staff(actor) or not can_view_person(actor, person):
        return None
    regs = list(
        person.registrations.select_related("occurrence__activity").order_by("-occurrence__starts_at")[:20]
    )
    attended = list(
        person.attendances.select_related("occurrence__activity").order_by("-occurrence__starts_at")[:20]
    )
    return {"registrations": regs, "attendances": attended}


def prefetch_participants(qs):
    return qs.prefetch_related(
        Prefetch(
            "registrations",
            queryset=Registration.objects.exclude(status=Registration.Status.CANCELLED).select_related(
                "person"
            ),
        )
    )
