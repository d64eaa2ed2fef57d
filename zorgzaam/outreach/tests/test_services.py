"""Outreach rules and permissions through the services."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zorgzaam.audit.models import Event
from zorgzaam.care.models import Signal
from zorgzaam.notifications.models import Notification
from zorgzaam.outreach import hooks, services
from zorgzaam.outreach.models import Call, ChecklistQuestion, Circle, CircleMember, Round, Visit
from zorgzaam.people.models import PersonTag, Tag

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def q(checklist, theme, kind=None):
    qs = checklist.questions.filter(theme=theme)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.first()


# --- checklist ---------------------------------------------------------------------------------


def test_default_checklist_asks_about_talents_and_dreams_first(network, checklist):
    themes = [x.theme for x in checklist.questions.all()]
    assert themes[:3] == ["talents", "talents", "dreams"]
    assert {"contact", "mobility", "housing", "money", "digital"} <= set(themes)
    assert services.ensure_default_checklist(network) == checklist  # created once
    assert q(checklist, "talents").text_nl == "Wat doe je graag?"
    # Dutch in the informal "je" form, never "u" (house rule).
    assert not any(re.search(r"\b(u|uw)\b", q.text_nl) for q in checklist.questions.all())


def test_answers_are_validated(checklist):
    scale = q(checklist, "contact", "scale")
    yes_no = q(checklist, "housing")
    assert services.validate_answers(checklist, {str(scale.pk): "3", str(yes_no.pk): "yes"}) == {
        str(scale.pk): "3",
        str(yes_no.pk): "yes",
    }
    for bad in ({str(scale.pk): "7"}, {str(yes_no.pk): "maybe"}, {"999999": "yes"}):
        with pytest.raises(ValidationError):
            services.validate_answers(checklist, bad)


def test_worry_themes_follow_answers(checklist):
    answers = {str(q(checklist, "contact", "scale").pk): "1", str(q(checklist, "money").pk): "no"}
    assert services.worry_themes(checklist, answers) == ["loneliness", "money"]
    answers = {str(q(checklist, "contact", "scale").pk): "4", str(q(checklist, "money").pk): "yes"}
    assert services.worry_themes(checklist, answers) == []


# --- rounds ------------------------------------------------------------------------------------


def test_round_visits_only_people_who_agreed(planned, street, volunteer_person):
    visited = set(planned.visits.values_list("person_id", flat=True))
    assert visited == {p.pk for p in street["agreed"]}
    assert list(planned.consent_pending.all()) == [street["no_consent"]]
    assert street["south"].pk not in visited  # other area, same street name
    assert set(planned.visits.values_list("visitor_id", flat=True)) == {volunteer_person.pk}
    progress = services.round_progress(planned)
    assert progress["total"] == 3 and progress["planned"] == 3 and progress["done"] == 0
    assert Event.objects.filter(kind="outreach.round_planned", object_id=str(planned.pk)).exists()


def test_visits_are_shared_out_in_turn(users, actor_of, areas, street, checklist, make_user):
    other = make_user(users["coordinator"].persons.get().network, "volunteer", username="vol2").persons.get()
    rnd = services.plan_round(
        actor_of(users["coordinator"]),
        name="R",
        area=areas["north"],
        streets=["Kerkstraat"],
        checklist=checklist,
        starts_on=TODAY,
        ends_on=TODAY,
        visitors=[users["volunteer"].persons.get(), other],
    )
    counts = sorted(rnd.visits.values_list("visitor_id", flat=True))
    assert len(set(counts)) == 2


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": " "}, "name"),
        ({"ends_on": TODAY - dt.timedelta(days=1)}, "ends_on"),
        ({"area": None}, "area"),
        ({"streets": [], "persons": []}, "streets"),
        ({"streets": ["Nergensstraat"]}, "streets"),
    ],
)
def test_bad_round_changes_nothing(users, actor_of, areas, street, checklist, kwargs, field):
    base = dict(
        name="R",
        area=areas["north"],
        streets=["Kerkstraat"],
        checklist=checklist,
        starts_on=TODAY,
        ends_on=TODAY,
    )
    with pytest.raises(ValidationError) as exc:
        services.plan_round(actor_of(users["coordinator"]), **(base | kwargs))
    assert field in exc.value.message_dict
    assert Round.objects.count() == 0 and Visit.objects.count() == 0


def test_round_visitor_must_be_a_helper(users, actor_of, areas, street, checklist):
    with pytest.raises(ValidationError):
        services.plan_round(
            actor_of(users["coordinator"]),
            name="R",
            area=areas["north"],
            streets=["Kerkstraat"],
            checklist=checklist,
            starts_on=TODAY,
            ends_on=TODAY,
            visitors=[street["agreed"][0]],
        )
    assert Round.objects.count() == 0


@pytest.mark.parametrize(
    "role, area, allowed",
    [
        ("coordinator", "north", True),
        ("coordinator", "south", True),
        ("professional", "north", True),
        ("professional", "south", False),
        ("volunteer", "north", False),
        ("resident", "north", False),
        ("partner", "north", False),
        ("policy", "north", False),
        ("outsider", "north", False),
    ],
)
def test_who_may_plan_a_round(users, actor_of, areas, street, checklist, role, area, allowed):
    actor = actor_of(users[role], users[role].persons.get().network)
    kwargs = dict(
        name="R",
        area=areas[area],
        streets=["Kerkstraat"],
        checklist=checklist,
        starts_on=TODAY,
        ends_on=TODAY,
    )
    if allowed:
        assert services.plan_round(actor, **kwargs).visits.count() >= 1
    else:
        with pytest.raises(PermissionDenied):
            services.plan_round(actor, **kwargs)
        assert Round.objects.count() == 0


def test_visit_visibility_per_role(users, actor_of, planned, make_user, network):
    visit = planned.visits.first()
    seen = {
        role: services.visible_visits(actor_of(users[role])).count() for role in users if role != "outsider"
    }
    assert seen["coordinator"] == 3 and seen["professional"] == 3 and seen["volunteer"] == 3
    assert seen["resident"] == seen["partner"] == seen["policy"] == 0
    outsider = actor_of(users["outsider"], users["outsider"].persons.get().network)
    assert services.visible_visits(outsider).count() == 0
    other_volunteer = actor_of(make_user(network, "volunteer", username="vol2"))
    assert services.visible_visits(other_volunteer).count() == 0
    for actor in (outsider, other_volunteer, actor_of(users["resident"])):
        with pytest.raises(PermissionDenied):
            services.get_visit(actor, visit.pk)


def test_volunteer_sees_first_name_address_and_phone_only_with_consent(
    users, actor_of, planned, street, consent
):
    vol = actor_of(users["volunteer"])
    cards = {c.visit.person_id: c for c in services.visit_cards(vol, services.my_visits(vol))}
    anna = street["agreed"][0]
    assert cards[anna.pk].name == "Anna"  # no last name
    assert cards[anna.pk].address.startswith("Kerkstraat 1")
    assert cards[anna.pk].phone == anna.phone
    consent(anna, granted=False)  # withdrawn after planning
    cards = {c.visit.person_id: c for c in services.visit_cards(vol, services.my_visits(vol))}
    assert cards[anna.pk].phone == ""
    staff = services.visit_cards(actor_of(users["coordinator"]), planned.visits.all())
    assert {c.name for c in staff} >= {"Anna Achternaam"}


def test_assign_visit_rules(users, actor_of, planned, street, network, make_user):
    visit = planned.visits.first()
    coord = actor_of(users["coordinator"])
    other = make_user(network, "volunteer", username="vol2").persons.get()
    services.assign_visit(coord, visit, other)
    visit.refresh_from_db()
    assert visit.visitor == other
    with pytest.raises(ValidationError):
        services.assign_visit(coord, visit, street["agreed"][1])  # not a helper
    with pytest.raises(PermissionDenied):
        services.assign_visit(actor_of(users["volunteer"]), visit, users["volunteer"].persons.get())
    visit.refresh_from_db()
    assert visit.visitor == other


# --- recording a visit -------------------------------------------------------------------------


def test_record_visit_updates_profile_and_raises_signal(users, actor_of, planned, checklist, themes):
    vol = actor_of(users["volunteer"])
    visit = planned.visits.select_related("person").first()
    person = visit.person
    cooking, garden, help_tag = (
        Tag.objects.create(code=c, domain="hands", name_nl=c, name_fr=c, name_en=c)
        for c in ("koken", "tuin", "boodschappen")
    )
    PersonTag.objects.create(person=person, tag=help_tag, kind="talent", note="al gekend")
    talents_q = q(checklist, "talents")
    services.record_visit(
        vol,
        visit,
        outcome="at_home",
        answers={str(talents_q.pk): "Koken voor anderen"},
        notes="Fijn gesprek",
        talents=[cooking],
        dreams=[garden.code],
        signals=[{"description": "Ziet bijna niemand", "themes": ["loneliness"]}],
    )
    visit.refresh_from_db()
    assert visit.outcome == "at_home" and visit.visited_on == TODAY
    assert visit.answers == {str(talents_q.pk): "Koken voor anderen"}
    assert visit.signals_raised == 1
    tags = set(person.tags.values_list("tag__code", "kind"))
    assert tags == {("koken", "talent"), ("tuin", "dream"), ("boodschappen", "talent")}  # old tag kept
    signal = Signal.objects.get(person=person)
    assert signal.source == "visit" and signal.description == "Ziet bijna niemand"
    assert list(signal.themes.values_list("code", flat=True)) == ["loneliness"]
    assert Event.objects.filter(kind="outreach.visit_recorded", subject=person).exists()


def test_bad_visit_changes_nothing(users, actor_of, planned, checklist, themes):
    vol = actor_of(users["volunteer"])
    visit = planned.visits.first()
    tag = Tag.objects.create(code="koken", domain="hands", name_nl="k", name_fr="k", name_en="k")
    cases = [
        dict(outcome="planned"),
        dict(outcome="at_home", answers={str(q(checklist, "contact", "scale").pk): "9"}, talents=[tag]),
        dict(outcome="at_home", visited_on=TODAY + dt.timedelta(days=1)),
        dict(outcome="not_at_home", answers={str(q(checklist, "talents").pk): "x"}),
        dict(outcome="at_home", talents=["no-such-tag"]),
        # The signal is refused (no description): the tags and the outcome must not stay either.
        dict(outcome="at_home", talents=[tag], signals=[{"description": ""}]),
    ]
    for kwargs in cases:
        with pytest.raises(ValidationError):
            services.record_visit(vol, visit, **kwargs)
        visit.refresh_from_db()
        assert visit.outcome == "planned" and visit.answers == {} and visit.visited_on is None
        assert not PersonTag.objects.filter(person=visit.person).exists()
        assert Signal.objects.count() == 0


def test_finished_visit_is_corrected_by_staff_only(users, actor_of, planned):
    vol = actor_of(users["volunteer"])
    visit = planned.visits.first()
    services.record_visit(vol, visit, outcome="not_at_home")
    visit.refresh_from_db()
    assert visit.is_open  # not at home: try again
    services.record_visit(vol, visit, outcome="refused")
    with pytest.raises(PermissionDenied):
        services.record_visit(vol, visit, outcome="at_home")
    services.record_visit(actor_of(users["professional"]), visit, outcome="at_home")
    visit.refresh_from_db()
    assert visit.outcome == "at_home"
    progress = services.round_progress(planned)
    assert progress["done"] == 1 and progress["planned"] == 2


@pytest.mark.parametrize("role", ["resident", "partner", "policy", "outsider"])
def test_others_cannot_record_a_visit(users, actor_of, planned, role):
    actor = actor_of(users[role], users[role].persons.get().network)
    visit = planned.visits.first()
    with pytest.raises(PermissionDenied):
        services.record_visit(actor, visit, outcome="at_home")
    visit.refresh_from_db()
    assert visit.outcome == "planned"


# --- circles -----------------------------------------------------------------------------------


@pytest.fixture
def circle(users, actor_of, areas):
    coach = users["professional"].persons.get()
    return services.create_circle(
        actor_of(users["coordinator"]), name="Cirkel", area=areas["north"], coach=coach
    )


@pytest.fixture
def member(users, actor_of, circle, street, volunteer_person):
    return services.add_member(
        actor_of(users["coordinator"]),
        circle,
        person=street["agreed"][0],
        caller=volunteer_person,
        frequency="weekly",
        started_on=TODAY - dt.timedelta(days=2),
    )


def test_only_people_who_agreed_join_a_circle(users, actor_of, circle, street, volunteer_person):
    coord = actor_of(users["coordinator"])
    with pytest.raises(ValidationError) as exc:
        services.add_member(coord, circle, person=street["no_consent"], caller=volunteer_person)
    assert "person" in exc.value.message_dict and not CircleMember.objects.exists()
    services.add_member(coord, circle, person=street["agreed"][0], caller=volunteer_person)
    with pytest.raises(ValidationError):  # twice
        services.add_member(coord, circle, person=street["agreed"][0], caller=volunteer_person)
    with pytest.raises(ValidationError):  # caller is not a helper
        services.add_member(coord, circle, person=street["agreed"][1], caller=street["agreed"][2])
    with pytest.raises(ValidationError):
        services.add_member(
            coord, circle, person=street["agreed"][1], caller=volunteer_person, frequency="hourly"
        )
    assert CircleMember.objects.count() == 1


def test_circle_permissions(users, actor_of, areas, circle, street, volunteer_person):
    with pytest.raises(PermissionDenied):
        services.create_circle(actor_of(users["professional"]), name="Zuid", area=areas["south"])
    for role in ("volunteer", "resident", "partner", "policy"):
        with pytest.raises(PermissionDenied):
            services.create_circle(actor_of(users[role]), name="X")
        with pytest.raises(PermissionDenied):
            services.add_member(
                actor_of(users[role]), circle, person=street["agreed"][0], caller=volunteer_person
            )
    outsider = actor_of(users["outsider"], users["outsider"].persons.get().network)
    with pytest.raises(PermissionDenied):
        services.add_member(outsider, circle, person=street["agreed"][0], caller=volunteer_person)
    with pytest.raises(PermissionDenied):
        services.get_circle(outsider, circle.pk)
    assert Circle.objects.count() == 1 and CircleMember.objects.count() == 0


def test_calls_due_and_rhythm(users, actor_of, member, network, make_user):
    vol = actor_of(users["volunteer"])
    assert services.calls_due(vol) == [member]
    assert services.calls_due(actor_of(make_user(network, "volunteer", username="vol2"))) == []
    services.log_call(vol, member, outcome="reached")
    member.refresh_from_db()
    assert member.next_due_on == TODAY + dt.timedelta(days=7) and member.last_call_on == TODAY
    assert services.calls_due(vol) == []
    assert services.calls_due(vol, today=TODAY + dt.timedelta(days=7)) == [member]


def test_not_reached_twice_tells_the_coach_once(users, actor_of, member):
    vol = actor_of(users["volunteer"])
    coach_user = users["professional"]
    services.log_call(vol, member, outcome="not_reached", called_on=TODAY - dt.timedelta(days=2))
    member.refresh_from_db()
    assert member.next_due_on == TODAY - dt.timedelta(days=1)  # try again the next day
    assert not Notification.objects.filter(recipient=coach_user).exists()
    services.log_call(vol, member, outcome="not_reached", called_on=TODAY - dt.timedelta(days=1))
    assert Notification.objects.filter(recipient=coach_user, kind="outreach.not_reached").count() == 1
    assert list(services.flagged_members(actor_of(users["coordinator"]))) == [member]
    services.log_call(vol, member, outcome="not_reached")
    assert Notification.objects.filter(recipient=coach_user, kind="outreach.not_reached").count() == 1
    services.log_call(vol, member, outcome="reached")
    member.refresh_from_db()
    assert member.missed_in_row == 0
    assert list(services.flagged_members(actor_of(users["coordinator"]))) == []


def test_worry_on_a_call_becomes_a_signal(users, actor_of, member, themes):
    call = services.log_call(
        actor_of(users["volunteer"]),
        member,
        outcome="signal",
        note="Klinkt verward",
        signal={"themes": ["health"], "urgency": "high"},
    )
    signal = Signal.objects.get(pk=call.signal_id)
    assert signal.source == "checkin" and signal.person == member.person and signal.urgency == "high"


def test_bad_call_changes_nothing(users, actor_of, member, themes):
    vol = actor_of(users["volunteer"])
    for kwargs in (
        dict(outcome="maybe"),
        dict(outcome="reached", called_on=TODAY + dt.timedelta(days=1)),
        dict(outcome="signal", note=""),
        dict(outcome="signal", note="x", signal={"themes": ["no-such-theme"]}),
    ):
        with pytest.raises(ValidationError):
            services.log_call(vol, member, **kwargs)
    member.refresh_from_db()
    assert Call.objects.count() == 0 and member.last_call_on is None and Signal.objects.count() == 0


@pytest.mark.parametrize("role", ["resident", "partner", "policy", "outsider"])
def test_others_cannot_log_calls(users, actor_of, member, role):
    actor = actor_of(users[role], users[role].persons.get().network)
    with pytest.raises(PermissionDenied):
        services.log_call(actor, member, outcome="reached")
    assert Call.objects.count() == 0


def test_removed_member_has_no_calls(users, actor_of, member):
    services.remove_member(actor_of(users["coordinator"]), member)
    vol = actor_of(users["volunteer"])
    assert services.calls_due(vol) == []
    with pytest.raises(PermissionDenied):
        services.log_call(vol, member, outcome="reached")


# --- offline list, panels, erasure -------------------------------------------------------------


def test_week_list_has_visits_and_calls_with_minimal_data(
    users, actor_of, planned, member, network, make_user
):
    vol = actor_of(users["volunteer"])
    rows = services.week_list(vol)
    kinds = [r.kind for r in rows]
    assert kinds.count("visit") == 3
    assert kinds.count("call") == 1  # weekly: once in the coming seven days
    assert all(" " not in r.name for r in rows)  # first names only
    assert Event.objects.filter(kind="outreach.list_viewed").exists()
    # Staff may print it for the volunteer; another volunteer may not.
    assert len(services.week_list(actor_of(users["coordinator"]), users["volunteer"].persons.get())) == 4
    with pytest.raises(PermissionDenied):
        services.week_list(
            actor_of(make_user(network, "volunteer", username="vol2")), users["volunteer"].persons.get()
        )


def test_erasure_wipes_what_was_said(users, actor_of, planned, member, checklist):
    vol = actor_of(users["volunteer"])
    visit = planned.visits.get(person=member.person)
    services.record_visit(
        vol, visit, outcome="at_home", answers={str(q(checklist, "talents").pk): "Zingen"}, notes="N"
    )
    services.log_call(vol, member, outcome="reached", note="Alles goed met de kleinkinderen")
    from zorgzaam.people.services import erase_person

    erase_person(actor_of(users["coordinator"]), member.person)
    visit.refresh_from_db()
    assert visit.notes == "" and visit.answers == {} and visit.outcome == "at_home"
    assert Call.objects.get(member=member).note == ""


def test_export_includes_visits_and_calls(users, actor_of, planned, member):
    services.log_call(actor_of(users["volunteer"]), member, outcome="reached", note="Goed")
    data = hooks.export_person(member.person)
    assert len(data["outreach_visits"]) == 1 and data["checkin_calls"][0]["note"] == "Goed"


def test_checklist_question_kinds_are_known(checklist):
    assert set(checklist.questions.values_list("kind", flat=True)) <= set(ChecklistQuestion.Kind.values)


def test_coach_of_a_network_wide_circle_manages_it(
    users, actor_of, street, volunteer_person, make_user, network
):
    coach = users["professional"].persons.get()  # works in the north only
    circle = services.create_circle(actor_of(users["coordinator"]), name="Overal", coach=coach)
    prof = actor_of(users["professional"])
    assert services.get_circle(prof, circle.pk) == circle
    services.add_member(prof, circle, person=street["south"], caller=volunteer_person)
    other_prof = actor_of(make_user(network, "professional", area=street["south"].area, username="prof2"))
    with pytest.raises(PermissionDenied):
        services.get_circle(other_prof, circle.pk)


def test_worry_without_themes_takes_them_from_the_answers(users, actor_of, planned, checklist, themes):
    visit = planned.visits.first()
    money = q(checklist, "money")
    services.record_visit(
        actor_of(users["volunteer"]),
        visit,
        outcome="at_home",
        answers={str(money.pk): "no"},
        signals=[{"description": "Rekeningen stapelen zich op"}],
    )
    assert list(Signal.objects.get().themes.values_list("code", flat=True)) == ["money"]


def test_coordinator_edits_the_checklist(users, actor_of, checklist, planned):
    coord = actor_of(users["coordinator"])
    added = services.add_question(
        coord, checklist, theme="contact", kind="yes_no", text_nl="Hebt u een huisdier?", worry_answer=""
    )
    assert added.order > q(checklist, "other").order
    for bad in (
        dict(theme="x", kind="yes_no", text_nl="Vraag"),
        dict(theme="contact", kind="yes_no", text_nl=" "),
        dict(theme="contact", kind="yes_no", text_nl="Vraag", worry_answer="3"),
    ):
        with pytest.raises(ValidationError):
            services.add_question(coord, checklist, **bad)
    assert checklist.questions.count() == len(services.DEFAULT_QUESTIONS) + 1
    for role in ("professional", "volunteer", "resident"):
        with pytest.raises(PermissionDenied):
            services.add_question(actor_of(users[role]), checklist, theme="contact", kind="text", text_nl="V")
    outsider = actor_of(users["outsider"], users["outsider"].persons.get().network)
    with pytest.raises(PermissionDenied):
        services.remove_question(outsider, added)
    # An answered question that is removed keeps its answer, but is no longer asked.
    visit = planned.visits.first()
    services.record_visit(
        actor_of(users["volunteer"]), visit, outcome="at_home", answers={str(added.pk): "yes"}
    )
    services.remove_question(coord, added)
    visit.refresh_from_db()
    assert visit.answers == {str(added.pk): "yes"}
    other = planned.visits.exclude(pk=visit.pk).first()
    with pytest.raises(ValidationError):
        services.record_visit(
            actor_of(users["volunteer"]), other, outcome="at_home", answers={str(added.pk): "yes"}
        )


def test_erasing_the_member_wipes_the_coach_notice_that_names_them(users, actor_of, member):
    """The notice names only the first name, which no text search could safely find: it is linked."""
    from zorgzaam.people.services import erase_person

    vol = actor_of(users["volunteer"])
    for days in (2, 1):
        services.log_call(vol, member, outcome="not_reached", called_on=TODAY - dt.timedelta(days=days))
    notice = Notification.objects.get(kind="outreach.not_reached")
    first_name = member.person.first_name
    assert first_name in notice.rendered().body
    erase_person(actor_of(users["coordinator"]), member.person)
    notice.refresh_from_db()
    text = notice.rendered()
    assert first_name not in text.title + text.body + str(notice.params)


def test_existing_default_questions_move_to_je(checklist):
    """Migration 0003: a network's untouched default question gets the "je" text, an edited one stays."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("zorgzaam.outreach.migrations.0003_default_questions_je")
    first, second = checklist.questions.order_by("order")[:2]
    first.text_nl = "Wat doet u graag?"
    second.text_nl = "Wat doet u graag in de tuin?"  # edited by the network: left alone
    first.save()
    second.save()
    migration.forward(apps, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.text_nl == "Wat doe je graag?" and second.text_nl == "Wat doet u graag in de tuin?"
