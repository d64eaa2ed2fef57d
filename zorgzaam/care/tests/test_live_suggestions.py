# ruff: noqa: F811 (pytest fixtures imported from test_suggestions and used as arguments)
"""Suggestions from the per-process live index: a change to a helper shows in the very next
suggestion, in this process and in another one (two index caches), at a constant query cost; the
batch explains why a request stayed unplaced, on the page and in the API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zorgzaam.care import services, suggestions
from zorgzaam.care.helper_index import HelperIndexes
from zorgzaam.care.models import Match
from zorgzaam.care.tests.test_suggestions import _req, coord, pool, shopping  # noqa: F401 (fixtures)
from zorgzaam.matching.models import HelperChange
from zorgzaam.people.models import Language, PersonTag, RoleAssignment
from zorgzaam.volunteers.models import SafeguardingRecord, VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_our_helpers(users, resident_person):
    """The shared `users` volunteer (no address) would show up in every list: not a helper here.
    The resident lives next to the pool, so distance counts."""
    RoleAssignment.objects.filter(person__user=users["volunteer"], role="volunteer").delete()
    resident_person.latitude, resident_person.longitude = 51.0, 4.0
    resident_person.save()


def _ids(coord, req, indexes=None):
    if indexes is None:
        return [r.helper.pk for r in suggestions.suggestions_for(coord, req)]
    from zorgzaam.care import helper_index

    saved = helper_index.INDEXES
    helper_index.INDEXES = indexes  # play another process
    try:
        return [r.helper.pk for r in suggestions.suggestions_for(coord, req)]
    finally:
        helper_index.INDEXES = saved


def test_each_kind_of_change_shows_in_the_next_suggestion(
    coord, resident_person, pool, shopping, themes, network, make_person, areas
):
    req = _req(coord, resident_person, shopping)
    ann, bert = pool["talent"], pool["plain"]
    assert _ids(coord, req) == [ann.pk, bert.pk]
    # load: Ann reaches her cap
    VolunteerProfile.objects.filter(person=ann).update(max_active_tasks=1)
    ann.volunteer_profile.refresh_from_db()
    ann.volunteer_profile.save()  # a save announces the change
    other = _req(coord, make_person(network, area=areas["north"]), shopping)
    Match.objects.create(request=other, helper=ann, state="accepted")
    assert _ids(coord, req) == [bert.pk]
    # talents and availability: Bert gains the talent, then moves out of reach
    PersonTag.objects.create(person=bert, tag=shopping, kind="talent")
    got = suggestions.suggestions_for(coord, req)
    assert got[0].helper == bert and got[0].components[0][2] == 100
    bert.latitude = 52.0
    bert.save()
    assert _ids(coord, req) == []
    # languages: both list languages and share none
    bert.latitude = 51.002
    bert.save()
    nl, _c = Language.objects.get_or_create(
        code="nl", defaults={"name_nl": "Nederlands", "name_fr": "n", "name_en": "n"}
    )
    fr, _c = Language.objects.get_or_create(
        code="fr", defaults={"name_nl": "Frans", "name_fr": "f", "name_en": "f"}
    )
    resident_person.languages.set([nl])
    bert.languages.set([fr])
    assert _ids(coord, req) == []
    bert.languages.add(nl)
    assert _ids(coord, req) == [bert.pk]
    # roles: a helper without a talent who stops volunteering drops out
    RoleAssignment.objects.filter(person=pool["full"]).delete()
    cis_profile = pool["full"].volunteer_profile
    cis_profile.max_active_tasks = 3
    cis_profile.save()
    assert pool["full"].pk not in _ids(coord, req)
    RoleAssignment.objects.create(person=pool["full"], role="volunteer")
    assert pool["full"].pk in _ids(coord, req)


def test_screening_change_shows_at_once(coord, resident_person, pool, shopping, themes):
    req = _req(coord, resident_person, shopping, needs_screened_helper=True)
    assert _ids(coord, req) == []
    today = timezone.localdate()
    for kind in ("criminal_record", "insurance"):
        SafeguardingRecord.objects.create(
            person=pool["plain"], kind=kind, issued_on=today, valid_until=today + dt.timedelta(days=30)
        )
    assert _ids(coord, req) == [pool["plain"].pk]


def test_read_your_writes_across_two_processes(coord, resident_person, pool, shopping, themes):
    req = _req(coord, resident_person, shopping)
    first, second = HelperIndexes(), HelperIndexes()
    assert _ids(coord, req, first) == _ids(coord, req, second) == [pool["talent"].pk, pool["plain"].pk]
    # "process one" handles a request that makes Ann unavailable ...
    pool["talent"].availability = ["sun_pm"]
    pool["talent"].latitude = 53.0
    pool["talent"].save()
    # ... and "process two" shows it in its very next answer, without a rebuild
    base = second._entries[coord.network.pk].index.base
    assert _ids(coord, req, second) == [pool["plain"].pk]
    assert second._entries[coord.network.pk].index.base is base
    assert _ids(coord, req, first) == [pool["plain"].pk]


def test_a_late_committing_change_is_not_lost(coord, resident_person, pool, shopping, themes):
    """Ids are handed out before commit: a lower id that shows up later is still applied."""
    req = _req(coord, resident_person, shopping)
    indexes = HelperIndexes()
    _ids(coord, req, indexes)
    entry = indexes._entries[coord.network.pk]
    pool["talent"].latitude = 53.0
    pool["talent"].save()
    row = HelperChange.objects.filter(person_id=pool["talent"].pk).latest("id")
    HelperChange.objects.create(network=coord.network, person_id=pool["plain"].pk)  # a later row seen first
    entry.applied.add(HelperChange.objects.latest("id").pk)
    entry.index.version = HelperChange.objects.latest("id").pk
    assert row.pk not in entry.applied
    assert _ids(coord, req, indexes) == [pool["plain"].pk]


@pytest.mark.parametrize("n_helpers", [1, 20])
def test_suggestion_queries_do_not_grow_with_helpers(
    n_helpers,
    coord,
    resident_person,
    network,
    make_person,
    areas,
    shopping,
    themes,
    django_assert_num_queries,
):
    for i in range(n_helpers):
        p = make_person(
            network, first_name=f"H{i}", latitude=51.0 + i * 1e-4, longitude=4.0, area=areas["north"]
        )
        RoleAssignment.objects.create(person=p, role="volunteer")
    req = _req(coord, resident_person, shopping)
    _ids(coord, req)  # builds the index
    with django_assert_num_queries(QUERIES_PER_SUGGESTION):
        rows = suggestions.suggestions_for(coord, req)
    assert len(rows) == min(n_helpers, 10)


# request_for_manage (1), the request with its history (5), continuity (1), change log (1), people (1)
QUERIES_PER_SUGGESTION = 9


def test_batch_explains_unplaced_on_page_and_api(
    coord, users, client_of, network, areas, make_person, pool, shopping, themes
):
    near = [
        _req(coord, make_person(network, area=areas["north"], latitude=51.0, longitude=4.0), shopping)
        for _ in range(2)
    ]
    far = _req(coord, make_person(network, area=areas["north"], latitude=50.0, longitude=4.0), shopping)
    proposal = suggestions.batch_proposal(coord, areas["north"])
    assert proposal.placed == 2 and proposal.certificate["optimal"]
    assert {r.pk: code for r, code, _t in proposal.unplaced} == {far.pk: "no_helper"}
    # parity: whoever may run the batch manages each of its requests (no check per request needed)
    assert all(
        services.can_manage_request(coord, r) for r in suggestions.open_for_batch(coord, areas["north"])
    )
    page = client_of(users["coordinator"]).get(reverse("care:batch"), {"area": areas["north"].pk})
    assert page.status_code == 200 and 'data-reason="no_helper"' in page.content.decode()
    api = client_of(users["coordinator"]).get("/api/care/batch", {"area": areas["north"].pk}).json()
    assert api["unplaced"] == [
        {"request_id": far.pk, "reason": "no_helper", "text": api["unplaced"][0]["text"]}
    ]
    assert api["placed"] == 2 and api["certificate"]["max_violation"] == 0
    assert {p["request_id"] for p in api["pairs"]} == {r.pk for r in near}
