"""Merging two persons: who may, the chosen values, consent, logins, audit, where old ids lead, and
the same refusals through the page and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from zorgzaam.audit.models import Event
from zorgzaam.people.merge import merge_persons
from zorgzaam.people.models import Consent, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(network, areas, make_person):
    survivor = make_person(
        network, first_name="Maria", last_name="Peeters", phone="0470", area=areas["north"]
    )
    duplicate = make_person(
        network, first_name="Marja", last_name="Peters", phone="0480", email="m@x.test", area=areas["north"]
    )
    return survivor, duplicate


def _coord(users, actor_of):
    return actor_of(users["coordinator"])


def test_chosen_values_stay_and_the_duplicate_is_emptied(pair, users, actor_of):
    survivor, dup = pair
    merge_persons(_coord(users, actor_of), survivor, dup, values={"phone": "duplicate", "email": "duplicate"})
    survivor.refresh_from_db()
    dup.refresh_from_db()
    assert (survivor.first_name, survivor.phone, survivor.email) == ("Maria", "0480", "m@x.test")
    assert dup.merged_into_id == survivor.pk and dup.anonymised_at is not None
    assert "Marja" not in (dup.first_name, dup.last_name) and dup.phone == "" and dup.area_id is None
    assert dup not in Person.objects.filter(anonymised_at__isnull=True)


@pytest.mark.parametrize("role", ["professional", "volunteer", "resident", "partner", "policy", "outsider"])
def test_only_coordinators_of_the_network_merge(role, pair, users, actor_of, other_network):
    survivor, dup = pair
    actor = actor_of(users[role], other_network if role == "outsider" else None)
    with pytest.raises(PermissionDenied):
        merge_persons(actor, survivor, dup)
    dup.refresh_from_db()
    assert dup.merged_into_id is None


def test_refused_pairs(pair, users, actor_of, other_network, make_person):
    survivor, dup = pair
    coord = _coord(users, actor_of)
    with pytest.raises(ValidationError):
        merge_persons(coord, survivor, survivor)
    with pytest.raises(PermissionDenied):  # another network
        merge_persons(coord, survivor, make_person(other_network, first_name="Ver"))
    from zorgzaam.people.services import erase_person

    erase_person(coord, dup)
    with pytest.raises(ValidationError):
        merge_persons(coord, survivor, dup)
    with pytest.raises(ValidationError):
        merge_persons(coord, survivor, make_person(survivor.network), values={"phone": "mine"})
    with pytest.raises(ValidationError):
        merge_persons(coord, survivor, make_person(survivor.network), values={"shoe_size": "duplicate"})


@pytest.mark.parametrize(
    "mine, theirs, result",
    [
        (True, False, False),  # refused beats given
        (False, True, False),
        (None, True, True),  # given beats unknown
        (True, None, True),
        (None, False, False),
        (None, None, None),
    ],
)
def test_consent_takes_the_stricter_decision(mine, theirs, result, pair, users, actor_of):
    from zorgzaam.people.services import current_consents, record_consent

    survivor, dup = pair
    coord = _coord(users, actor_of)
    for person, granted in ((survivor, mine), (dup, theirs)):
        if granted is not None:
            record_consent(coord, person, purpose="contact", granted=granted, channel="spoken")
    merge_persons(coord, survivor, dup)
    current = current_consents(survivor).get(("contact", None))
    assert (current.granted if current else None) is result


def test_logins_the_coordinator_chooses(pair, users, actor_of, make_user, network):
    survivor, dup = pair
    from zorgzaam.accounts.models import User

    a = User.objects.create_user(username="maria1", password="correct horse battery")
    b = User.objects.create_user(username="maria2", password="correct horse battery")
    Person.objects.filter(pk=survivor.pk).update(user=a)
    Person.objects.filter(pk=dup.pk).update(user=b)
    survivor.refresh_from_db()
    dup.refresh_from_db()
    coord = _coord(users, actor_of)
    with pytest.raises(ValidationError) as exc:
        merge_persons(coord, survivor, dup)
    assert "keep_login" in exc.value.message_dict
    session = Client()
    session.force_login(a)
    assert session.get(reverse("core:home")).status_code == 200
    merge_persons(coord, survivor, dup, keep_login="duplicate")
    survivor.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    assert survivor.user_id == b.pk and b.is_active
    assert not a.is_active and not a.persons.exists()
    assert session.get(reverse("core:home")).status_code == 302  # the switched-off login is logged out


def test_the_duplicates_only_login_moves_to_the_survivor(pair, users, actor_of):
    survivor, dup = pair
    from zorgzaam.accounts.models import User

    b = User.objects.create_user(username="maria2", password="correct horse battery")
    Person.objects.filter(pk=dup.pk).update(user=b)
    dup.refresh_from_db()
    merge_persons(_coord(users, actor_of), survivor, dup)
    survivor.refresh_from_db()
    b.refresh_from_db()
    assert survivor.user_id == b.pk and b.is_active


def test_audited_on_both_ids(pair, users, actor_of):
    survivor, dup = pair
    merge_persons(_coord(users, actor_of), survivor, dup, values={"phone": "duplicate"})
    events = Event.objects.filter(kind="person.merged")
    assert {e.subject_id for e in events} == {survivor.pk, dup.pk}
    assert all(e.data["survivor"] == survivor.pk and e.data["duplicate"] == dup.pk for e in events)
    assert "0480" not in str(list(events.values_list("data", flat=True)))  # codes, not values


def test_old_id_leads_to_the_survivor(pair, users, actor_of, client_of):
    survivor, dup = pair
    merge_persons(_coord(users, actor_of), survivor, dup)
    coord = client_of(users["coordinator"])
    page = coord.get(reverse("people:detail", args=[dup.pk]))
    assert page.status_code == 302 and page["Location"] == reverse("people:detail", args=[survivor.pk])
    api = coord.get(f"/api/people/persons/{dup.pk}")
    assert api.status_code == 200 and api.json()["id"] == survivor.pk
    # The professional of the north area sees the survivor too; the volunteer does not: for them the
    # old id answers like an id that does not exist.
    prof = client_of(users["professional"])
    assert prof.get(f"/api/people/persons/{dup.pk}").json()["id"] == survivor.pk
    vol = client_of(users["volunteer"])
    for url in (reverse("people:detail", args=[dup.pk]), f"/api/people/persons/{dup.pk}"):
        unknown = url.replace(str(dup.pk), "999999")
        assert vol.get(url).status_code == vol.get(unknown).status_code == 403


def test_page_flow_search_compare_confirm(pair, users, client_of):
    survivor, dup = pair
    c = client_of(users["coordinator"])
    url = reverse("people:merge", args=[survivor.pk])
    found = c.get(url, {"q": "Peters"}).content.decode()
    assert f"?other={dup.pk}" in found
    compare = c.get(url, {"other": dup.pk}).content.decode()
    assert "0470" in compare and "0480" in compare
    refused = c.post(url, {"other": dup.pk, "phone": "duplicate"})  # not confirmed
    assert refused.status_code == 200
    dup.refresh_from_db()
    assert dup.merged_into_id is None
    fields = {"name": "survivor", "email": "survivor", "phone": "duplicate"}
    done = c.post(url, {"other": dup.pk, **fields, "confirm": "on"})
    assert done.status_code == 302
    survivor.refresh_from_db()
    assert survivor.phone == "0480"


def test_detail_page_offers_merge_to_coordinators_only(pair, users, client_of):
    survivor, _dup = pair
    label = reverse("people:merge", args=[survivor.pk])
    assert (
        label
        in client_of(users["coordinator"]).get(reverse("people:detail", args=[survivor.pk])).content.decode()
    )
    assert (
        label
        not in client_of(users["professional"])
        .get(reverse("people:detail", args=[survivor.pk]))
        .content.decode()
    )


@pytest.mark.parametrize("role", ["coordinator", "professional", "volunteer", "resident", "outsider"])
def test_page_and_api_refuse_alike(role, pair, users, client_of, make_person, network):
    """Parity: the same cases refused through both doors (403 for who may not, 422/form error for a
    record merged with itself), and nothing changes."""
    survivor, dup = pair
    c = client_of(users[role])
    api = c.post(
        f"/api/people/persons/{survivor.pk}/merge",
        {"duplicate_id": survivor.pk},
        content_type="application/json",
    )
    page = c.post(reverse("people:merge", args=[survivor.pk]), {"other": survivor.pk, "confirm": "on"})
    if role == "coordinator":
        assert api.status_code == 422
        with translation.override("nl"):  # the page speaks the default language
            said = escape(
                translation.gettext("Choose another person: a record cannot be merged with itself.")
            )
        assert page.status_code == 200 and said in page.content.decode()
        assert api.json()["errors"][0]["field"] == "duplicate_id"
        assert escape(api.json()["errors"][0]["message"]) == said  # the same words through both doors
    else:
        assert api.status_code == page.status_code == 403
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_api_merge(pair, users, client_of):
    survivor, dup = pair
    r = client_of(users["coordinator"]).post(
        f"/api/people/persons/{survivor.pk}/merge",
        {"duplicate_id": dup.pk, "values": {"phone": "duplicate"}},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["id"] == survivor.pk and r.json()["phone"] == "0480"
    bad = client_of(users["coordinator"]).post(
        f"/api/people/persons/{survivor.pk}/merge",
        {"duplicate_id": dup.pk, "values": {"phone": "whatever"}},
        content_type="application/json",
    )
    assert bad.status_code in (403, 422)


def test_consent_is_not_moved_row_by_row(pair, users, actor_of):
    """The duplicate's history stays with it; only the resulting decision is written on the survivor."""
    from zorgzaam.people.services import record_consent

    survivor, dup = pair
    coord = _coord(users, actor_of)
    record_consent(coord, dup, purpose="photos", granted=False, channel="paper")
    merge_persons(coord, survivor, dup)
    assert Consent.objects.filter(person=dup).count() == 1
    assert Consent.objects.get(person=survivor, purpose="photos").granted is False


def test_second_entry_warns_then_merges(network, areas, users, client_of, make_person):
    """The issue's scenario: the second entry of someone already known is warned about; once saved
    anyway, its page offers the merge, and the merge leaves one record."""
    known = make_person(network, first_name="Jan", last_name="Janssens", birth_year=1940, area=areas["north"])
    c = client_of(users["coordinator"])
    form = {"first_name": "Jan", "last_name": "Janssens", "birth_year": 1940, "area": areas["north"].pk}
    warned = c.post(reverse("people:create"), form)
    assert warned.status_code == 200 and reverse("people:detail", args=[known.pk]) in warned.content.decode()
    saved = c.post(reverse("people:create"), {**form, "confirm_new": "1"})
    second = Person.objects.exclude(pk=known.pk).get(first_name="Jan", last_name="Janssens")
    assert saved.status_code == 302
    page = c.get(reverse("people:detail", args=[second.pk])).content.decode()
    merge_url = f"{reverse('people:merge', args=[second.pk])}?other={known.pk}"
    assert merge_url in page
    # Only coordinators see the offer (a professional of the area sees the person, not the panel).
    assert (
        merge_url
        not in client_of(users["professional"])
        .get(reverse("people:detail", args=[second.pk]))
        .content.decode()
    )
    done = c.post(reverse("people:merge", args=[second.pk]), {"other": known.pk, "confirm": "on"})
    assert done.status_code == 302
    known.refresh_from_db()
    assert known.merged_into_id == second.pk
    assert merge_url not in c.get(reverse("people:detail", args=[second.pk])).content.decode()


def test_search_for_the_other_record_queries_per_page(network, areas, users, client_of, make_person):
    from zorgzaam.core.testing import assert_queries_per_page

    survivor = make_person(network, first_name="Blijft", area=areas["north"])

    def rows(n):
        for _ in range(n):
            make_person(network, first_name="Zoekmij", area=areas["north"], street="Kerkstraat")

    c = client_of(users["coordinator"])
    assert_queries_per_page([(c, f"/people/{survivor.pk}/merge/?q=Zoekmij", 11)], rows)
