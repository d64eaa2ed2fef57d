import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zorgzaam.care import policy, services
from zorgzaam.care.models import Match, Referral, Request, Signal
from zorgzaam.notifications.models import Notification
from zorgzaam.people.models import Consent
from zorgzaam.volunteers.models import SafeguardingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord(users, actor_of):
    return actor_of(users["coordinator"])


@pytest.fixture
def pro(users):
    return users["professional"].persons.get()


@pytest.fixture
def req(coord, resident_person, pro, themes):
    return services.create_request(
        coord, person=resident_person, description="Hulp bij boodschappen", owner=pro
    )


@pytest.fixture
def triaged(coord, req):
    return services.triage(coord, req)


def test_signal_to_request_to_close(coord, users, actor_of, resident_person, helper, pro, themes):
    sig = services.record_signal(coord, person=resident_person, description="Eenzaam", themes=["loneliness"])
    req = services.request_from_signal(coord, sig, owner=pro)
    sig.refresh_from_db()
    assert sig.status == Signal.Status.REQUEST
    assert req.origin == "signal" and [t.code for t in req.themes.all()] == ["loneliness"]
    assert req.status == "new"
    services.triage(coord, req)
    match = services.propose_match(coord, req, helper)
    req.refresh_from_db()
    assert req.status == "matched" and match.state == "proposed"
    assert Notification.objects.filter(recipient=users["volunteer"], kind="care.match_proposed").exists()
    vol = actor_of(users["volunteer"])
    services.accept_match(vol, match)
    assert Notification.objects.filter(recipient=users["professional"], kind="care.match_accepted").exists()
    services.start_match(vol, match)
    req.refresh_from_db()
    assert req.status == "in_progress"
    services.finish_match(vol, match, rating=3, feedback="Fijn")
    services.give_feedback(actor_of(users["resident"]), match, rating=2, feedback="Goed")
    match.refresh_from_db()
    assert (match.state, match.helper_rating, match.resident_rating) == ("done", 3, 2)
    services.close_request(coord, req, outcome="solved", resident_verdict=3, resident_verdict_note="Blij")
    req.refresh_from_db()
    assert req.status == "closed" and req.closed_at is not None
    whats = list(req.timeline.values_list("what", flat=True))
    assert whats[0] == "created" and "status:closed" in whats and "match:accepted" in whats


def test_signal_without_person_cannot_become_request(coord, themes):
    sig = services.record_signal(coord, address_text="Dorp 1", description="x")
    with pytest.raises(ValidationError) as exc:
        services.request_from_signal(coord, sig)
    assert "person" in exc.value.message_dict
    assert Request.objects.count() == 0


@pytest.mark.parametrize(
    "start,target",
    [
        ("new", "closed"),
        ("new", "matched"),
        ("new", "in_progress"),
        ("closed", "triaged"),
        ("withdrawn", "new"),
    ],
)
def test_invalid_transitions_are_refused(coord, req, start, target):
    Request.objects.filter(pk=req.pk).update(status=start)
    req.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.set_status(coord, req, target)
    assert "status" in exc.value.message_dict
    req.refresh_from_db()
    assert req.status == start


def test_close_requires_outcome_and_no_active_match(coord, triaged, helper):
    with pytest.raises(ValidationError):
        services.close_request(coord, triaged, outcome="")
    services.propose_match(coord, triaged, helper)
    with pytest.raises(ValidationError) as exc:
        services.close_request(coord, triaged, outcome="solved")
    assert "status" in exc.value.message_dict
    triaged.refresh_from_db()
    assert triaged.status == "matched" and triaged.outcome == ""


def test_triage_only_once_and_validates(coord, req, other_network, make_person):
    with pytest.raises(ValidationError):
        services.triage(coord, req, owner=make_person(other_network))
    req.refresh_from_db()
    assert req.status == "new"
    services.triage(coord, req)
    with pytest.raises(ValidationError):
        services.triage(coord, req)


def test_propose_requires_triage(coord, req, helper):
    with pytest.raises(ValidationError):
        services.propose_match(coord, req, helper)
    assert not Match.objects.exists()


def test_second_match_is_refused_deterministically(coord, triaged, helper, make_person, network):
    services.propose_match(coord, triaged, helper)
    other = make_person(network)
    with pytest.raises(ValidationError) as exc:
        services.propose_match(coord, triaged, other)
    assert "helper" in exc.value.message_dict
    assert Match.objects.filter(request=triaged).count() == 1


def test_database_constraint_refuses_two_active_matches(triaged, helper, make_person, network):
    Match.objects.create(request=triaged, helper=helper)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(request=triaged, helper=make_person(network))
    # an inactive one next to it is fine
    Match.objects.create(request=triaged, helper=make_person(network), state="declined")


def test_decline_and_too_heavy_return_to_owner(coord, triaged, helper, users, actor_of):
    vol = actor_of(users["volunteer"])
    m = services.propose_match(coord, triaged, helper)
    services.decline_match(vol, m, note="Geen tijd")
    triaged.refresh_from_db()
    assert triaged.status == "triaged"
    assert (
        Notification.objects.filter(recipient=users["professional"], kind="care.match_returned").count() == 1
    )
    m2 = services.propose_match(coord, triaged, helper)
    services.accept_match(vol, m2)
    services.decline_match(vol, m2, too_heavy=True)
    m2.refresh_from_db()
    assert m2.state == "too_heavy"
    triaged.refresh_from_db()
    assert triaged.status == "triaged"
    assert (
        Notification.objects.filter(recipient=users["professional"], kind="care.match_returned").count() == 2
    )


def test_only_the_helper_acts_on_a_match(coord, triaged, helper, users, actor_of, network, make_user):
    m = services.propose_match(coord, triaged, helper)
    other_vol = make_user(network, "volunteer", username="vol2")
    for actor in (coord, actor_of(other_vol), actor_of(users["resident"]), actor_of(users["outsider"])):
        with pytest.raises(PermissionDenied):
            services.accept_match(actor, m)
    m.refresh_from_db()
    assert m.state == "proposed"
    with pytest.raises(ValidationError):
        services.finish_match(actor_of(users["volunteer"]), m)  # proposed -> done is not allowed


def test_screened_helper_required_for_help_at_home(coord, req, helper):
    services.triage(coord, req, needs_screened_helper=True)
    with pytest.raises(ValidationError):
        services.propose_match(coord, req, helper)
    today = timezone.localdate()
    SafeguardingRecord.objects.create(person=helper, kind="criminal_record", issued_on=today)
    assert not services.is_screened(helper)
    SafeguardingRecord.objects.create(
        person=helper,
        kind="insurance",
        issued_on=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
    )
    assert not services.is_screened(helper)
    SafeguardingRecord.objects.create(person=helper, kind="insurance", issued_on=today)
    assert services.is_screened(helper)
    assert services.propose_match(coord, req, helper).state == "proposed"


def test_referral_needs_share_consent(coord, triaged, organisation, resident_person, users, actor_of):
    with pytest.raises(ValidationError) as exc:
        services.create_referral(coord, triaged, organisation=organisation, message="Graag contact")
    assert "organisation" in exc.value.message_dict
    assert not Referral.objects.exists()
    Consent.objects.create(
        person=resident_person, purpose="share", organisation=organisation, granted=True, channel="spoken"
    )
    ref = services.create_referral(coord, triaged, organisation=organisation, message="Graag contact")
    triaged.refresh_from_db()
    assert triaged.status == "referred"
    assert ref.shared_data["first_name"] == resident_person.first_name
    assert Notification.objects.filter(recipient=users["partner"], kind="care.referral").exists()
    # withdrawn consent blocks the next referral
    Consent.objects.create(
        person=resident_person, purpose="share", organisation=organisation, granted=False, channel="spoken"
    )
    services.respond_referral(actor_of(users["partner"]), ref, status="declined", note="Vol")
    with pytest.raises(ValidationError):
        services.create_referral(coord, triaged, organisation=organisation, message="Opnieuw")


def test_referral_lifecycle_and_joint_follow_up(
    coord, triaged, organisation, resident_person, users, actor_of, helper
):
    Consent.objects.create(
        person=resident_person, purpose="share", organisation=organisation, granted=True, channel="paper"
    )
    partner = actor_of(users["partner"])
    services.propose_match(coord, triaged, helper)
    ref = services.create_referral(coord, triaged, organisation=organisation, message="Thuiszorg nodig")
    triaged.refresh_from_db()
    assert triaged.status == "referred"
    assert triaged.matches.filter(state="proposed").exists()  # joint follow-up: both at once
    services.respond_referral(partner, ref, status="info_requested", note="Welke dagen?")
    assert Notification.objects.filter(recipient=users["professional"], kind="care.referral_answer").exists()
    services.respond_referral(coord, ref, status="sent", note="Maandag")
    services.respond_referral(partner, ref, status="accepted")
    triaged.refresh_from_db()
    assert triaged.status == "in_progress"
    with pytest.raises(ValidationError):
        services.respond_referral(partner, ref, status="closed")  # outcome required
    services.respond_referral(partner, ref, status="closed", outcome="Thuiszorg gestart")
    ref.refresh_from_db()
    assert ref.status == "closed" and ref.outcome == "Thuiszorg gestart"
    with pytest.raises(ValidationError):
        services.respond_referral(partner, ref, status="accepted")


def test_referral_permissions(coord, triaged, organisation, resident_person, users, actor_of, network):
    from zorgzaam.organisations.models import Organisation

    Consent.objects.create(
        person=resident_person, purpose="share", organisation=organisation, granted=True, channel="paper"
    )
    ref = services.create_referral(coord, triaged, organisation=organisation, message="m")
    other_org = Organisation.objects.create(network=network, name="Andere")
    from zorgzaam.people.models import RoleAssignment

    other_partner = users["partner"].persons.get()
    RoleAssignment.objects.filter(person=other_partner).update(organisation=other_org)
    for role in ("partner", "volunteer", "resident", "policy", "outsider"):
        actor = actor_of(users[role])
        assert not services.inbox(actor).exists()
        with pytest.raises(PermissionDenied):
            services.respond_referral(actor, ref, status="accepted")
    # staff may not accept on the partner's behalf
    with pytest.raises(PermissionDenied):
        services.respond_referral(coord, ref, status="accepted")
    ref.refresh_from_db()
    assert ref.status == "sent"


def test_withdraw_by_resident_cancels_tasks(coord, triaged, helper, users, actor_of):
    m = services.propose_match(coord, triaged, helper)
    services.withdraw_request(actor_of(users["resident"]), triaged, note="Mijn dochter helpt")
    triaged.refresh_from_db()
    m.refresh_from_db()
    assert triaged.status == "withdrawn" and m.state == "cancelled"
    assert Notification.objects.filter(recipient=users["volunteer"], kind="care.match_cancelled").exists()
    assert Notification.objects.filter(
        recipient=users["professional"], kind="care.request_withdrawn"
    ).exists()


def test_reminders_once_per_quiet_spell(coord, req, users):
    long_ago = timezone.now() - dt.timedelta(days=8)
    Request.objects.filter(pk=req.pk).update(last_activity_at=long_ago)
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    assert Notification.objects.filter(recipient=users["professional"], kind="care.reminder").count() == 1
    services.add_note(coord, req, "Gebeld")
    Request.objects.filter(pk=req.pk).update(last_activity_at=long_ago)
    assert services.send_reminders() == 1
    from zorgzaam.care.models import CareSettings

    CareSettings.objects.create(network=req.network, reminder_days=30)
    Request.objects.filter(pk=req.pk).update(last_activity_at=long_ago, reminded_at=None)
    assert services.send_reminders() == 0


def test_resident_creates_own_request_online(users, actor_of, resident_person, make_person, network, themes):
    actor = actor_of(users["resident"])
    req = services.create_request(
        actor, person=resident_person, description="Wie helpt met mijn tuin?", origin="phone"
    )
    assert req.origin == "online" and not req.on_behalf and req.owner is None
    assert Notification.objects.filter(recipient=users["professional"], kind="care.request_new").exists()
    assert list(services.visible_requests(actor)) == [req]
    with pytest.raises(PermissionDenied):
        services.create_request(actor, person=make_person(network), description="x")
    with pytest.raises(PermissionDenied):
        services.triage(actor, req)


def test_staff_on_behalf_is_logged(users, resident_person, themes):
    from zorgzaam.audit.models import Event
    from zorgzaam.people.actor import build_actor

    actor = build_actor(users["professional"], resident_person.network, on_behalf_of_id=resident_person.pk)
    assert actor.on_behalf_of == resident_person
    req = services.create_request(actor, person=resident_person, description="Via het loket")
    assert req.on_behalf and req.origin == "desk"
    ev = Event.objects.get(kind="care.request_created")
    assert ev.on_behalf_of == resident_person and ev.data["on_behalf"] is True


def test_request_visibility_matrix(
    coord, users, actor_of, resident_person, make_person, network, areas, themes
):
    north = services.create_request(coord, person=resident_person, description="N")
    south = services.create_request(coord, person=make_person(network, area=areas["south"]), description="S")
    assert set(services.visible_requests(coord)) == {north, south}
    pro = actor_of(users["professional"])
    assert set(services.visible_requests(pro)) == {north}
    assert services.can_manage_request(pro, north) and not services.can_manage_request(pro, south)
    for role in ("volunteer", "partner", "policy", "outsider"):
        assert not services.visible_requests(actor_of(users[role])).exists()
        with pytest.raises(PermissionDenied):
            services.get_request(actor_of(users[role]), north.pk)
    with pytest.raises(PermissionDenied):
        services.triage(pro, south)
    south.refresh_from_db()
    assert south.status == "new"


def _into_last_year(network):
    """Policy viewers see closed calendar years (care/policy.py): date the tagged records last year."""
    last_year = timezone.now().replace(year=timezone.now().year - 1, month=6, day=15)
    for model in (Request, Signal):
        model.objects.filter(network=network).update(created_at=last_year)


def test_policy_overview_suppresses_small_cells(coord, users, actor_of, resident_person, themes, network):
    network.k_anonymity = 3
    network.save()
    reqs = [services.create_request(coord, person=resident_person, description=f"r{i}") for i in range(4)]
    for r in reqs[:3]:
        services.tag_policy(coord, r, theme="housing", note="Geen betaalbare woningen")
    services.tag_policy(coord, reqs[3], theme="money", note="x")
    _into_last_year(network)
    data = policy.policy_overview(actor_of(users["policy"]))
    by_theme = {row["theme"].code: row for row in data["rows"]}
    shown = [c for row in data["rows"] for c in (*row["cells"], row["total"])]
    shown += [*data["column_totals"], data["total"]]
    assert all(c.hidden or c.value >= 3 for c in shown)  # small cells and zeros never published
    assert by_theme["money"]["total"].hidden and all(c.hidden for c in by_theme["money"]["cells"])
    for role in ("professional", "volunteer", "partner", "resident", "outsider"):
        with pytest.raises(PermissionDenied):
            policy.policy_overview(actor_of(users[role]))
    with pytest.raises(PermissionDenied):
        services.tag_policy(actor_of(users["policy"]), reqs[0], theme="money")


def test_periodic_task_sends_reminders(req, users):
    from zorgzaam.care.tasks import remind_quiet_requests

    Request.objects.filter(pk=req.pk).update(last_activity_at=timezone.now() - dt.timedelta(days=10))
    remind_quiet_requests.call_local()
    assert Notification.objects.filter(recipient=users["professional"], kind="care.reminder").exists()


@pytest.mark.parametrize(
    "role", ["coordinator", "professional", "volunteer", "partner", "resident", "policy"]
)
def test_home_page_panels_render(client_of, users, req, role):
    r = client_of(users[role]).get("/")
    assert r.status_code == 200
