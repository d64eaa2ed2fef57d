import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zorgzaam.audit.models import Event
from zorgzaam.notifications.models import Notification
from zorgzaam.people.models import Person
from zorgzaam.volunteers import services
from zorgzaam.volunteers.models import (
    HoursEntry,
    Initiative,
    OnboardingProgress,
    SafeguardingRecord,
    SafeguardingReminder,
    ThankYou,
    VolunteerProfile,
)

TODAY = timezone.localdate()


@pytest.fixture
def vol(users):
    return Person.objects.get(user=users["volunteer"])


@pytest.fixture
def north_vol(network, areas, make_person):
    p = make_person(network, area=areas["north"])
    VolunteerProfile.objects.create(person=p)
    return p


@pytest.fixture
def south_vol(network, areas, make_person):
    p = make_person(network, area=areas["south"])
    VolunteerProfile.objects.create(person=p)
    return p


# --- onboarding ----------------------------------------------------------------------------------


def test_onboarding_progress(users, actor_of, network, north_vol):
    steps = services.ensure_default_steps(network)
    assert len(steps) == 5
    assert services.ensure_default_steps(network) == steps  # idempotent
    coord = actor_of(users["coordinator"])
    services.set_step(coord, north_vol, steps[0], done=True)
    services.set_step(coord, north_vol, steps[1], done=True)
    status = services.onboarding(north_vol)
    assert (status["done"], status["total"]) == (2, 5)
    services.set_step(coord, north_vol, steps[1], done=False)
    assert services.onboarding(north_vol)["done"] == 1
    # a step switched off no longer counts
    services.save_step(coord, step=steps[0], code=steps[0].code, name=steps[0].name, active=False)
    assert services.onboarding(north_vol) == {
        "rows": services.onboarding(north_vol)["rows"],
        "done": 0,
        "total": 4,
    }


def test_onboarding_permissions(users, actor_of, network, north_vol, south_vol):
    step = services.ensure_default_steps(network)[0]
    services.set_step(actor_of(users["professional"]), north_vol, step, done=True)
    for role in ("professional",):
        with pytest.raises(PermissionDenied):
            services.set_step(actor_of(users[role]), south_vol, step, done=True)
    for role in ("volunteer", "resident", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.set_step(actor_of(users[role]), north_vol, step, done=True)
    assert OnboardingProgress.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.save_step(actor_of(users["professional"]), code="x", name="X")


def test_future_step_date_changes_nothing(users, actor_of, network, north_vol):
    step = services.ensure_default_steps(network)[0]
    with pytest.raises(ValidationError):
        services.set_step(
            actor_of(users["coordinator"]), north_vol, step, done=True, done_on=TODAY + dt.timedelta(days=3)
        )
    assert not OnboardingProgress.objects.exists()


# --- safeguarding and reminders ------------------------------------------------------------------


def test_safeguarding_validation_changes_nothing(users, actor_of, north_vol):
    coord = actor_of(users["coordinator"])
    for kwargs in (
        {"kind": "nonsense", "issued_on": TODAY},
        {"kind": "criminal_record", "issued_on": TODAY + dt.timedelta(days=1)},
        {"kind": "criminal_record", "issued_on": TODAY, "valid_until": TODAY - dt.timedelta(days=1)},
    ):
        with pytest.raises(ValidationError):
            services.add_safeguarding(coord, north_vol, **kwargs)
    assert not SafeguardingRecord.objects.exists()
    rec = services.add_safeguarding(
        coord, north_vol, kind="criminal_record", issued_on=TODAY, valid_until=TODAY + dt.timedelta(days=365)
    )
    status = {s["kind"]: s for s in services.safeguarding_status(north_vol)}
    assert status["criminal_record"]["valid"] and status["criminal_record"]["record"] == rec
    assert not status["insurance"]["valid"]


def test_volunteer_reads_own_safeguarding_but_cannot_add(users, actor_of, vol):
    me = actor_of(users["volunteer"])
    assert services.can_view_volunteer(me, vol)
    with pytest.raises(PermissionDenied):
        services.add_safeguarding(me, vol, kind="training", issued_on=TODAY)


def test_reminders_once_at_threshold(users, actor_of, network, vol):
    rec = SafeguardingRecord.objects.create(
        person=vol,
        kind="criminal_record",
        issued_on=TODAY - dt.timedelta(days=300),
        valid_until=TODAY + dt.timedelta(days=31),
    )
    assert services.send_expiry_reminders(network, today=TODAY) == 0  # 31 days left: not yet
    assert services.send_expiry_reminders(network, today=TODAY + dt.timedelta(days=1)) == 1  # 30 days: now
    assert services.send_expiry_reminders(network, today=TODAY + dt.timedelta(days=1)) == 0  # never twice
    assert services.send_expiry_reminders(network, today=TODAY + dt.timedelta(days=10)) == 0
    assert SafeguardingReminder.objects.filter(record=rec, threshold_days=30).count() == 1
    kinds = Notification.objects.filter(kind__startswith="volunteers.safeguarding")
    assert set(kinds.values_list("recipient__username", flat=True)) == {"vol", "coord"}
    assert kinds.count() == 2
    # another threshold is another reminder
    assert services.send_expiry_reminders(network, today=TODAY + dt.timedelta(days=25), threshold=7) == 1
    # the outsider's coordinator is never told
    assert not Notification.objects.filter(recipient=users["outsider"]).exists()


def test_renewed_record_silences_old_one(network, vol):
    SafeguardingRecord.objects.create(
        person=vol,
        kind="insurance",
        issued_on=TODAY - dt.timedelta(days=360),
        valid_until=TODAY + dt.timedelta(days=5),
    )
    SafeguardingRecord.objects.create(
        person=vol, kind="insurance", issued_on=TODAY, valid_until=TODAY + dt.timedelta(days=365)
    )
    assert services.send_expiry_reminders(network, today=TODAY) == 0


def test_periodic_task_runs(network, vol):
    from zorgzaam.volunteers.tasks import safeguarding_expiry_reminders

    SafeguardingRecord.objects.create(
        person=vol,
        kind="training",
        issued_on=TODAY - dt.timedelta(days=10),
        valid_until=TODAY + dt.timedelta(days=3),
    )
    safeguarding_expiry_reminders.call_local()
    safeguarding_expiry_reminders.call_local()
    assert SafeguardingReminder.objects.count() == 1


def test_expiring_records_for_staff_only(users, actor_of, north_vol, south_vol):
    for p in (north_vol, south_vol):
        SafeguardingRecord.objects.create(
            person=p,
            kind="criminal_record",
            issued_on=TODAY - dt.timedelta(days=100),
            valid_until=TODAY + dt.timedelta(days=10),
        )
    assert len(services.expiring_records(actor_of(users["coordinator"]))) == 2
    assert [r.person for r in services.expiring_records(actor_of(users["professional"]))] == [north_vol]
    for role in ("volunteer", "resident", "partner", "policy"):
        with pytest.raises(PermissionDenied):
            services.expiring_records(actor_of(users[role]))


# --- hours ---------------------------------------------------------------------------------------


def test_hours_totals(users, actor_of, vol):
    me = actor_of(users["volunteer"])
    year = TODAY.year
    services.log_hours(me, vol, date=dt.date(year, 1, 5), hours="2.5", activity="Voorlezen")
    services.log_hours(me, vol, date=dt.date(year, 1, 20), hours=Decimal("1.25"), activity="Koffieklets")
    services.log_hours(me, vol, date=dt.date(year - 1, 12, 30), hours=3, activity="Kerstmarkt")
    totals = services.hours_totals(vol, year)
    assert totals["months"][1] == Decimal("3.75") and totals["total"] == Decimal("3.75")
    assert services.hours_totals(vol, year - 1)["total"] == Decimal("3")


@pytest.mark.parametrize(
    "typed,hours",
    [
        ("2", "2"),
        ("1.5", "1.5"),
        ("1,5", "1.5"),
        (" 1:30 ", "1.5"),
        ("0:20", "0.33"),
        ("12", "12"),
        ("0,25", "0.25"),
    ],
)
def test_hours_as_people_type_them(typed, hours):
    assert services.parse_hours(typed) == Decimal(hours)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hours": "0", "activity": "x"},
        {"hours": "-1", "activity": "x"},
        {"hours": "25", "activity": "x"},
        {"hours": "abc", "activity": "x"},
        {"hours": "1.001", "activity": "x"},
        {"hours": "12,01", "activity": "x"},
        {"hours": "13:00", "activity": "x"},
        {"hours": "1:60", "activity": "x"},
        {"hours": "0:00", "activity": "x"},
        {"hours": "1e999999", "activity": "x"},
        {"hours": "NaN", "activity": "x"},
        {"hours": "1", "activity": "  "},
        {"hours": "1", "activity": "x", "link": "javascript:alert(1)"},
        {"hours": "1", "activity": "x", "date": TODAY + dt.timedelta(days=2)},
    ],
)
def test_bad_hours_change_nothing(users, actor_of, vol, kwargs):
    kwargs = {"date": TODAY, **kwargs}
    with pytest.raises(ValidationError):
        services.log_hours(actor_of(users["volunteer"]), vol, **kwargs)
    assert not HoursEntry.objects.exists()


def test_hours_permissions(users, actor_of, vol, north_vol, south_vol):
    services.log_hours(actor_of(users["coordinator"]), south_vol, date=TODAY, hours=1, activity="x")
    services.log_hours(actor_of(users["professional"]), north_vol, date=TODAY, hours=1, activity="x")
    with pytest.raises(PermissionDenied):
        services.log_hours(actor_of(users["professional"]), south_vol, date=TODAY, hours=1, activity="x")
    with pytest.raises(PermissionDenied):
        services.log_hours(actor_of(users["volunteer"]), north_vol, date=TODAY, hours=1, activity="x")
    for role in ("resident", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.log_hours(actor_of(users[role]), vol, date=TODAY, hours=1, activity="x")
    assert HoursEntry.objects.count() == 2
    assert Event.objects.filter(kind="volunteers.hours_logged").count() == 2


def test_hours_aggregate_suppresses_small_groups(users, actor_of, network, make_person):
    from zorgzaam.people.models import Consent

    coord = actor_of(users["coordinator"])
    people = []
    for _ in range(5):
        p = make_person(network)
        VolunteerProfile.objects.create(person=p)
        Consent.objects.create(person=p, purpose="statistics", granted=True, channel="paper")
        people.append(p)
    day = dt.date(TODAY.year, 1, 3)
    for p in people:
        services.log_hours(coord, p, date=day, hours=2, activity="x")
    services.log_hours(coord, people[0], date=dt.date(TODAY.year, 2, 3), hours=9, activity="x")
    months = dict(services.hours_aggregate(actor_of(users["policy"]), TODAY.year)["months"])
    assert months[1].value == Decimal("10") and months[1].contributors == 5
    # One volunteer in February, nobody in March: both hidden alike (a zero is a small cell too).
    assert months[2].hidden and months[2].contributors is None
    assert months[3].hidden and months[3].contributors is None
    with pytest.raises(PermissionDenied):
        services.hours_aggregate(actor_of(users["resident"]), TODAY.year)


# --- thanks and appreciation ---------------------------------------------------------------------


def test_thank_you_notifies_and_is_private(users, actor_of, vol, north_vol):
    t = services.thank(actor_of(users["resident"]), vol, message="Bedankt voor de boodschappen")
    assert t.from_person.user == users["resident"]
    assert Notification.objects.filter(recipient=users["volunteer"], kind="volunteers.thanks").exists()
    assert list(services.thanks_for(actor_of(users["volunteer"]), vol)) == [t]
    with pytest.raises(PermissionDenied):
        services.thanks_for(actor_of(users["volunteer"]), north_vol)
    with pytest.raises(ValidationError):
        services.thank(actor_of(users["volunteer"]), vol, message="me")
    with pytest.raises(ValidationError):
        services.thank(actor_of(users["resident"]), vol, message="  ")
    with pytest.raises(PermissionDenied):
        services.thank(actor_of(users["outsider"]), vol, message="hi")
    assert ThankYou.objects.count() == 1


def test_appreciation(users, actor_of, vol, south_vol):
    coord = actor_of(users["coordinator"])
    services.add_appreciation(coord, kind="event", title="Vrijwilligersfeest", date=TODAY)
    services.add_appreciation(coord, person=vol, kind="gift", title="Bloemen", date=TODAY)
    assert services.appreciations_for(actor_of(users["volunteer"]), vol).count() == 2
    with pytest.raises(PermissionDenied):
        services.add_appreciation(actor_of(users["professional"]), kind="event", title="x", date=TODAY)
    with pytest.raises(PermissionDenied):
        services.add_appreciation(
            actor_of(users["volunteer"]), person=vol, kind="gift", title="x", date=TODAY
        )
    with pytest.raises(ValidationError):
        services.add_appreciation(coord, person=vol, kind="bad", title="x", date=TODAY)


# --- initiatives ---------------------------------------------------------------------------------


def test_initiative_ownership(users, actor_of, network, make_person):
    resident = actor_of(users["resident"])
    ini = services.start_initiative(
        resident, title="Soepbar", description="Elke vrijdag soep", support_asked="Een lokaal"
    )
    assert list(ini.owners.all()) == [Person.objects.get(user=users["resident"])]
    services.update_initiative(resident, ini, status="running")
    assert Initiative.objects.get(pk=ini.pk).status == "running"
    coord = actor_of(users["coordinator"])
    # staff support, they cannot edit or take over
    services.add_support(coord, ini, description="Zaal van het dienstencentrum geregeld")
    with pytest.raises(PermissionDenied):
        services.update_initiative(coord, ini, title="Overgenomen")
    with pytest.raises(PermissionDenied):
        services.update_initiative(coord, ini, owners=[Person.objects.get(user=users["coordinator"])])
    for role in ("volunteer", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.update_initiative(actor_of(users[role]), ini, title="x")
        with pytest.raises(PermissionDenied):
            services.add_support(actor_of(users[role]), ini, description="x")
    ini.refresh_from_db()
    assert ini.title == "Soepbar" and ini.support_given.count() == 1
    # owners add a co-owner, and cannot leave it ownerless
    co = make_person(network)
    services.update_initiative(resident, ini, owners=[ini.owners.get(), co])
    assert ini.owners.count() == 2
    with pytest.raises(ValidationError):
        services.update_initiative(resident, ini, owners=[])
    with pytest.raises(ValidationError):
        services.update_initiative(resident, ini, status="nonsense")
    assert ini.owners.count() == 2 and Initiative.objects.get(pk=ini.pk).status == "running"


def test_initiative_visibility(users, actor_of):
    ini = services.start_initiative(actor_of(users["resident"]), title="Repair café")
    assert ini in services.visible_initiatives(actor_of(users["coordinator"]))
    assert ini in services.visible_initiatives(actor_of(users["professional"]))
    for role in ("volunteer", "partner", "policy", "outsider"):
        assert ini not in services.visible_initiatives(actor_of(users[role]))
        with pytest.raises(PermissionDenied):
            services.get_initiative(actor_of(users[role]), ini.pk)


# --- erasure and export --------------------------------------------------------------------------


def test_erasure_wipes_free_text(users, actor_of, vol):
    from zorgzaam.people.services import erase_person

    coord = actor_of(users["coordinator"])
    services.log_hours(coord, vol, date=TODAY, hours=2, activity="Bij mevrouw Janssens")
    services.thank(actor_of(users["resident"]), vol, message="Dank je, Jan")
    services.add_safeguarding(coord, vol, kind="training", issued_on=TODAY, note="EHBO bij Rode Kruis")
    data = services.export_person(vol)
    assert data["volunteering"]["hours"][0]["activity"] == "Bij mevrouw Janssens"
    erase_person(coord, vol)
    h = HoursEntry.objects.get()
    assert h.activity == "" and h.hours == Decimal("2")
    assert ThankYou.objects.get().message == ""
    assert SafeguardingRecord.objects.get().note == ""


def test_retention_guard(users, actor_of, network, vol, make_person):
    import datetime as dtm

    from zorgzaam.valuedroles import services as roles

    idle = make_person(network)
    cutoff = timezone.now() - dtm.timedelta(days=30)
    services.log_hours(actor_of(users["coordinator"]), vol, date=TODAY, hours=1, activity="x")
    assert services.retention_guard(network, {vol.pk, idle.pk}, cutoff) == {vol.pk}
    ini = services.start_initiative(actor_of(users["resident"]), title="Buurtsoep")
    owner = ini.owners.get()
    assert services.retention_guard(network, {owner.pk}, cutoff) == {owner.pk}
    services.update_initiative(actor_of(users["resident"]), ini, status="ended")
    assert services.retention_guard(network, {owner.pk}, cutoff) == set()
    role = roles.save_role(actor_of(users["coordinator"]), title="Moestuinier")
    roles.assign(actor_of(users["coordinator"]), role, idle)
    assert roles.retention_guard(network, {idle.pk}, cutoff) == {idle.pk}
