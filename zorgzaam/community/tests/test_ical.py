"""The public iCalendar feeds, checked by expanding them with an independent library
(recurring-ical-events) and comparing with what the product itself shows."""

import datetime as dt
import re

import pytest
import recurring_ical_events
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from zorgzaam.community import ical, services
from zorgzaam.community.models import Activity, Occurrence, Place
from zorgzaam.public import services as public

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()


def _today():
    return timezone.localdate()


@pytest.fixture
def series(network, areas):
    place = Place.objects.create(
        network=network, name="Buurthuis", area=areas["north"], address="Kerkstraat 1"
    )
    weekly = Activity.objects.create(
        network=network,
        title="Koffieklets",
        place=place,
        start_date=_today() + dt.timedelta(days=1),
        start_time=dt.time(14, 0),
        duration_minutes=90,
        rrule="FREQ=WEEKLY",
        exdates=[(_today() + dt.timedelta(days=8)).isoformat()],
    )
    once = Activity.objects.create(
        network=network,
        title="Buurtfeest",
        place=place,
        start_date=_today() + dt.timedelta(days=5),
        start_time=dt.time(16, 0),
    )
    for act in (weekly, once):
        services.sync_occurrences(act)
    occs = list(weekly.occurrences.order_by("original_start"))
    # occs[0] = day 1, occs[1] = day 15 (day 8 skipped), occs[2] = day 22
    moved_to = occs[1].starts_at + dt.timedelta(days=1, hours=2)
    Occurrence.objects.filter(pk=occs[1].pk).update(
        starts_at=moved_to, ends_at=moved_to + dt.timedelta(minutes=90)
    )
    Occurrence.objects.filter(pk=occs[2].pk).update(cancelled=True)
    return {"weekly": weekly, "once": once, "place": place, "occs": occs}


def _expand(content: bytes, start, end):
    cal = Calendar.from_ical(content)
    return recurring_ical_events.of(cal).between(start, end)


def test_feed_matches_the_public_page_with_moved_and_cancelled_dates(network, areas, series):
    resp = Client().get("/buurt/testgem/noord/agenda.ics")
    assert resp.status_code == 200
    now = timezone.now()
    start, end = now - dt.timedelta(hours=2), now + dt.timedelta(days=30)
    events = _expand(resp.content, start, end)
    shown = public.area_page(network, areas["north"])["occurrences"]
    feed_active = sorted(
        (str(e["summary"]), e.decoded("dtstart"))
        for e in events
        if str(e.get("status", "")) != "CANCELLED" and start <= e.decoded("dtstart") <= end
    )
    page = sorted((o.activity.title, o.starts_at) for o in shown)
    assert feed_active == page
    cancelled = {e.decoded("dtstart") for e in events if str(e.get("status", "")) == "CANCELLED"}
    assert cancelled == {series["occs"][2].starts_at}
    # the moved date is there at its new time, not at the original one
    moved = Occurrence.objects.get(pk=series["occs"][1].pk)
    starts = {e.decoded("dtstart") for e in events}
    assert moved.starts_at in starts and moved.original_start not in starts
    # the skipped date is absent
    skipped = dt.datetime.combine(_today() + dt.timedelta(days=8), dt.time(14, 0), tzinfo=TZ)
    assert skipped not in starts


def test_one_series_with_overrides_not_loose_events(series):
    content = ical.feed(series["weekly"].network)
    cal = Calendar.from_ical(content)
    vevents = list(cal.walk("VEVENT"))
    weekly_uid = ical.event_uid("activity", series["weekly"].pk)
    mine = [e for e in vevents if str(e["uid"]) == weekly_uid]
    masters = [e for e in mine if "RECURRENCE-ID" not in e]
    assert len(masters) == 1 and "RRULE" in masters[0]
    overrides = [e for e in mine if "RECURRENCE-ID" in e]
    assert len(overrides) == 2  # one moved, one cancelled
    assert len(vevents) == 4  # the series, its two overrides, the one-off party


def test_timezone_definition_and_tzid(series):
    content = ical.feed(series["weekly"].network).decode()
    assert "BEGIN:VTIMEZONE" in content and "TZID:Europe/Brussels" in content
    assert re.search(r"DTSTART;TZID=Europe/Brussels:\d{8}T140000", content)
    cal = Calendar.from_ical(content)
    tzids = {p.params.get("TZID") for e in cal.walk("VEVENT") for p in (e["dtstart"],)}
    defined = {str(t["tzid"]) for t in cal.walk("VTIMEZONE")}
    assert tzids <= defined


def test_uids_stable_unique_and_without_host(series, settings):
    one = Calendar.from_ical(ical.feed(series["weekly"].network))
    two = Calendar.from_ical(ical.feed(series["weekly"].network))
    uids = [str(e["uid"]) for e in one.walk("VEVENT") if "RECURRENCE-ID" not in e]
    assert uids == [str(e["uid"]) for e in two.walk("VEVENT") if "RECURRENCE-ID" not in e]
    assert len(set(uids)) == len(uids)
    for uid in uids:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", uid)
        assert "@" not in uid and "zorgzaam" not in uid
    settings.ZORGZAAM_INSTALLATION_ID = "0b8f3c3e-6f33-4f1e-9d7e-1f6a0c2b9e11"
    other = Calendar.from_ical(ical.feed(series["weekly"].network))
    assert not set(uids) & {str(e["uid"]) for e in other.walk("VEVENT")}


def test_empty_feed_is_a_valid_calendar(network):
    content = ical.feed(network)
    cal = Calendar.from_ical(content)
    assert cal.name == "VCALENDAR" and str(cal["version"]) == "2.0" and cal["prodid"]
    assert not list(cal.walk("VEVENT")) and list(cal.walk("VTIMEZONE"))
    assert recurring_ical_events.of(cal).between(dt.date(2026, 1, 1), dt.date(2028, 1, 1)) == []


def test_daylight_saving_change_keeps_local_time(network):
    """A weekly 10:00 activity across the March and October changes stays at 10:00 local time,
    exactly as the product expands it (planned_starts)."""
    act = Activity.objects.create(
        network=network,
        title="Wandeling",
        start_date=dt.date(2027, 3, 14),
        start_time=dt.time(10, 0),
        rrule="FREQ=WEEKLY;UNTIL=20271107",
    )
    events = _expand(ical.feed(network), dt.date(2027, 3, 1), dt.date(2027, 12, 31))
    feed_starts = sorted(e.decoded("dtstart") for e in events)
    product = services.planned_starts(act, dt.date(2027, 3, 1), dt.date(2027, 12, 31))
    assert feed_starts == product
    assert {s.astimezone(TZ).hour for s in feed_starts} == {10}
    offsets = {s.utcoffset() for s in feed_starts}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    assert feed_starts[-1].date() == dt.date(2027, 11, 7)


@pytest.mark.parametrize(
    "rule",
    ["FREQ=MONTHLY;BYDAY=1MO", "FREQ=WEEKLY;INTERVAL=2;COUNT=5", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
)
def test_rules_expand_like_the_product(network, rule):
    act = Activity.objects.create(
        network=network, title="Reeks", start_date=dt.date(2027, 1, 4), start_time=dt.time(9, 30), rrule=rule
    )
    events = _expand(ical.feed(network), dt.date(2027, 1, 1), dt.date(2027, 7, 1))  # end exclusive
    product = services.planned_starts(act, dt.date(2027, 1, 1), dt.date(2027, 6, 30))
    assert sorted(e.decoded("dtstart") for e in events) == product


def test_private_and_inactive_activities_stay_out(network, series):
    Activity.objects.filter(pk=series["once"].pk).update(public=False)
    cal = Calendar.from_ical(ical.feed(network))
    assert {str(e["summary"]) for e in cal.walk("VEVENT")} == {"Koffieklets"}
