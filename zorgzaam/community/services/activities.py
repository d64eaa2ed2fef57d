"""Community: activities, their recurrence and their occurrences."""

from __future__ import annotations

import datetime as dt
import re

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.community.models import (
    Activity,
    Occurrence,
    Registration,
)
from zorgzaam.community.recurrence import last_day, split_rule
from zorgzaam.community.services.permissions import (
    ACTIVITY_SAVED,
    ALLOWED_FREQ,
    HORIZON_DAYS,
    MAX_OCCURRENCES,
    OCCURRENCE_CHANGED,
    can_create_activity,
    can_edit_activity,
    can_manage_activity,
    is_member,
    local_tz,
    occurrence_params,
)
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor

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


def _tell_participants(occ: Occurrence, *, cancelled: bool) -> None:
    from zorgzaam.notifications.services import notify

    regs = occ.registrations.exclude(status=Registration.Status.CANCELLED).select_related("person__user")
    params = {**occurrence_params(occ), "cancelled": cancelled}
    for reg in regs:
        if reg.person.user_id:
            notify(
                reg.person.user,
                kind="community.occurrence_changed",
                params=params,
                network=occ.activity.network,
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
