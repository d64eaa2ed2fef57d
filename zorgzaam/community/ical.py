"""Public calendar feeds (RFC 5545 with the RFC 7986 additions): titles, times and places only.

A recurring activity is one VEVENT with its RRULE and EXDATEs; a moved date is an override with
RECURRENCE-ID and a cancelled date an override with STATUS:CANCELLED, so calendar apps show one
series instead of dozens of loose events. Times carry TZID=Europe/Brussels (or the site's zone) and
the calendar always holds that VTIMEZONE, which also keeps an empty feed a valid calendar.
UIDs are UUIDv5 values from a per-installation namespace: stable, globally unique, and without a
host name (RFC 7986 section 5.3).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from .models import Activity, Occurrence
from .services import parse_rule


def installation_namespace() -> uuid.UUID:
    """ZORGZAAM_INSTALLATION_ID when set, else derived from the base URL: both stay put for an
    installation, so a subscriber's calendar keeps recognising the same events."""
    configured = getattr(settings, "ZORGZAAM_INSTALLATION_ID", "")
    if configured:
        return uuid.UUID(str(configured))
    return uuid.uuid5(uuid.NAMESPACE_URL, settings.ZORGZAAM_BASE_URL)


def event_uid(kind: str, pk: int) -> str:
    return str(uuid.uuid5(installation_namespace(), f"{kind}:{pk}"))


def _public_activities(network, *, area=None, place=None):
    qs = Activity.objects.filter(network=network, public=True, active=True).select_related("place")
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(place__area=area) | Q(area__isnull=True, place__area__isnull=True))
    if place is not None:
        qs = qs.filter(place=place)
    return qs.order_by("pk")


def _recur(activity: Activity, tz):
    """The activity's rule as an icalendar vRecur. RFC 5545 wants UNTIL in UTC when DTSTART has a
    TZID, so a date or local UNTIL becomes the end of that local day in UTC."""
    from icalendar import vRecur

    text = activity.rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    rule = vRecur.from_ical(text)
    until = rule.get("UNTIL")
    if until:
        value = until[0]
        if isinstance(value, dt.datetime):
            local = value if value.tzinfo else value.replace(tzinfo=tz)
        else:
            local = dt.datetime.combine(value, dt.time(23, 59, 59), tzinfo=tz)
        rule["UNTIL"] = [local.astimezone(dt.UTC)]
    return rule


def _base_event(activity: Activity, uid: str, stamp: dt.datetime):
    from icalendar import Event

    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("summary", activity.title)
    if activity.description:
        ev.add("description", activity.description)
    p = activity.place
    if p is not None:
        ev.add("location", ", ".join(x for x in (p.name, p.address) if x))
    return ev


def _timed(ev, start: dt.datetime, end: dt.datetime, tz) -> None:
    ev.add("dtstart", start.astimezone(tz))
    ev.add("dtend", end.astimezone(tz))


def feed(network, *, area=None, place=None, name: str = "") -> bytes:
    from icalendar import Calendar, Timezone

    tz = timezone.get_default_timezone()
    cal = Calendar()
    cal.add("prodid", "-//Zorgzaam//community//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name or network.name)  # RFC 7986
    cal.add("x-wr-calname", name or network.name)
    cal.add("x-wr-timezone", str(tz))
    cal.add_component(Timezone.from_tzinfo(tz))
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)

    activities = list(_public_activities(network, area=area, place=place))
    overrides: dict[int, list[Occurrence]] = {}
    for occ in Occurrence.objects.filter(activity__in=activities).filter(
        Q(cancelled=True) | ~Q(starts_at=F("original_start"))
    ):
        overrides.setdefault(occ.activity_id, []).append(occ)

    for activity in activities:
        uid = event_uid("activity", activity.pk)
        start = dt.datetime.combine(activity.start_date, activity.start_time, tzinfo=tz)
        length = dt.timedelta(minutes=activity.duration_minutes)
        master = _base_event(activity, uid, stamp)
        changed = overrides.get(activity.pk, [])
        if not activity.rrule:
            # A single date: its one occurrence may have been moved or cancelled in place.
            occ = changed[0] if changed else None
            if occ is not None:
                _timed(master, occ.starts_at, occ.ends_at, tz)
                if occ.cancelled:
                    master.add("status", "CANCELLED")
            else:
                _timed(master, start, start + length, tz)
            cal.add_component(master)
            continue
        _timed(master, start, start + length, tz)
        master.add("rrule", _recur(activity, tz))
        for day in activity.exdates or []:
            master.add(
                "exdate", dt.datetime.combine(dt.date.fromisoformat(day), activity.start_time, tzinfo=tz)
            )
        cal.add_component(master)
        naive_start = dt.datetime.combine(activity.start_date, activity.start_time)
        rule = parse_rule(activity.rrule, naive_start)
        skipped = set(activity.exdates or [])
        for occ in changed:
            orig = occ.original_start.astimezone(tz).replace(tzinfo=None)
            if rule.after(orig, inc=True) != orig or orig.date().isoformat() in skipped:
                # Left over from an earlier rule (kept because people had registered): not an
                # instance of this series, so it travels as an event of its own.
                ev = _base_event(activity, event_uid("occurrence", occ.pk), stamp)
            else:
                ev = _base_event(activity, uid, stamp)
                ev.add("recurrence-id", occ.original_start.astimezone(tz))
            _timed(ev, occ.starts_at, occ.ends_at, tz)
            if occ.cancelled:
                ev.add("status", "CANCELLED")
            cal.add_component(ev)
    return cal.to_ical()
