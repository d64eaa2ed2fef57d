import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from zorgzaam.community import services
from zorgzaam.community.models import Activity, Registration

BXL = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def _activity(network, **fields):
    defaults = {"title": "Koffieklets", "start_date": dt.date(2026, 3, 3), "start_time": dt.time(10, 0)}
    return Activity(network=network, **{**defaults, **fields})


def test_weekly_rule_gives_each_tuesday(network):
    act = _activity(network, rrule="FREQ=WEEKLY;BYDAY=TU")
    starts = services.planned_starts(act, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert [s.day for s in starts] == [3, 10, 17, 24, 31]
    assert all(s.weekday() == 1 for s in starts)


def test_wall_clock_time_is_kept_across_both_dst_changes(network):
    # Summer time starts 29 March 2026 and ends 25 October 2026 in Brussels.
    act = _activity(network, rrule="FREQ=WEEKLY;BYDAY=TU")
    march = services.planned_starts(act, dt.date(2026, 3, 20), dt.date(2026, 4, 5))
    assert [(s.day, s.hour) for s in march] == [(24, 10), (31, 10)]
    assert [s.utcoffset() for s in march] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]
    assert [s.astimezone(dt.UTC).hour for s in march] == [9, 8]
    october = services.planned_starts(act, dt.date(2026, 10, 19), dt.date(2026, 11, 1))
    assert [(s.day, s.hour) for s in october] == [(20, 10), (27, 10)]
    assert [s.utcoffset() for s in october] == [dt.timedelta(hours=2), dt.timedelta(hours=1)]


def test_exdates_are_skipped(network):
    act = _activity(network, rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2026-03-10", "2026-03-24"])
    starts = services.planned_starts(act, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert [s.day for s in starts] == [3, 17, 31]


def test_monthly_by_weekday_and_until(network):
    act = _activity(
        network, rrule="FREQ=MONTHLY;BYDAY=1WE;UNTIL=20260601T000000", start_date=dt.date(2026, 1, 1)
    )
    starts = services.planned_starts(act, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [s.date() for s in starts] == [
        dt.date(2026, 1, 7),
        dt.date(2026, 2, 4),
        dt.date(2026, 3, 4),
        dt.date(2026, 4, 1),
        dt.date(2026, 5, 6),
    ]


def test_one_off_activity_has_one_date(network):
    act = _activity(network)
    starts = services.planned_starts(act, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert starts == [dt.datetime(2026, 3, 3, 10, 0, tzinfo=BXL)]


@pytest.mark.parametrize(
    "rule", ["FREQ=SECONDLY", "FREQ=WEEKLY;BYDAY=XX", "nonsense", "DTSTART=2026;FREQ=DAILY"]
)
def test_bad_rules_are_refused(network, rule):
    with pytest.raises(ValidationError):
        services.parse_rule(rule, dt.datetime(2026, 1, 1))


def test_sync_creates_moves_and_cancels(make_activity, make_person, network):
    act = make_activity(rrule="FREQ=WEEKLY")
    occs = list(act.occurrences.order_by("original_start"))
    assert len(occs) >= 15
    first, second, third = occs[:3]
    # Moving keeps the row keyed on its original start: a new sync does not duplicate it.
    second.starts_at += dt.timedelta(hours=3)
    second.ends_at += dt.timedelta(hours=3)
    second.save()
    Registration.objects.create(occurrence=third, person=make_person(network), status="registered")
    assert services.sync_occurrences(act) == 0
    assert act.occurrences.count() == len(occs)
    # Skipping dates: a date without registrations disappears, a date with registrations is cancelled.
    act.exdates = [
        second.original_start.astimezone(BXL).date().isoformat(),
        third.original_start.astimezone(BXL).date().isoformat(),
        first.original_start.astimezone(BXL).date().isoformat(),
    ]
    act.save()
    services.sync_occurrences(act)
    assert not act.occurrences.filter(pk__in=[first.pk, second.pk]).exists()
    third.refresh_from_db()
    assert third.cancelled is True


def test_save_activity_with_bad_rule_changes_nothing(users, actor_of, areas, place):
    coord = actor_of(users["coordinator"])
    with pytest.raises(ValidationError) as exc:
        services.save_activity(
            coord,
            None,
            title="X",
            place=place,
            area=areas["north"],
            start_date=dt.date(2026, 12, 1),
            start_time=dt.time(10),
            rrule="FREQ=HOURLY",
        )
    assert "rrule" in exc.value.message_dict
    assert Activity.objects.count() == 0


def test_save_activity_generates_occurrences(users, actor_of, areas, place):
    from django.utils import timezone

    coord = actor_of(users["coordinator"])
    act = services.save_activity(
        coord,
        None,
        title="Digidokter",
        place=place,
        start_date=timezone.localdate(),
        start_time=dt.time(23, 59),
        rrule="FREQ=MONTHLY;BYDAY=1WE",
    )
    assert act.area_id == areas["north"].pk  # taken from the place
    assert 3 <= act.occurrences.count() <= 5


def test_nightly_task_extends_the_window(make_activity):
    from zorgzaam.community.tasks import sync_all

    act = make_activity(rrule="FREQ=WEEKLY")
    last = act.occurrences.order_by("-original_start").first()
    before = act.occurrences.count()
    last.delete()
    assert sync_all() == 1
    assert act.occurrences.count() == before
