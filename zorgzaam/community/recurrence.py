"""Repeat rules in plain words: the choices of the activity form, the RRULE they write, reading an
RRULE back into those choices, and any RRULE in words in the reader's language.

The stored rule stays an iCalendar RRULE (validated by services.parse_rule); this module only
translates between it and people. Whole phrases are translated with placeholders, so each language
keeps its own word order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WORKDAYS = (0, 1, 2, 3, 4)

NONE, WEEKLY, WEEKS, DAILY, WORKWEEK, MONTHLY_NTH, MONTHLY_DAY, ADVANCED = (
    "none",
    "weekly",
    "weeks",
    "daily",
    "weekdays",
    "monthly_nth",
    "monthly_day",
    "advanced",
)
KIND_CHOICES = [
    (NONE, gettext_lazy("Does not repeat")),
    (WEEKLY, gettext_lazy("Every week on the days ticked below")),
    (WEEKS, gettext_lazy("Every few weeks on the days ticked below")),
    (DAILY, gettext_lazy("Every day")),
    (WORKWEEK, gettext_lazy("Every weekday (Monday to Friday)")),
    (
        MONTHLY_NTH,
        gettext_lazy("Every month on the first, second, third, fourth or last weekday chosen below"),
    ),
    (MONTHLY_DAY, gettext_lazy("Every month on the day number given below")),
    (ADVANCED, gettext_lazy("Advanced: write an iCalendar rule")),
]

NEVER, UNTIL, COUNT = "never", "until", "count"
END_CHOICES = [
    (NEVER, gettext_lazy("Never")),
    (UNTIL, gettext_lazy("Until a date (that date included)")),
    (COUNT, gettext_lazy("After a number of times")),
]

WEEKDAY_CHOICES = [
    (0, pgettext_lazy("weekday", "Monday")),
    (1, pgettext_lazy("weekday", "Tuesday")),
    (2, pgettext_lazy("weekday", "Wednesday")),
    (3, pgettext_lazy("weekday", "Thursday")),
    (4, pgettext_lazy("weekday", "Friday")),
    (5, pgettext_lazy("weekday", "Saturday")),
    (6, pgettext_lazy("weekday", "Sunday")),
]
NTH_CHOICES = [
    (1, pgettext_lazy("nth weekday of the month", "first")),
    (2, pgettext_lazy("nth weekday of the month", "second")),
    (3, pgettext_lazy("nth weekday of the month", "third")),
    (4, pgettext_lazy("nth weekday of the month", "fourth")),
    (-1, pgettext_lazy("nth weekday of the month", "last")),
]


@dataclasses.dataclass
class Repeat:
    """One plain choice of the form."""

    kind: str = NONE
    weekdays: tuple[int, ...] = ()
    interval: int = 1
    nth: int = 1
    nth_weekday: int = 0
    monthday: int = 1
    end: str = NEVER
    until: dt.date | None = None
    count: int | None = None


def to_rrule(r: Repeat) -> str:
    """The RRULE a plain choice stands for ("" for a one-off activity)."""
    days = ",".join(CODES[d] for d in sorted(set(r.weekdays)))
    if r.kind == NONE:
        return ""
    if r.kind == DAILY:
        parts = ["FREQ=DAILY"]
    elif r.kind == WORKWEEK:
        parts = ["FREQ=WEEKLY", "BYDAY=MO,TU,WE,TH,FR"]
    elif r.kind in (WEEKLY, WEEKS):
        parts = ["FREQ=WEEKLY"]
        if r.kind == WEEKS and r.interval != 1:
            parts.append(f"INTERVAL={r.interval}")
        if days:
            parts.append(f"BYDAY={days}")
    elif r.kind == MONTHLY_NTH:
        parts = ["FREQ=MONTHLY", f"BYDAY={r.nth}{CODES[r.nth_weekday]}"]
    elif r.kind == MONTHLY_DAY:
        parts = ["FREQ=MONTHLY", f"BYMONTHDAY={r.monthday}"]
    else:
        raise ValueError(r.kind)
    if r.end == UNTIL and r.until:
        # A bare date: services.parse_rule reads it as "up to and including that day".
        parts.append(f"UNTIL={r.until:%Y%m%d}")
    elif r.end == COUNT and r.count:
        parts.append(f"COUNT={r.count}")
    return ";".join(parts)


def split_rule(rule: str) -> dict[str, str]:
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    return dict(p.split("=", 1) for p in text.split(";") if "=" in p)


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return None


def _weekdays(value: str | None) -> list[tuple[int | None, int]] | None:
    """BYDAY as (position or None, weekday index) pairs; None when it does not parse."""
    out = []
    for item in (value or "").split(","):
        m = re.fullmatch(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)", item.strip())
        if not m:
            return None
        out.append((int(m.group(1)) if m.group(1) else None, CODES.index(m.group(2))))
    return out


def _until(value: str) -> tuple[dt.date, dt.time | None] | None:
    m = re.fullmatch(r"(\d{8})(?:T(\d{6})Z?)?", value)
    if not m:
        return None
    try:
        day = dt.datetime.strptime(m.group(1), "%Y%m%d").date()
        at = dt.datetime.strptime(m.group(2), "%H%M%S").time() if m.group(2) else None
    except ValueError:
        return None
    return day, at


def last_day(until: str, start_time: dt.time | None = None) -> dt.date | None:
    """The last date an UNTIL value still allows (a bare date counts inclusively)."""
    parsed = _until(until)
    if parsed is None:
        return None
    day, at = parsed
    if at is not None and start_time is not None and start_time > at:
        return day - dt.timedelta(days=1)
    return day


def from_rrule(rule: str, start_date: dt.date | None = None) -> Repeat | None:
    """The plain choice that writes this rule, or None when only the advanced field can hold it."""
    if not (rule or "").strip():
        return Repeat()
    parts = split_rule(rule)
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT"}:
        return None
    r = Repeat()
    if "UNTIL" in parts and "COUNT" in parts:
        return None
    if "UNTIL" in parts:
        parsed = _until(parts["UNTIL"])
        if parsed is None or parsed[1] is not None:  # only a bare date is what the form writes
            return None
        r.end, r.until = UNTIL, parsed[0]
    elif "COUNT" in parts:
        r.end, r.count = COUNT, _int(parts["COUNT"])
        if not r.count or r.count < 1:
            return None
    interval = _int(parts.get("INTERVAL"), 1)
    days = _weekdays(parts["BYDAY"]) if "BYDAY" in parts else []
    freq = parts.get("FREQ")
    if interval is None or interval < 1 or days is None:
        return None
    if freq == "DAILY" and interval == 1 and not days and "BYMONTHDAY" not in parts:
        r.kind = DAILY
    elif freq == "WEEKLY" and "BYMONTHDAY" not in parts and all(n is None for n, _d in days):
        wd = tuple(sorted({d for _n, d in days}))
        if not wd and start_date is not None:
            wd = (start_date.weekday(),)
        if interval == 1 and wd == WORKDAYS and days:
            r.kind = WORKWEEK
        else:
            r.kind, r.weekdays, r.interval = (WEEKLY if interval == 1 else WEEKS), wd, interval
    elif freq == "MONTHLY" and interval == 1 and "BYMONTHDAY" not in parts and len(days) == 1:
        nth, wd = days[0]
        if nth not in (1, 2, 3, 4, -1):
            return None
        r.kind, r.nth, r.nth_weekday = MONTHLY_NTH, nth, wd
    elif freq == "MONTHLY" and interval == 1 and not days and "BYMONTHDAY" in parts:
        day = _int(parts["BYMONTHDAY"])
        if day is None or not 1 <= day <= 31:
            return None
        r.kind, r.monthday = MONTHLY_DAY, day
    else:
        return None
    return r


# --- in words ----------------------------------------------------------------------------------


def weekday_name(index: int) -> str:
    return str(WEEKDAY_CHOICES[index][1])


def _nth_name(nth: int) -> str | None:
    return next((str(label) for n, label in NTH_CHOICES if n == nth), None)


def _day_list(indexes) -> str:
    names = [weekday_name(i) for i in sorted(set(indexes))]
    if len(names) == 1:
        return names[0]
    return _("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}


def _main_words(parts: dict, start_date: dt.date | None) -> tuple[str, bool] | None:
    """The repeat itself in words, and whether some condition of the rule was left unsaid."""
    freq = parts.get("FREQ")
    n = _int(parts.get("INTERVAL"), 1)
    days = _weekdays(parts["BYDAY"]) if "BYDAY" in parts else []
    if n is None or n < 1 or days is None:
        return None
    said = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST"}
    plain = sorted({d for nth, d in days if nth is None})
    if freq == "DAILY":
        if plain and len(plain) == len(days) and n == 1:
            said.add("BYDAY")
            words = (
                _("every weekday")
                if tuple(plain) == WORKDAYS
                else _("every %(days)s") % {"days": _day_list(plain)}
            )
        elif n == 1:
            words = _("every day")
        else:
            words = ngettext("every %(n)s day", "every %(n)s days", n) % {"n": n}
    elif freq == "WEEKLY":
        if days and len(plain) == len(days):
            said.add("BYDAY")
        elif not days and start_date is not None:
            plain = [start_date.weekday()]
        if n == 1 and tuple(plain) == WORKDAYS:
            words = _("every weekday")
        elif n == 1 and plain:
            words = _("every %(days)s") % {"days": _day_list(plain)}
        elif n == 1:
            words = _("every week")
        elif plain:
            words = ngettext("every %(n)s week on %(days)s", "every %(n)s weeks on %(days)s", n) % {
                "n": n,
                "days": _day_list(plain),
            }
        else:
            words = ngettext("every %(n)s week", "every %(n)s weeks", n) % {"n": n}
    elif freq == "MONTHLY":
        monthday = _int(parts.get("BYMONTHDAY")) if "BYMONTHDAY" in parts else None
        setpos = _int(parts.get("BYSETPOS")) if "BYSETPOS" in parts else None
        nth_days = [(nth, d) for nth, d in days if nth is not None]
        if len(days) == 1 and setpos is not None and nth_days == [] and "BYMONTHDAY" not in parts:
            nth_days = [(setpos, days[0][1])]  # BYDAY=MO;BYSETPOS=1 is the first Monday too
            said.add("BYSETPOS")
        if len(days) == 1 and len(nth_days) == 1 and _nth_name(nth_days[0][0]) and "BYMONTHDAY" not in parts:
            said.add("BYDAY")
            values = {"n": n, "nth": _nth_name(nth_days[0][0]), "weekday": weekday_name(nth_days[0][1])}
            if n == 1:
                words = _("every %(nth)s %(weekday)s of the month") % values
            else:
                words = (
                    ngettext(
                        "every %(n)s month on the %(nth)s %(weekday)s",
                        "every %(n)s months on the %(nth)s %(weekday)s",
                        n,
                    )
                    % values
                )
        else:
            if monthday is None and not days and start_date is not None:
                monthday = start_date.day
            elif monthday is not None and not days:
                said.add("BYMONTHDAY")
            if monthday == -1:
                words = (
                    _("the last day of every month")
                    if n == 1
                    else ngettext(
                        "the last day of the month, every %(n)s month",
                        "the last day of the month, every %(n)s months",
                        n,
                    )
                    % {"n": n}
                )
            elif monthday is not None and monthday > 0 and not days:
                words = (
                    _("every month on day %(day)s") % {"day": monthday}
                    if n == 1
                    else ngettext("every %(n)s month on day %(day)s", "every %(n)s months on day %(day)s", n)
                    % {"n": n, "day": monthday}
                )
            else:
                words = (
                    _("every month")
                    if n == 1
                    else ngettext("every %(n)s month", "every %(n)s months", n) % {"n": n}
                )
    elif freq == "YEARLY":
        if start_date is not None and not (set(parts) - said):
            day = date_format(start_date, "j F")
            words = (
                _("every year on %(date)s") % {"date": day}
                if n == 1
                else ngettext("every %(n)s year on %(date)s", "every %(n)s years on %(date)s", n)
                % {"n": n, "date": day}
            )
        else:
            words = (
                _("every year") if n == 1 else ngettext("every %(n)s year", "every %(n)s years", n) % {"n": n}
            )
    else:
        return None
    return words, bool(set(parts) - said)


def describe(rule: str, start_date: dt.date | None = None, start_time: dt.time | None = None) -> str:
    """Any RRULE in words in the active language; rules beyond the plain choices as well as we can."""
    if not (rule or "").strip():
        return _("does not repeat")
    parts = split_rule(rule)
    main = _main_words(parts, start_date)
    if main is None:
        return _("repeats by the rule %(rule)s") % {"rule": rule.strip()}
    words, unsaid = main
    if unsaid:
        words = _("%(repeat)s, with further conditions (%(rule)s)") % {"repeat": words, "rule": rule.strip()}
    if "UNTIL" in parts:
        day = last_day(parts["UNTIL"], start_time)
        if day is not None:
            words = _("%(repeat)s, until %(date)s inclusive") % {
                "repeat": words,
                "date": date_format(day, "j F Y"),
            }
    elif "COUNT" in parts:
        count = _int(parts["COUNT"])
        if count is not None:
            words = ngettext("%(repeat)s, %(count)s time", "%(repeat)s, %(count)s times", count) % {
                "repeat": words,
                "count": count,
            }
    return words


def describe_activity(activity) -> str:
    return describe(activity.rrule, activity.start_date, activity.start_time)
