"""Telephone circle (issue 13 item 4): the caller sees a tap-to-call number only for people who consented
to being contacted; after N missed calls in a row (per network, default 3) a next step is suggested."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zorgzaam.outreach import call_help, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(users, actor_of, areas, make_person, network, consent):
    coord = actor_of(users["coordinator"])
    circle = services.create_circle(coord, name="Belcirkel", area=areas["north"])
    # joining a circle needs contact consent; it can be withdrawn later
    person = consent(make_person(network, first_name="Jeanne", phone="+32 470 12.34.56", area=areas["north"]))
    return services.add_member(coord, circle, person=person, caller=users["volunteer"].persons.get())


def _miss(vol, member, outcome="not_reached"):
    member.refresh_from_db()
    services.log_call(vol, member, outcome=outcome, called_on=timezone.localdate() - dt.timedelta(days=1))


def test_number_shown_as_tel_link_only_with_contact_consent(member, users, client_of, consent):
    c = client_of(users["volunteer"])
    page = c.get(reverse("outreach:index")).content.decode()
    assert 'href="tel:+32470123456"' in page and "+32 470 12.34.56" in page
    assert c.get("/api/outreach/calls/due").json()[0]["phone"] == "+32 470 12.34.56"
    consent(member.person, granted=False)  # withdrawn: hidden at once, on the page and in the API
    page = c.get(reverse("outreach:index")).content.decode()
    assert "tel:" not in page and "470" not in page
    assert c.get("/api/outreach/calls/due").json()[0]["phone"] == ""


def test_next_step_after_three_misses_in_a_row_not_two_nor_with_a_success_between(member, users, actor_of):
    vol = actor_of(users["volunteer"])
    network = member.circle.network

    def steps():
        m = services.calls_due(vol)
        return call_help.annotate_calls(network, m)[0].next_steps if m else None

    _miss(vol, member)
    _miss(vol, member)
    assert steps() == []  # two misses: not yet
    _miss(vol, member, outcome="reached")
    member.refresh_from_db()
    member.next_due_on = timezone.localdate()
    member.save()
    _miss(vol, member)
    _miss(vol, member)
    assert steps() == []  # a success in between: the count started again
    _miss(vol, member)
    assert [code for code, _text in steps()] == ["visit", "neighbour", "coach"]


def test_suggestion_on_the_page_and_api_and_threshold_per_network(member, users, actor_of, client_of):
    vol = actor_of(users["volunteer"])
    for _ in range(2):
        _miss(vol, member)
    c = client_of(users["volunteer"])
    assert c.get("/api/outreach/calls/due").json()[0]["next_steps"] == []
    coord = client_of(users["coordinator"])
    r = coord.put(
        "/api/outreach/settings", {"missed_calls_before_next_step": 2}, content_type="application/json"
    )
    assert r.status_code == 200
    assert c.get("/api/outreach/calls/due").json()[0]["next_steps"] == ["visit", "neighbour", "coach"]
    page = c.get(reverse("outreach:index")).content.decode()
    assert 'role="note"' in page
    # only coordinators set it, within bounds
    bad = c.put(
        "/api/outreach/settings", {"missed_calls_before_next_step": 5}, content_type="application/json"
    )
    assert bad.status_code == 403
    with pytest.raises(ValidationError):
        call_help.set_missed_calls_threshold(actor_of(users["coordinator"]), 0)
    with pytest.raises(PermissionDenied):
        call_help.set_missed_calls_threshold(actor_of(users["professional"]), 4)
    assert call_help.settings_for(member.circle.network).missed_calls_before_next_step == 2


def test_tel_href():
    assert call_help.tel_href(" 09/123 45 67 ") == "091234567"
    assert call_help.tel_href("+32 (0)470") == "+320470"
    assert call_help.tel_href("") == ""


def test_call_list_queries_do_not_grow_with_rows(
    member, users, actor_of, client_of, make_person, network, areas, consent, django_assert_num_queries
):
    coord, vol = actor_of(users["coordinator"]), actor_of(users["volunteer"])
    for _ in range(3):
        _miss(vol, member)  # one row with a suggestion and a coach lookup
    c = client_of(users["volunteer"])
    c.get(reverse("outreach:index"))  # warm up (session, URLconf)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("outreach:index")).status_code == 200
        return len(ctx)

    one = count()
    for i in range(19):
        p = consent(make_person(network, first_name=f"Lid{i}", phone="0470", area=areas["north"]))
        services.add_member(coord, member.circle, person=p, caller=vol.person)
    assert len(services.calls_due(vol)) == 20
    with django_assert_num_queries(one):
        c.get(reverse("outreach:index"))


def test_adding_someone_without_contact_consent_links_to_record_it(
    member, users, client_of, make_person, network
):
    stranger = make_person(network, first_name="Zonder", area=member.person.area)
    circle_url = reverse("outreach:circle_detail", args=[member.circle_id])
    r = client_of(users["coordinator"]).post(
        circle_url,
        {
            "person": stranger.pk,
            "caller": member.caller_id,
            "frequency": "weekly",
            "started_on": timezone.localdate().isoformat(),
        },
    )
    html = r.content.decode().replace("&amp;", "&")
    consent = reverse("people:consent", args=[stranger.pk])
    assert r.status_code == 200 and f'href="{consent}?purpose=contact&next=' in html
    assert circle_url.replace("/", "%2F") in html
