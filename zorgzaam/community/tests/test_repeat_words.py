"""Repeat rules in plain words (issue 13 item 6): plain choices -> RRULE -> dates -> words in nl/fr/en,
reading a rule back into the choice, and the form and the API refusing the same rules."""

import dataclasses
import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.community import recurrence as rec
from zorgzaam.community import services
from zorgzaam.community.models import Activity
from zorgzaam.community.recurrence import Repeat

D = dt.date

# (choice, RRULE it writes, first date, dates up to the end of 2027, nl, fr, en)
TABLE = [
    (
        Repeat(rec.NONE),
        "",
        D(2027, 1, 6),
        [D(2027, 1, 6)],
        "wordt niet herhaald",
        "ne se répète pas",
        "does not repeat",
    ),
    (
        Repeat(rec.WEEKLY, weekdays=(2,), end=rec.UNTIL, until=D(2027, 6, 30)),
        "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630",
        D(2027, 6, 2),
        [D(2027, 6, 2), D(2027, 6, 9), D(2027, 6, 16), D(2027, 6, 23), D(2027, 6, 30)],
        "elke woensdag, tot en met 30 juni 2027",
        "chaque mercredi, jusqu'au 30 juin 2027 inclus",
        "every Wednesday, until 30 June 2027 inclusive",
    ),
    (
        Repeat(rec.WEEKLY, weekdays=(0, 3), end=rec.COUNT, count=4),
        "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4",
        D(2027, 1, 4),
        [D(2027, 1, 4), D(2027, 1, 7), D(2027, 1, 11), D(2027, 1, 14)],
        "elke maandag en donderdag, 4 keer",
        "chaque lundi et jeudi, 4 fois",
        "every Monday and Thursday, 4 times",
    ),
    (
        Repeat(rec.WEEKS, weekdays=(1,), interval=2, end=rec.COUNT, count=3),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3",
        D(2027, 1, 5),
        [D(2027, 1, 5), D(2027, 1, 19), D(2027, 2, 2)],
        "om de 2 weken op dinsdag, 3 keer",
        "toutes les 2 semaines le mardi, 3 fois",
        "every 2 weeks on Tuesday, 3 times",
    ),
    (
        Repeat(rec.DAILY, end=rec.COUNT, count=1),
        "FREQ=DAILY;COUNT=1",
        D(2027, 1, 6),
        [D(2027, 1, 6)],
        "elke dag, 1 keer",
        "chaque jour, 1 fois",
        "every day, 1 time",
    ),
    (
        Repeat(rec.WORKWEEK, end=rec.UNTIL, until=D(2027, 1, 12)),
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270112",
        D(2027, 1, 6),
        [D(2027, 1, 6), D(2027, 1, 7), D(2027, 1, 8), D(2027, 1, 11), D(2027, 1, 12)],
        "elke werkdag, tot en met 12 januari 2027",
        "chaque jour de semaine, jusqu'au 12 janvier 2027 inclus",
        "every weekday, until 12 January 2027 inclusive",
    ),
    (
        Repeat(rec.MONTHLY_NTH, nth=1, nth_weekday=0, end=rec.COUNT, count=4),
        "FREQ=MONTHLY;BYDAY=1MO;COUNT=4",
        D(2027, 1, 4),
        [D(2027, 1, 4), D(2027, 2, 1), D(2027, 3, 1), D(2027, 4, 5)],
        "elke eerste maandag van de maand, 4 keer",
        "le premier lundi du mois, 4 fois",
        "every first Monday of the month, 4 times",
    ),
    (
        # The last date falls on the UNTIL day itself: it is included.
        Repeat(rec.MONTHLY_NTH, nth=-1, nth_weekday=4, end=rec.UNTIL, until=D(2027, 4, 30)),
        "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270430",
        D(2027, 1, 29),
        [D(2027, 1, 29), D(2027, 2, 26), D(2027, 3, 26), D(2027, 4, 30)],
        "elke laatste vrijdag van de maand, tot en met 30 april 2027",
        "le dernier vendredi du mois, jusqu'au 30 avril 2027 inclus",
        "every last Friday of the month, until 30 April 2027 inclusive",
    ),
    (
        Repeat(rec.MONTHLY_DAY, monthday=15, end=rec.COUNT, count=3),
        "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3",
        D(2027, 1, 15),
        [D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15)],
        "elke maand op de 15e, 3 keer",
        "le 15 de chaque mois, 3 fois",
        "every month on day 15, 3 times",
    ),
]


@pytest.mark.parametrize("choice,rule,start,dates,nl,fr,en", TABLE, ids=[row[1] or "once" for row in TABLE])
def test_choice_rule_dates_and_words(network, choice, rule, start, dates, nl, fr, en):
    assert rec.to_rrule(choice) == rule
    act = Activity(network=network, title="Koffieklets", start_date=start, start_time=dt.time(10), rrule=rule)
    got = services.planned_starts(act, D(2027, 1, 1), D(2027, 12, 31))
    assert [s.date() for s in got] == dates
    assert all(s.hour == 10 for s in got)
    for lang, words in (("nl", nl), ("fr", fr), ("en", en)):
        with translation.override(lang):
            assert rec.describe_activity(act) == words
    # Round trip: the rule reads back into the very choice that wrote it.
    assert rec.from_rrule(rule, start) == choice


def test_every_day_without_end(network):
    assert rec.to_rrule(Repeat(rec.DAILY)) == "FREQ=DAILY"
    act = Activity(network=network, start_date=D(2027, 1, 6), start_time=dt.time(10), rrule="FREQ=DAILY")
    assert len(services.planned_starts(act, D(2027, 1, 1), D(2027, 1, 31))) == 26
    with translation.override("nl"):
        assert rec.describe_activity(act) == "elke dag"
    with translation.override("fr"):
        assert rec.describe_activity(act) == "chaque jour"


@pytest.mark.parametrize(
    "rule,nl,fr",
    [
        # Rules beyond the plain choices still read as words, as well as they can.
        ("FREQ=WEEKLY", "elke woensdag", "chaque mercredi"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "elke eerste maandag van de maand", "le premier lundi du mois"),
        (
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            "om de 3 maanden op de tweede dinsdag",
            "tous les 3 mois le deuxième mardi",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "de laatste dag van elke maand", "le dernier jour de chaque mois"),
        ("FREQ=DAILY;INTERVAL=3", "om de 3 dagen", "tous les 3 jours"),
        ("FREQ=YEARLY", "elk jaar op 6 januari", "chaque année le 6 janvier"),
        # A timed UNTIL before the start time stops the day before.
        ("FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630T000000", "elke woensdag, tot en met 29 juni 2027", None),
        (
            "FREQ=WEEKLY;BYDAY=WE;BYHOUR=10",
            "elke woensdag, met bijkomende voorwaarden (FREQ=WEEKLY;BYDAY=WE;BYHOUR=10)",
            "chaque mercredi, avec d'autres conditions (FREQ=WEEKLY;BYDAY=WE;BYHOUR=10)",
        ),
        ("nonsense", "herhaalt volgens de regel nonsense", "se répète selon la règle nonsense"),
    ],
)
def test_rules_beyond_the_choices_in_words(rule, nl, fr):
    for lang, words in (("nl", nl), ("fr", fr)):
        if words is not None:
            with translation.override(lang):
                assert rec.describe(rule, D(2027, 1, 6), dt.time(10)) == words


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630T000000",
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO",
        "FREQ=MONTHLY;BYDAY=5MO",
        "FREQ=DAILY;INTERVAL=2",
        "FREQ=YEARLY",
        "FREQ=WEEKLY;BYHOUR=10",
    ],
)
def test_rules_beyond_the_choices_are_advanced(rule):
    assert rec.from_rrule(rule, D(2027, 1, 6)) is None


def test_weekly_rule_without_day_reads_back_with_the_first_dates_weekday():
    assert rec.from_rrule("FREQ=WEEKLY", D(2027, 1, 6)) == Repeat(rec.WEEKLY, weekdays=(2,))


_repeats = st.one_of(
    st.builds(Repeat, kind=st.just(rec.NONE)),
    st.builds(
        Repeat,
        kind=st.sampled_from([rec.DAILY, rec.WORKWEEK]),
        end=st.sampled_from([rec.NEVER, rec.UNTIL, rec.COUNT]),
    ),
    st.builds(
        Repeat,
        kind=st.just(rec.WEEKLY),
        weekdays=st.lists(st.integers(0, 6), min_size=1, unique=True).map(lambda d: tuple(sorted(d))),
    ),
    st.builds(
        Repeat,
        kind=st.just(rec.WEEKS),
        weekdays=st.lists(st.integers(0, 6), min_size=1, unique=True).map(lambda d: tuple(sorted(d))),
        interval=st.integers(2, 52),
    ),
    st.builds(
        Repeat,
        kind=st.just(rec.MONTHLY_NTH),
        nth=st.sampled_from([1, 2, 3, 4, -1]),
        nth_weekday=st.integers(0, 6),
    ),
    st.builds(Repeat, kind=st.just(rec.MONTHLY_DAY), monthday=st.integers(1, 31)),
)


@settings(max_examples=50, deadline=None)
@given(r=_repeats, until=st.dates(D(2027, 1, 6), D(2030, 12, 31)), count=st.integers(1, 1000))
def test_every_plain_choice_round_trips_and_validates(r, until, count):
    if r.kind != rec.NONE and r.kind not in (rec.DAILY, rec.WORKWEEK):
        r = dataclasses.replace(r, end=rec.COUNT if count % 2 else rec.UNTIL)
    r = dataclasses.replace(
        r, until=until if r.end == rec.UNTIL else None, count=count if r.end == rec.COUNT else None
    )
    if r.kind == rec.WORKWEEK:
        # "Every week on Monday to Friday" and "every weekday" are one rule: it reads back as the latter.
        assert rec.to_rrule(dataclasses.replace(r, kind=rec.WEEKLY, weekdays=rec.WORKDAYS)) == rec.to_rrule(r)
    rule = rec.to_rrule(r)
    assert rec.from_rrule(rule, D(2027, 1, 6)) == r
    if rule:
        services.parse_rule(rule, dt.datetime(2027, 1, 6, 10))
    for lang in ("nl", "fr", "en"):
        with translation.override(lang):
            assert "%(" not in rec.describe(rule, D(2027, 1, 6), dt.time(10))


@settings(max_examples=50, deadline=None)
@given(
    text=st.lists(
        st.tuples(
            st.sampled_from(
                ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "UNTIL", "COUNT", "BYHOUR", "X"]
            ),
            st.text(alphabet="0123456789-+MOTUWEFRSAYLDIKNHTZ,", max_size=12),
        ),
        max_size=5,
    ).map(lambda kv: ";".join(f"{k}={v}" for k, v in kv))
)
def test_any_stored_text_reads_as_words_without_error(text):
    for lang in ("nl", "fr"):
        with translation.override(lang):
            assert isinstance(rec.describe(text, D(2027, 1, 6), dt.time(10)), str)
    rec.from_rrule(text, D(2027, 1, 6))
