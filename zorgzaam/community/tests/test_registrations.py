import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from zorgzaam.audit.models import Event
from zorgzaam.community import services
from zorgzaam.community.models import Registration
from zorgzaam.notifications.models import Notification

from .conftest import fresh

pytestmark = pytest.mark.django_db


def _resident(make_user, network, areas, name):
    return make_user(network, "resident", username=name, home=areas["north"])


def test_last_seat_one_wins_the_other_waits(occurrence, make_user, network, areas, actor_of, users):
    a, b, c = (_resident(make_user, network, areas, n) for n in ("ann", "bert", "cis"))
    r1 = services.register(actor_of(a), occurrence)
    r2 = services.register(actor_of(b), occurrence)  # the last seat
    r3 = services.register(actor_of(c), fresh(occurrence))
    assert [r1.status, r2.status, r3.status] == ["registered", "registered", "waiting"]
    assert Registration.objects.filter(occurrence=occurrence, status="registered").count() == 2


def test_same_person_twice_changes_nothing(occurrence, users, actor_of):
    actor = actor_of(users["resident"])
    services.register(actor, occurrence)
    with pytest.raises(ValidationError):
        services.register(actor, occurrence)
    assert Registration.objects.filter(occurrence=occurrence).count() == 1


def test_cancel_moves_waiting_list_up_with_notice(
    occurrence, make_user, make_person, network, areas, actor_of, users
):
    a, b = (_resident(make_user, network, areas, n) for n in ("ann", "bert"))
    staff = actor_of(users["coordinator"])
    offline = make_person(network, first_name="Zonder", last_name="Login", area=areas["north"])
    services.register(actor_of(a), occurrence)
    services.register(actor_of(b), occurrence)
    waiting_online = services.register(actor_of(users["resident"]), occurrence)
    waiting_offline = services.register(staff, occurrence, offline)
    assert waiting_online.status == waiting_offline.status == "waiting"
    reg_a = Registration.objects.get(occurrence=occurrence, person__user=a)
    promoted = services.cancel_registration(actor_of(a), reg_a)
    assert [r.pk for r in promoted] == [waiting_online.pk]
    assert Notification.objects.filter(recipient=users["resident"], kind="community.promoted").count() == 1
    # The second cancellation promotes the person without a login: the organiser (here the coordinator,
    # as the activity has no organisers) is asked to tell them.
    reg_b = Registration.objects.get(occurrence=occurrence, person__user=b)
    services.cancel_registration(staff, reg_b)
    waiting_offline.refresh_from_db()
    assert waiting_offline.status == "registered" and waiting_offline.promoted_at
    note = Notification.objects.get(kind="community.promoted_offline")
    assert note.recipient == users["coordinator"] and "Zonder" in note.rendered().body
    assert Event.objects.filter(kind=services.PROMOTED).count() == 2


def test_offline_promotion_goes_to_organiser(
    make_activity, make_user, make_person, network, areas, actor_of, users
):
    organiser = make_user(network, "volunteer", username="org")
    act = make_activity(capacity=1, organisers=[organiser.persons.get()])
    occ = act.occurrences.get()
    services.register(actor_of(users["resident"]), occ)
    staff = actor_of(users["coordinator"])
    services.register(staff, occ, make_person(network, first_name="Offline"))
    services.cancel_registration(
        staff, Registration.objects.get(occurrence=occ, person__user=users["resident"])
    )
    assert Notification.objects.filter(kind="community.promoted_offline", recipient=organiser).count() == 1
    assert not Notification.objects.filter(
        kind="community.promoted_offline", recipient=users["coordinator"]
    ).exists()


def test_staff_registers_on_behalf_and_it_is_logged(occurrence, users, actor_of, make_person, network, areas):
    person = make_person(network, area=areas["north"])
    reg = services.register(actor_of(users["professional"]), occurrence, person)
    assert reg.on_behalf is True and reg.registered_by == users["professional"]
    event = Event.objects.get(kind=services.REGISTERED)
    assert event.data["on_behalf"] is True


def test_assisted_use_registers_the_assisted_person(occurrence, users, actor_of, network, areas, make_person):
    from zorgzaam.core.middleware import SESSION_ON_BEHALF  # noqa: F401 - the session key used by the UI

    person = make_person(network, area=areas["north"])
    actor = actor_of(users["coordinator"], on_behalf_of_id=person.pk)
    assert actor.on_behalf_of == person
    reg = services.register(actor, occurrence)
    assert reg.person == person and reg.on_behalf


@pytest.mark.parametrize("role", ["resident", "volunteer", "partner", "policy", "outsider"])
def test_others_cannot_register_someone_else(
    occurrence, users, actor_of, make_person, network, areas, role, other_network
):
    person = make_person(network, area=areas["north"])
    net = other_network if role == "outsider" else None
    with pytest.raises(PermissionDenied):
        services.register(actor_of(users[role], net), occurrence, person)
    assert not Registration.objects.exists()


def test_professional_of_other_area_cannot_register_for_activity(
    make_activity, areas, users, actor_of, make_person, network
):
    occ = make_activity(area=areas["south"], place=None).occurrences.get()
    with pytest.raises(PermissionDenied):
        services.register(actor_of(users["professional"]), occ, make_person(network))


def test_cancelled_or_past_dates_refuse_registration(occurrence, past_occurrence, users, actor_of):
    actor = actor_of(users["resident"])
    with pytest.raises(ValidationError):
        services.register(actor, past_occurrence)
    services.cancel_occurrence(actor_of(users["coordinator"]), occurrence)
    with pytest.raises(ValidationError):
        services.register(actor, fresh(occurrence))
    assert not Registration.objects.exists()


def test_resident_cancels_own_but_not_others(occurrence, users, actor_of, make_user, network, areas):
    other = _resident(make_user, network, areas, "ann")
    reg = services.register(actor_of(other), occurrence)
    with pytest.raises(PermissionDenied):
        services.cancel_registration(actor_of(users["resident"]), reg)
    services.cancel_registration(actor_of(other), reg)
    reg.refresh_from_db()
    assert reg.status == "cancelled"
    with pytest.raises(ValidationError):
        services.cancel_registration(actor_of(other), reg)


def test_move_notifies_participants(occurrence, users, actor_of):
    import datetime as dt

    services.register(actor_of(users["resident"]), occurrence)
    new = occurrence.starts_at + dt.timedelta(days=2)
    services.move_occurrence(actor_of(users["coordinator"]), occurrence, new)
    occ = fresh(occurrence)
    assert occ.moved and occ.starts_at == new
    assert Notification.objects.filter(
        recipient=users["resident"], kind="community.occurrence_changed"
    ).exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_last_seat_race_with_threads(make_activity, make_user, network, areas):
    from zorgzaam.people.actor import build_actor

    occ = make_activity(capacity=1).occurrences.get()
    people = [_resident(make_user, network, areas, f"racer{i}") for i in range(6)]
    barrier = threading.Barrier(len(people))
    results, errors = [], []

    def go(user):
        try:
            barrier.wait()
            results.append(services.register(build_actor(user, network), occ).status)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == ["registered"] + ["waiting"] * 5
    assert Registration.objects.filter(occurrence=occ, status="registered").count() == 1
