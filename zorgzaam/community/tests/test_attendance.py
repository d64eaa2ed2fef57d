import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.audit.models import Event
from zorgzaam.community import services
from zorgzaam.community.models import Attendance, Evaluation, Registration

from .conftest import fresh

pytestmark = pytest.mark.django_db


def test_named_and_head_count_are_separate(past_occurrence, users, actor_of, make_person, network):
    staff = actor_of(users["coordinator"])
    people = [make_person(network) for _ in range(3)]
    for p in people:
        services.set_attendance(staff, past_occurrence, p, True)
    services.set_attendance(staff, past_occurrence, people[0], True)  # twice: still once
    services.set_head_count(staff, past_occurrence, 7)
    assert services.attendance_total(fresh(past_occurrence)) == {"named": 3, "anonymous": 7, "total": 10}
    services.set_attendance(staff, past_occurrence, people[1], False)
    services.set_head_count(staff, past_occurrence, None)
    assert services.attendance_total(fresh(past_occurrence)) == {"named": 2, "anonymous": 0, "total": 2}
    assert Event.objects.filter(kind=services.ATTENDANCE_SET).count() == 4


def test_organiser_records_attendance_others_cannot(
    make_activity, users, actor_of, make_person, network, make_user
):
    import datetime as dt

    from django.utils import timezone

    organiser = make_user(network, "volunteer", username="org")
    act = make_activity(
        start_date=timezone.localdate() - dt.timedelta(days=2), organisers=[organiser.persons.get()]
    )
    occ = act.occurrences.get()
    person = make_person(network)
    services.set_attendance(actor_of(organiser), occ, person, True)
    for role in ("volunteer", "resident", "partner", "policy"):
        with pytest.raises(PermissionDenied):
            services.set_attendance(actor_of(users[role]), occ, person, False)
        with pytest.raises(PermissionDenied):
            services.set_head_count(actor_of(users[role]), occ, 3)
    assert Attendance.objects.filter(occurrence=occ).count() == 1
    assert fresh(occ).head_count is None


def test_outsider_cannot_touch_attendance(
    past_occurrence, users, actor_of, other_network, make_person, network
):
    with pytest.raises(PermissionDenied):
        services.set_attendance(
            actor_of(users["outsider"], other_network), past_occurrence, make_person(network), True
        )


def test_attendance_not_before_the_start_and_bad_numbers(
    occurrence, past_occurrence, users, actor_of, make_person, network
):
    staff = actor_of(users["coordinator"])
    with pytest.raises(ValidationError):
        services.set_attendance(staff, occurrence, make_person(network), True)
    with pytest.raises(ValidationError):
        services.set_head_count(staff, past_occurrence, -1)
    with pytest.raises(ValidationError):
        services.set_attendance(
            staff, past_occurrence, make_person(network.__class__.objects.create(name="x", slug="x")), True
        )
    assert not Attendance.objects.exists()
    assert fresh(past_occurrence).head_count is None


def test_participant_evaluates_anonymously(past_occurrence, users, actor_of):
    Registration.objects.create(
        occurrence=past_occurrence, person=users["resident"].persons.get(), status="registered"
    )
    resident = actor_of(users["resident"])
    assert services.can_evaluate(resident, past_occurrence)
    services.evaluate(resident, past_occurrence, score=4, comment=" Fijn ")
    services.evaluate(actor_of(users["coordinator"]), past_occurrence, score=2)
    ev = Evaluation.objects.order_by("id")
    assert [(e.score, e.comment, e.by_organiser) for e in ev] == [(4, "Fijn", False), (2, "", True)]
    assert not any(f.name == "person" for f in Evaluation._meta.get_fields())
    summary = services.evaluation_summary([past_occurrence])
    assert summary == {"count": 2, "average": 3.0, "distribution": {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}}


def test_evaluation_rules(past_occurrence, occurrence, users, actor_of):
    with pytest.raises(PermissionDenied):  # not a participant
        services.evaluate(actor_of(users["resident"]), past_occurrence, score=5)
    with pytest.raises(PermissionDenied):  # not yet held
        services.evaluate(actor_of(users["coordinator"]), occurrence, score=5)
    for bad in (0, 6, "5"):
        with pytest.raises(ValidationError):
            services.evaluate(actor_of(users["coordinator"]), past_occurrence, score=bad)
    assert not Evaluation.objects.exists()


def test_participant_list_only_for_managers(occurrence, users, actor_of, make_user, network):
    services.register(actor_of(users["resident"]), occurrence)
    assert list(services.registrations_for(actor_of(users["professional"]), occurrence))
    for role in ("resident", "volunteer", "partner", "policy"):
        with pytest.raises(PermissionDenied):
            services.registrations_for(actor_of(users[role]), occurrence)
    assert Event.objects.filter(kind=services.REGISTRATIONS_VIEWED).count() == 1
