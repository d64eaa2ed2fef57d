"""Merging reaches every app: a guard that every relation to a Person is moved by a merge hook (or
handled by people.merge itself, or exempted here with the reason), and one record per app that moves
from the duplicate to the survivor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

from zorgzaam.core import registry
from zorgzaam.people.merge import MERGED_HERE, merge_persons

EXEMPT = {
    "audit.Event.subject": "append-only history: what happened to the duplicate stays its own",
    "audit.Event.on_behalf_of": "append-only history",
}


def person_relations() -> set[str]:
    person = apps.get_model("people.Person")
    return {
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.is_relation and not f.auto_created and f.related_model is person
    }


def unmerged() -> set[str]:
    return person_relations() - registry.merge_coverage() - set(MERGED_HERE) - set(EXEMPT)


def test_every_relation_to_a_person_has_a_merge_hook():
    assert unmerged() == set(), (
        "These relations to a Person are not moved when two persons merge: register them with "
        "registry.register_merge(hook, covers=[...]) in the app's ready() or explain here why not."
    )
    assert {"care.Request.person", "volunteers.Initiative.owners"} <= person_relations()
    assert set(EXEMPT) | set(MERGED_HERE) <= person_relations(), "stale exemptions"


def test_guard_notices_a_forgotten_relation(monkeypatch):
    coverage = dict(registry.MERGE_COVERAGE)
    coverage.pop("community.Registration.person")
    monkeypatch.setattr(registry, "MERGE_COVERAGE", coverage)
    assert unmerged() == {"community.Registration.person"}


@pytest.fixture
def pair(network, areas, make_person):
    survivor = make_person(network, first_name="Maria", last_name="Peeters", area=areas["north"])
    duplicate = make_person(network, first_name="Marja", last_name="Peeters", area=areas["north"])
    return survivor, duplicate


def _merge(users, actor_of, survivor, duplicate, **kw):
    return merge_persons(actor_of(users["coordinator"]), survivor, duplicate, **kw)


@pytest.mark.django_db
def test_records_of_every_app_move(pair, users, actor_of, network, areas, organisation, make_person):
    from zorgzaam.analysis.models import Observation, Response, Survey
    from zorgzaam.care.models import Match, Request, Signal
    from zorgzaam.community.models import Activity, Attendance, Invitation, Occurrence, Place, Registration
    from zorgzaam.notifications.models import Notification
    from zorgzaam.outreach.models import Call, Checklist, Circle, CircleMember, Visit
    from zorgzaam.people.models import PersonTag, Tag
    from zorgzaam.valuedroles.models import RoleHolding, ValuedRole
    from zorgzaam.volunteers.models import HoursEntry, Initiative, VolunteerProfile

    survivor, dup = pair
    today, now = timezone.localdate(), timezone.now()
    other = make_person(network, first_name="Anna", area=areas["north"])
    signal = Signal.objects.create(network=network, person=dup, description="x", source="neighbour")
    req = Request.objects.create(network=network, person=dup, origin="phone", description="help")
    other_req = Request.objects.create(network=network, person=other, origin="phone", description="h")
    match = Match.objects.create(request=other_req, helper=dup)
    visit = Visit.objects.create(
        network=network, person=dup, checklist=Checklist.objects.create(network=network)
    )
    circle = Circle.objects.create(network=network, name="Bel")
    helper = users["volunteer"].persons.get()
    mine = CircleMember.objects.create(
        circle=circle, person=survivor, caller=helper, started_on=today, next_due_on=today
    )
    theirs = CircleMember.objects.create(
        circle=circle, person=dup, caller=helper, started_on=today, next_due_on=today
    )
    call = Call.objects.create(member=theirs, called_on=today, outcome="reached")
    place = Place.objects.create(network=network, name="Buurthuis")
    activity = Activity.objects.create(
        network=network, title="Koffie", place=place, start_date=today, start_time=dt.time(10)
    )
    occ = Occurrence.objects.create(activity=activity, original_start=now, starts_at=now, ends_at=now)
    later = now + dt.timedelta(days=7)
    occ2 = Occurrence.objects.create(activity=activity, original_start=later, starts_at=later, ends_at=later)
    Registration.objects.create(occurrence=occ, person=survivor, status="registered")
    Registration.objects.create(occurrence=occ, person=dup, status="registered")  # both: one stays
    reg2 = Registration.objects.create(occurrence=occ2, person=dup, status="registered")
    Attendance.objects.create(occurrence=occ, person=dup)
    invitation = Invitation.objects.create(network=network, person=dup, activity=activity)
    activity.organisers.add(dup)
    profile = VolunteerProfile.objects.create(person=dup)
    hours = HoursEntry.objects.create(network=network, person=dup, date=today, hours=2)
    initiative = Initiative.objects.create(network=network, title="Moestuin")
    initiative.owners.add(dup, survivor)
    holding = RoleHolding.objects.create(
        role=ValuedRole.objects.create(network=network, title="Gastvrouw"), person=dup, start_on=today
    )
    note = Notification.objects.create(recipient=users["coordinator"], kind="test", about=dup)
    survey = Survey.objects.create(network=network, title="Buurt", key="k1")
    Response.objects.create(survey=survey, person=survivor)
    extra = Response.objects.create(survey=survey, person=dup)
    obs = Observation.objects.create(
        network=network, kind="need", text="t", observed_on=today, created_by=dup
    )
    tag = Tag.objects.create(code="koken", domain="hands", name_nl="k", name_fr="k", name_en="k")
    PersonTag.objects.create(person=dup, tag=tag, kind="talent")

    _merge(users, actor_of, survivor, dup)

    for obj, field in [
        (signal, "person"),
        (req, "person"),
        (match, "helper"),
        (visit, "person"),
        (reg2, "person"),
        (invitation, "person"),
        (profile, "person"),
        (hours, "person"),
        (holding, "person"),
        (note, "about"),
        (obs, "created_by"),
    ]:
        obj.refresh_from_db()
        assert getattr(obj, f"{field}_id") == survivor.pk, f"{obj._meta.label}.{field} did not move"
    assert Registration.objects.filter(occurrence=occ, person=survivor).count() == 1
    assert Attendance.objects.get(occurrence=occ).person_id == survivor.pk
    assert list(activity.organisers.all()) == [survivor]
    assert list(initiative.owners.all()) == [survivor]
    call.refresh_from_db()
    assert call.member_id == mine.pk and not CircleMember.objects.filter(pk=theirs.pk).exists()
    extra.refresh_from_db()
    assert extra.person_id is None  # one response per survey and person: the second stays, anonymous
    assert survivor.tags.get().tag == tag
    assert not Registration.objects.filter(person=dup).exists()


@pytest.mark.django_db
def test_placements_follow_the_chosen_address(pair, users, actor_of):
    from zorgzaam.addresses.models import PersonPlacement
    from zorgzaam.sectors.models import Placement

    survivor, dup = pair
    _merge(users, actor_of, survivor, dup)
    assert not PersonPlacement.objects.filter(person=dup).exists()
    assert not Placement.objects.filter(person=dup).exists()
    assert not Placement.objects.filter(source="people.person", object_id=dup.pk).exists()


@pytest.mark.django_db
def test_volunteer_profile_of_the_survivor_wins(pair, users, actor_of):
    from zorgzaam.volunteers.models import VolunteerProfile

    survivor, dup = pair
    kept = VolunteerProfile.objects.create(person=survivor)
    VolunteerProfile.objects.create(person=dup)
    _merge(users, actor_of, survivor, dup)
    assert list(VolunteerProfile.objects.filter(person__in=[survivor, dup])) == [kept]


@pytest.mark.django_db
def test_time_bank_balance_moves_and_books_sum_to_zero(pair, users, actor_of, network):
    from django.db import transaction
    from django.db.models import Sum

    from zorgzaam.reciprocity import services as bank
    from zorgzaam.reciprocity.models import Account, Entry, Transaction

    survivor, dup = pair
    coord = actor_of(users["coordinator"])
    mine = Account.objects.create(
        network=network, kind="person", person=survivor, min_balance=-5, max_balance=5
    )
    theirs = Account.objects.create(network=network, kind="person", person=dup, min_balance=-5, max_balance=5)
    pool = bank.pool_account(network)
    with transaction.atomic():
        bank.post_transaction(coord, kind="grant", legs=[(pool, -4), (theirs, 4)], memo="", on_behalf=True)
        bank.post_transaction(coord, kind="grant", legs=[(pool, -3), (mine, 3)], memo="", on_behalf=True)

    _merge(users, actor_of, survivor, dup)

    assert bank.balance(theirs) == 0
    assert bank.balance(mine) == 7  # above its limit of 5: a merge moves what exists, whole
    merge_txn = Transaction.objects.get(kind=Transaction.Kind.MERGE)
    assert sorted(merge_txn.entries.values_list("amount", flat=True)) == [-4, 4]
    assert Entry.objects.aggregate(s=Sum("amount"))["s"] == 0
    theirs.refresh_from_db()
    assert theirs.person_id == dup.pk  # the emptied account keeps its history on the merged record


@pytest.mark.django_db
def test_account_of_the_duplicate_alone_moves_to_the_survivor(pair, users, actor_of, network):
    from zorgzaam.reciprocity.models import Account

    survivor, dup = pair
    theirs = Account.objects.create(network=network, kind="person", person=dup, min_balance=-5, max_balance=5)
    _merge(users, actor_of, survivor, dup)
    theirs.refresh_from_db()
    assert theirs.person_id == survivor.pk
