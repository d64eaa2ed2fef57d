"""The person page's activities (issue 13 item 7): the next three registrations, and earlier ones as
attended, absent or not recorded."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from zorgzaam.community import services
from zorgzaam.community.models import Attendance, Occurrence, Registration

pytestmark = pytest.mark.django_db


def _one(make_activity, title, days):
    return make_activity(
        title=title, start_date=timezone.localdate() + dt.timedelta(days=days)
    ).occurrences.get()


@pytest.fixture
def person(network, areas, make_person):
    return make_person(network, area=areas["north"])


@pytest.fixture
def history(make_activity, person, network, areas, make_person):
    """Four future registrations and four past ones (attended, absent, head count only, nobody
    recorded), one cancelled past one and a past place on the waiting list (neither listed)."""
    for i, days in enumerate((9, 2, 5, 30)):
        Registration.objects.create(
            occurrence=_one(make_activity, f"Later{i}", days), person=person, status="registered"
        )
    other = make_person(network, area=areas["north"])
    came, absent, counted, unknown = (
        _one(make_activity, t, -d) for t, d in (("Came", 3), ("Absent", 10), ("Counted", 12), ("Unknown", 20))
    )
    for occ in (came, absent, counted, unknown):
        Registration.objects.create(occurrence=occ, person=person, status="registered")
    Attendance.objects.create(occurrence=came, person=person)
    Attendance.objects.create(occurrence=absent, person=other)
    Occurrence.objects.filter(pk=counted.pk).update(head_count=7)
    Registration.objects.create(occurrence=_one(make_activity, "Gone", -4), person=person, status="cancelled")
    Registration.objects.create(occurrence=_one(make_activity, "Queue", -5), person=person, status="waiting")


def test_panel_lists_next_three_and_presence(history, person, users, actor_of):
    panel = services.person_history(actor_of(users["coordinator"]), person)
    assert [r.occurrence.activity.title for r in panel["upcoming"]] == ["Later1", "Later2", "Later0"]
    assert [(r.occurrence.activity.title, r.presence) for r in panel["past"]] == [
        ("Came", "attended"),
        ("Absent", "absent"),
        ("Counted", "absent"),
        ("Unknown", "not_recorded"),
    ]


def test_person_page_shows_presence_in_words(history, person, users, client_of):
    with translation.override("nl"):
        html = client_of(users["coordinator"]).get(f"/people/{person.pk}/").content.decode()
    assert "Later3" not in html  # only the next three
    assert 'data-presence="attended"' in html and "aanwezig" in html
    assert "afwezig" in html and "aanwezigheid niet genoteerd" in html
    assert "Gone" not in html and "Queue" not in html


def test_panel_refused_to_volunteer(history, person, users, actor_of):
    assert services.person_history(actor_of(users["volunteer"]), person) is None


def test_person_page_queries_do_not_grow_with_registrations(make_activity, person, users, client_of):
    """The page's exact total is pinned in people/tests/test_query_counts.py; here: the panel reads
    the same number of queries for 1 and for 20 past registrations with presences."""
    c, url, made, counts = client_of(users["coordinator"]), f"/people/{person.pk}/", [], []
    for n in (1, 19):
        for _ in range(n):
            occ = _one(make_activity, f"Past{len(made)}", -(len(made) + 1))
            Registration.objects.create(occurrence=occ, person=person, status="registered")
            Attendance.objects.create(occurrence=occ, person=person)
            made.append(occ)
        c.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
