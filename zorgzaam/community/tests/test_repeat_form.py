"""The activity form's plain repeat choices: they write the RRULE, read it back, and refuse exactly what
the API refuses."""

import datetime as dt
import re

import pytest

from zorgzaam.community import services
from zorgzaam.community.models import Activity

pytestmark = pytest.mark.django_db

START = dt.date(2027, 1, 4)  # a Monday


def _form_data(place, areas, **repeat):
    data = {
        "title": "Breicafé",
        "place": place.pk,
        "area": areas["north"].pk,
        "start_date": START.isoformat(),
        "start_time": "10:00",
        "duration_minutes": 60,
        "public": "True",  # an explicit choice now (issue 13 item 5)
        "active": "on",
        "repeat_end": "never",
    }
    data.update(repeat)
    return data


def _api_body(place, rule):
    return {
        "title": "Breicafé",
        "place_id": place.pk,
        "start_date": START.isoformat(),
        "start_time": "10:00",
        "duration_minutes": 60,
        "rrule": rule,
    }


def _checked(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="(?:radio|checkbox)" name="{name}" value="([^"]*)"[^>]*checked', html)


def _selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_plain_choice_writes_the_rule_and_reads_back(users, client_of, place, areas):
    c = client_of(users["coordinator"])
    data = _form_data(
        place,
        areas,
        repeat="monthly_nth",
        repeat_nth="1",
        repeat_nth_weekday="0",
        repeat_end="until",
        repeat_until="2027-06-07",
    )
    resp = c.post("/community/activities/new/", data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    act = Activity.objects.get()
    assert act.rrule == "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270607"
    # The last date is the UNTIL day itself.
    assert services.planned_starts(act, START, dt.date(2027, 12, 31))[-1].date() == dt.date(2027, 6, 7)
    html = c.get(f"/community/activities/{act.pk}/edit/").content.decode()
    assert _checked(html, "repeat") == ["monthly_nth"]
    assert _checked(html, "repeat_end") == ["until"]
    assert _selected(html, "repeat_nth") == ["1"] and _selected(html, "repeat_nth_weekday") == ["0"]
    assert 'name="repeat_until" value="2027-06-07"' in html


def test_weekly_choice_reads_back_its_days_and_interval(users, client_of, make_activity):
    act = make_activity(rrule="FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH;COUNT=6")
    html = client_of(users["coordinator"]).get(f"/community/activities/{act.pk}/edit/").content.decode()
    assert _checked(html, "repeat") == ["weeks"]
    assert _checked(html, "repeat_weekdays") == ["1", "3"]
    assert 'name="repeat_interval" value="3"' in html
    assert _checked(html, "repeat_end") == ["count"] and 'name="repeat_count" value="6"' in html


def test_rule_beyond_the_choices_opens_as_advanced_and_stays(users, client_of, make_activity, place, areas):
    rule = "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1"
    act = make_activity(rrule=rule)
    c = client_of(users["coordinator"])
    html = c.get(f"/community/activities/{act.pk}/edit/").content.decode()
    assert _checked(html, "repeat") == ["advanced"]
    assert f'value="{rule}"' in html
    data = _form_data(place, areas, repeat="advanced", rrule=rule, start_date=act.start_date.isoformat())
    assert c.post(f"/community/activities/{act.pk}/edit/", data).status_code == 302
    act.refresh_from_db()
    assert act.rrule == rule


def test_missing_piece_of_a_choice_is_asked_for(users, client_of, place, areas):
    c = client_of(users["coordinator"])
    resp = c.post("/community/activities/new/", _form_data(place, areas, repeat="monthly_day"))
    assert resp.status_code == 200 and not Activity.objects.exists()
    assert "repeat_monthday_errors" in resp.content.decode()


def test_detail_list_and_api_say_the_rule_in_words(users, client_of, make_activity):
    act = make_activity(rrule="FREQ=MONTHLY;BYDAY=1MO")
    c = client_of(users["coordinator"])
    for lang, words in (("nl", "elke eerste maandag van de maand"), ("fr", "le premier lundi du mois")):
        c.cookies["django_language"] = lang
        assert words.capitalize() in c.get(f"/community/activities/{act.pk}/").content.decode()
        assert words in c.get("/community/activities/").content.decode()
        api = c.get("/api/community/activities").json()
        assert [a["repeat_text"] for a in api] == [words]


# (form fields, the RRULE an API client would send for the same thing)
REFUSED = [
    # ends before the first date
    ({"repeat": "weekly", "repeat_end": "until", "repeat_until": "2027-01-03"}, "FREQ=WEEKLY;UNTIL=20270103"),
    ({"repeat": "daily", "repeat_end": "count", "repeat_count": "0"}, "FREQ=DAILY;COUNT=0"),
    (
        {"repeat": "weeks", "repeat_interval": "0", "repeat_weekdays": ["0"]},
        "FREQ=WEEKLY;INTERVAL=0;BYDAY=MO",
    ),
    ({"repeat": "advanced", "rrule": "FREQ=MINUTELY"}, "FREQ=MINUTELY"),
    (
        {"repeat": "advanced", "rrule": "FREQ=DAILY;COUNT=2;UNTIL=20270201"},
        "FREQ=DAILY;COUNT=2;UNTIL=20270201",
    ),
    ({"repeat": "advanced", "rrule": "FREQ=WEEKLY;BYDAY=XX"}, "FREQ=WEEKLY;BYDAY=XX"),
]


@pytest.mark.parametrize("fields,rule", REFUSED, ids=[r for _f, r in REFUSED])
def test_form_and_api_refuse_the_same(users, client_of, place, areas, fields, rule):
    c = client_of(users["coordinator"])
    resp = c.post("/community/activities/new/", _form_data(place, areas, **fields))
    assert resp.status_code == 200 and 'class="errorlist' in resp.content.decode()
    api = c.post("/api/community/activities", _api_body(place, rule), content_type="application/json")
    assert 400 <= api.status_code < 500, api.content
    assert not Activity.objects.exists()
    # The raw rule in the advanced field is refused the same way.
    resp = c.post("/community/activities/new/", _form_data(place, areas, repeat="advanced", rrule=rule))
    assert resp.status_code == 200 and not Activity.objects.exists()


@pytest.mark.parametrize(
    "fields,rule",
    [
        ({"repeat": "monthly_nth", "repeat_nth": "1", "repeat_nth_weekday": "0"}, "FREQ=MONTHLY;BYDAY=1MO"),
        (
            {"repeat": "weekly", "repeat_end": "until", "repeat_until": "2027-01-04"},
            "FREQ=WEEKLY;UNTIL=20270104",
        ),
    ],
)
def test_form_and_api_accept_the_same(users, client_of, place, areas, fields, rule):
    c = client_of(users["coordinator"])
    assert c.post("/community/activities/new/", _form_data(place, areas, **fields)).status_code == 302
    api = c.post("/api/community/activities", _api_body(place, rule), content_type="application/json")
    assert api.status_code == 201, api.content
    assert [a.rrule for a in Activity.objects.order_by("pk")] == [rule, rule]
    assert Activity.objects.first().occurrences.count() == Activity.objects.last().occurrences.count()


def test_edit_form_keeps_the_first_date_for_the_date_input(users, client_of, make_activity):
    # A date input only takes YYYY-MM-DD; the Dutch "03-12-2026" left it empty, so saving failed.
    act = make_activity(start_date=dt.date(2027, 1, 4))
    html = client_of(users["coordinator"]).get(f"/community/activities/{act.pk}/edit/").content.decode()
    assert 'name="start_date" value="2027-01-04"' in html
