"""Urgent work first (issue 13 item 7): request lists sort by urgency then waiting time, and say
how long a request has waited."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from zorgzaam.care import services
from zorgzaam.care.models import Request
from zorgzaam.care.ordering import waiting_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(users, actor_of, make_person, network, areas, themes):
    """A normal request made today, a high one of last week, and an urgent one untouched for 75 days
    (made first, so the old order, newest first, put it at the bottom)."""
    coord = actor_of(users["coordinator"])
    now = timezone.now()

    def make(urgency, days):
        p = make_person(network, area=areas["north"])
        req = services.create_request(coord, person=p, description="r", urgency=urgency)
        at = now - dt.timedelta(days=days)
        Request.objects.filter(pk=req.pk).update(created_at=at, last_activity_at=at)
        return req

    urgent = make("urgent", 75)
    high = make("high", 7)
    normal_old = make("normal", 30)
    normal_new = make("normal", 0)
    return coord, [urgent, high, normal_old, normal_new]


def test_service_orders_by_urgency_then_longest_waiting(three):
    coord, expected = three
    got = list(services.search_requests(coord, status="open").values_list("pk", flat=True))
    assert got == [r.pk for r in expected]


def test_touching_a_request_moves_it_behind_others_of_its_urgency(three):
    coord, (urgent, high, normal_old, normal_new) = three
    services.add_note(coord, normal_old, "called her")
    got = list(services.search_requests(coord, status="open").values_list("pk", flat=True))
    assert got == [urgent.pk, high.pk, normal_new.pk, normal_old.pk]


def test_page_lists_urgent_untouched_first_with_its_age(client_of, users, three):
    _coord, expected = three
    with translation.override("en"):
        html = (
            client_of(users["coordinator"]).get("/care/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        )
    positions = [html.index(f'href="/care/requests/{r.pk}/"') for r in expected]
    assert positions == sorted(positions)
    first_row = html[positions[0] : positions[1]]
    assert "waiting 2" in first_row and "month" in first_row


def test_api_lists_in_the_same_order(client_of, users, three):
    _coord, expected = three
    items = client_of(users["coordinator"]).get("/api/care/requests?status=open").json()["items"]
    assert [i["id"] for i in items] == [r.pk for r in expected]


@pytest.mark.parametrize(
    ("lang", "days", "words"),
    [
        ("en", 75, "waiting 2\xa0months"),
        ("en", 1, "waiting 1\xa0day"),
        ("nl", 3, "wacht al 3\xa0dagen"),
        ("fr", 75, "attend depuis 2\xa0mois"),
    ],
)
def test_waiting_words_in_each_language(lang, days, words):
    now = timezone.now()
    with translation.override(lang):
        assert waiting_words(now - dt.timedelta(days=days), now) == words
