"""Outreach rules: home visits with a checklist, visit rounds, check-in circles and their calls.

Access follows the relationship:
- a coordinator plans and sees everything in the network;
- a professional plans and sees rounds, visits and circles of their areas (a role without area: all);
- a volunteer sees only the visits and calls assigned to them, with minimal data: first name,
  address, and the phone number only while the person agrees to be contacted;
- residents, partner staff and policy viewers see none of this.
Only people with "contact" consent are put into rounds and circles; the others are listed to the
coach as "ask consent first", without contact details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.care.services import coach_users, record_signal
from zorgzaam.core.permissions import require as _require
from zorgzaam.notifications.services import notify
from zorgzaam.outreach.models import Call, Checklist, ChecklistQuestion, Circle, CircleMember, Round, Visit
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Consent, Person, PersonTag, Role, RoleAssignment, Tag
from zorgzaam.people.services import STAFF_ROLES, persons_with_consent, set_tags

ROUND_PLANNED = kinds.register("outreach.round_planned", gettext_lazy("Visit round planned"))
ROUND_VIEWED = kinds.register("outreach.round_viewed", gettext_lazy("Visit round viewed"))
VISIT_ASSIGNED = kinds.register("outreach.visit_assigned", gettext_lazy("Visit assigned"))
VISIT_VIEWED = kinds.register("outreach.visit_viewed", gettext_lazy("Visit viewed"))
VISIT_RECORDED = kinds.register("outreach.visit_recorded", gettext_lazy("Visit recorded"))
CIRCLE_CREATED = kinds.register("outreach.circle_created", gettext_lazy("Check-in circle created"))
CIRCLE_VIEWED = kinds.register("outreach.circle_viewed", gettext_lazy("Check-in circle viewed"))
MEMBER_ADDED = kinds.register("outreach.member_added", gettext_lazy("Added to a check-in circle"))
MEMBER_REMOVED = kinds.register("outreach.member_removed", gettext_lazy("Removed from a check-in circle"))
CALL_LOGGED = kinds.register("outreach.call_logged", gettext_lazy("Check-in call logged"))
LIST_VIEWED = kinds.register("outreach.list_viewed", gettext_lazy("List of visits and calls viewed"))

HELPER_ROLES = (Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER)
MAX_TEXT = 1000

# Checklist themes that match a care theme, so a worry found on a visit lands with the right coach.
CARE_THEME = {
    "contact": "loneliness",
    "mobility": "mobility",
    "housing": "housing",
    "money": "money",
    "digital": "digital",
    "health": "health",
}

# The default checklist asks about talents and dreams first: a visit is about the whole person.
# (theme, kind, Dutch, French, English, answer that suggests a worry)
DEFAULT_QUESTIONS = [
    ("talents", "text", "Wat doet u graag?", "Qu'aimez-vous faire ?", "What do you like doing?", ""),
    (
        "talents",
        "text",
        "Waar bent u goed in? Wat zou u aan anderen kunnen leren of voor hen doen?",
        "En quoi êtes-vous doué ? Que pourriez-vous apprendre ou faire pour d'autres ?",
        "What are you good at? What could you teach or do for others?",
        "",
    ),
    (
        "dreams",
        "text",
        "Wat zou u nog eens willen doen?",
        "Qu'aimeriez-vous encore faire un jour ?",
        "What would you like to do again some day?",
        "",
    ),
    (
        "contact",
        "scale",
        "Hoe vaak ziet of spreekt u mensen? (1 = bijna nooit, 5 = elke dag)",
        "À quelle fréquence voyez-vous ou parlez-vous à quelqu'un ? (1 = presque jamais, 5 = chaque jour)",
        "How often do you see or talk to people? (1 = hardly ever, 5 = every day)",
        "2",
    ),
    (
        "contact",
        "yes_no",
        "Is er iemand die u kan helpen als het nodig is?",
        "Y a-t-il quelqu'un qui peut vous aider en cas de besoin ?",
        "Is there someone who can help you when needed?",
        "no",
    ),
    (
        "mobility",
        "yes_no",
        "Raakt u gemakkelijk bij de winkel, de dokter of de apotheek?",
        "Allez-vous facilement au magasin, chez le médecin ou à la pharmacie ?",
        "Can you easily get to the shop, the doctor or the pharmacy?",
        "no",
    ),
    (
        "housing",
        "yes_no",
        "Voelt u zich goed en veilig in uw woning?",
        "Vous sentez-vous bien et en sécurité dans votre logement ?",
        "Do you feel well and safe in your home?",
        "no",
    ),
    (
        "money",
        "yes_no",
        "Komt u rond met uw inkomen?",
        "Arrivez-vous à joindre les deux bouts avec vos revenus ?",
        "Do you make ends meet with your income?",
        "no",
    ),
    (
        "digital",
        "yes_no",
        "Lukt het om zaken online te regelen (bank, e-loket, afspraken)?",
        "Arrivez-vous à faire vos démarches en ligne (banque, guichet électronique, rendez-vous) ?",
        "Can you manage things online (bank, e-government, appointments)?",
        "no",
    ),
    (
        "other",
        "text",
        "Is er nog iets dat u kwijt wil?",
        "Y a-t-il encore quelque chose que vous voulez dire ?",
        "Is there anything else you would like to share?",
        "",
    ),
]


# --- who may see and do what -------------------------------------------------------------------


def _in_network(actor: Actor, obj_network_id) -> bool:
    return actor.network is not None and actor.is_authenticated and obj_network_id == actor.network.pk


def _area_ok(actor: Actor, area) -> bool:
    """An area of the actor's own network that they plan for (None: no area chosen)."""
    return area is None or (area.network_id == actor.network.pk and actor.covers_area(area))


def can_plan(actor: Actor) -> bool:
    return is_staff(actor)


def can_use(actor: Actor) -> bool:
    """Whether the outreach pages are for this actor at all (staff, or volunteers with assignments)."""
    return actor.network is not None and actor.is_authenticated and actor.has_role(*HELPER_ROLES)


def visible_visits(actor: Actor) -> QuerySet[Visit]:
    if actor.network is None or not actor.is_authenticated:
        return Visit.objects.none()
    qs = Visit.objects.filter(network=actor.network)
    allowed = actor.area_q("person__area")
    if actor.person is not None:
        allowed |= Q(visitor=actor.person)
    return qs.filter(allowed)


def visible_rounds(actor: Actor) -> QuerySet[Round]:
    if not is_staff(actor):
        return Round.objects.none()
    return Round.objects.filter(network=actor.network).filter(actor.area_q("area"))


def visible_circles(actor: Actor) -> QuerySet[Circle]:
    """Circles of the staff member's areas, and the circles they coach (which may span areas)."""
    if not is_staff(actor):
        return Circle.objects.none()
    return Circle.objects.filter(network=actor.network).filter(actor.area_q("area") | Q(coach=actor.person))


def visible_members(actor: Actor) -> QuerySet[CircleMember]:
    if actor.network is None or not actor.is_authenticated:
        return CircleMember.objects.none()
    qs = CircleMember.objects.filter(circle__network=actor.network)
    allowed = actor.area_q("circle__area")
    if is_staff(actor):
        allowed |= Q(circle__coach=actor.person)
    if actor.person is not None:
        allowed |= Q(caller=actor.person)
    return qs.filter(allowed)


def manages_visit(actor: Actor, visit: Visit) -> bool:
    return _in_network(actor, visit.network_id) and actor.covers_area(visit.person.area_id)


def can_see_visit(actor: Actor, visit: Visit) -> bool:
    if not _in_network(actor, visit.network_id):
        return False
    mine = actor.person is not None and visit.visitor_id == actor.person.pk
    return mine or manages_visit(actor, visit)


def can_record_visit(actor: Actor, visit: Visit) -> bool:
    if manages_visit(actor, visit):
        return True
    # The assigned volunteer records an open visit; a finished one is corrected by staff.
    return can_see_visit(actor, visit) and visit.is_open


def can_manage_circle(actor: Actor, circle: Circle) -> bool:
    if not _in_network(actor, circle.network_id):
        return False
    coach = is_staff(actor) and actor.person is not None and circle.coach_id == actor.person.pk
    return coach or actor.covers_area(circle.area_id)


def can_log_call(actor: Actor, member: CircleMember) -> bool:
    if not _in_network(actor, member.circle.network_id) or not member.active:
        return False
    mine = actor.person is not None and member.caller_id == actor.person.pk
    return mine or can_manage_circle(actor, member.circle)


# --- helpers -----------------------------------------------------------------------------------


def helpers_for(network, area=None) -> QuerySet[Person]:
    """People who can visit or call: active volunteers and staff of the network (area or network-wide)."""
    roles = RoleAssignment.objects.filter(active=True, role__in=HELPER_ROLES, person__network=network)
    if area is not None:
        roles = roles.filter(Q(area__isnull=True) | Q(area=area))
    return (
        Person.objects.filter(pk__in=roles.values("person_id"), anonymised_at__isnull=True)
        .order_by("first_name", "last_name", "id")
        .distinct()
    )


def _check_helper(network, person, field: str, errors: dict) -> None:
    if person is None:
        return
    if person.network_id != network.pk or not helpers_for(network).filter(pk=person.pk).exists():
        errors[field] = _("Choose a volunteer or staff member of this network.")


def contact_ok_ids(person_ids) -> set[int]:
    """Ids (of those given) of people who currently agree to be contacted: one query."""
    ids = list(set(person_ids))
    if not ids:
        return set()
    return set(
        persons_with_consent(Person.objects.filter(pk__in=ids), Consent.Purpose.CONTACT).values_list(
            "pk", flat=True
        )
    )


# --- checklists --------------------------------------------------------------------------------


@transaction.atomic
def ensure_default_checklist(network) -> Checklist:
    """The network's default home-visit checklist (created once)."""
    checklist = Checklist.objects.filter(network=network).order_by("id").first()
    if checklist is not None:
        return checklist
    checklist = Checklist.objects.create(network=network, name="Huisbezoek")
    ChecklistQuestion.objects.bulk_create(
        ChecklistQuestion(
            checklist=checklist,
            theme=theme,
            kind=kind,
            text_nl=nl,
            text_fr=fr,
            text_en=en,
            order=(i + 1) * 10,
            worry_answer=worry,
        )
        for i, (theme, kind, nl, fr, en, worry) in enumerate(DEFAULT_QUESTIONS)
    )
    return checklist


CHECKLIST_CHANGED = kinds.register("outreach.checklist_changed", gettext_lazy("Visit checklist changed"))


def can_edit_checklist(actor: Actor, checklist: Checklist) -> bool:
    return _in_network(actor, checklist.network_id) and actor.is_coordinator()


@transaction.atomic
def add_question(
    actor: Actor,
    checklist: Checklist,
    *,
    theme: str,
    kind: str,
    text_nl: str,
    text_fr: str = "",
    text_en: str = "",
    worry_answer: str = "",
) -> ChecklistQuestion:
    _require(can_edit_checklist(actor, checklist))
    errors: dict = {}
    text_nl, text_fr, text_en = (t.strip() for t in (text_nl or "", text_fr or "", text_en or ""))
    if theme not in ChecklistQuestion.Theme.values:
        errors["theme"] = _("Choose a theme.")
    if kind not in ChecklistQuestion.Kind.values:
        errors["kind"] = _("Choose the kind of answer.")
    if not text_nl:
        errors["text_nl"] = _("Write the question in Dutch.")
    for name, text in (("text_nl", text_nl), ("text_fr", text_fr), ("text_en", text_en)):
        if len(text) > 300:
            errors[name] = _("Keep it shorter (at most %(n)d characters).") % {"n": 300}
    valid_worry = {"yes_no": ("", "yes", "no"), "scale": ("", "1", "2", "3", "4", "5"), "text": ("",)}
    if kind in valid_worry and worry_answer not in valid_worry[kind]:
        errors["worry_answer"] = _("This answer does not fit the kind of question.")
    if errors:
        raise ValidationError(errors)
    last = checklist.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = ChecklistQuestion.objects.create(
        checklist=checklist,
        theme=theme,
        kind=kind,
        text_nl=text_nl,
        text_fr=text_fr,
        text_en=text_en,
        worry_answer=worry_answer,
        order=last + 10,
    )
    record(actor, CHECKLIST_CHANGED, obj=checklist, data={"added": question.pk})
    return question


@transaction.atomic
def remove_question(actor: Actor, question: ChecklistQuestion) -> None:
    """The question is no longer asked; answers already given keep it (it becomes inactive)."""
    _require(can_edit_checklist(actor, question.checklist))
    question.active = False
    question.save(update_fields=["active"])
    record(actor, CHECKLIST_CHANGED, obj=question.checklist, data={"removed": question.pk})


def checklists_for(actor: Actor) -> QuerySet[Checklist]:
    if not is_staff(actor):
        return Checklist.objects.none()
    ensure_default_checklist(actor.network)
    return Checklist.objects.filter(network=actor.network, active=True)


def validate_answers(checklist: Checklist, answers: dict) -> dict:
    """Clean {question id: value}: yes/no, 1-5, or text; unknown questions are refused."""
    questions = {str(q.pk): q for q in checklist.questions.filter(active=True)}
    clean, errors = {}, {}
    for key, value in (answers or {}).items():
        q = questions.get(str(key))
        if q is None:
            errors["answers"] = _("This question is not on the checklist.")
            continue
        value = "" if value is None else str(value).strip()
        if value == "":
            continue
        if q.kind == ChecklistQuestion.Kind.YES_NO and value not in ("yes", "no"):
            errors[f"q_{q.pk}"] = _("Answer yes or no.")
        elif q.kind == ChecklistQuestion.Kind.SCALE and value not in ("1", "2", "3", "4", "5"):
            errors[f"q_{q.pk}"] = _("Choose a number from 1 to 5.")
        elif len(value) > MAX_TEXT:
            errors[f"q_{q.pk}"] = _("Keep it shorter (at most %(n)d characters).") % {"n": MAX_TEXT}
        else:
            clean[str(q.pk)] = value
    if errors:
        raise ValidationError(errors)
    return clean


def worry_themes(checklist: Checklist, answers: dict) -> list[str]:
    """Care theme codes of the answers that suggest passing on a worry (to preselect in the form)."""
    out = []
    for q in checklist.questions.all():
        if q.is_worry(answers.get(str(q.pk))) and CARE_THEME.get(q.theme) and CARE_THEME[q.theme] not in out:
            out.append(CARE_THEME[q.theme])
    return out


# --- rounds ------------------------------------------------------------------------------------


def street_choices(actor: Actor, area) -> list[str]:
    if area is None or not actor.covers_area(area):
        return []
    return list(
        Person.objects.filter(network=actor.network, area=area, anonymised_at__isnull=True)
        .exclude(street="")
        .order_by("street")
        .values_list("street", flat=True)
        .distinct()
    )


@transaction.atomic
def plan_round(
    actor: Actor,
    *,
    name: str,
    checklist: Checklist,
    starts_on: dt.date,
    ends_on: dt.date,
    area=None,
    streets=(),
    persons=(),
    visitors=(),
) -> Round:
    """Plan visits to everyone on `streets` of `area` and/or to `persons`, spread over `visitors`.

    Only people who agree to be contacted get a visit; the others are kept on the round as
    "ask consent first" for the coach."""
    _require(can_plan(actor) and _area_ok(actor, area))
    errors: dict = {}
    name = (name or "").strip()
    streets = [s.strip() for s in streets if s and s.strip()]
    persons = list(persons)
    visitors = list(visitors)
    if not name:
        errors["name"] = _("Give the round a name.")
    if area is not None and area.network_id != actor.network.pk:
        errors["area"] = _("This area belongs to another network.")
    if streets and area is None:
        errors["area"] = _("Choose the area of these streets.")
    if not streets and not persons:
        errors["streets"] = _("Choose streets or people to visit.")
    if checklist is None or checklist.network_id != actor.network.pk:
        errors["checklist"] = _("Choose a checklist.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    for p in persons:
        if p.network_id != actor.network.pk or p.anonymised_at or not actor.covers_area(p.area_id):
            errors["persons"] = _("You cannot plan a visit to one of these people.")
    for v in visitors:
        _check_helper(actor.network, v, "visitors", errors)
    if errors:
        raise ValidationError(errors)
    chosen = {p.pk for p in persons}
    if streets:
        chosen |= set(
            Person.objects.filter(
                network=actor.network, area=area, street__in=streets, anonymised_at__isnull=True
            ).values_list("pk", flat=True)
        )
    # Helpers do not visit themselves.
    chosen -= {v.pk for v in visitors}
    if not chosen:
        raise ValidationError({"streets": _("Nobody lives on these streets.")})
    agreed = contact_ok_ids(chosen)
    rnd = Round.objects.create(
        network=actor.network,
        area=area,
        name=name,
        streets=streets,
        checklist=checklist,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor.user,
    )
    to_visit = list(
        Person.objects.filter(pk__in=agreed)
        .order_by("street", "house_number", "id")
        .values_list("pk", flat=True)
    )
    Visit.objects.bulk_create(
        Visit(
            network=actor.network,
            round=rnd,
            person_id=pid,
            visitor=visitors[i % len(visitors)] if visitors else None,
            checklist=checklist,
            planned_on=starts_on,
        )
        for i, pid in enumerate(to_visit)
    )
    rnd.consent_pending.set(chosen - agreed)
    record(
        actor,
        ROUND_PLANNED,
        obj=rnd,
        data={"visits": len(to_visit), "consent_pending": len(chosen - agreed), "streets": len(streets)},
    )
    return rnd


def get_round(actor: Actor, pk: int) -> Round:
    rnd = visible_rounds(actor).select_related("area", "checklist").filter(pk=pk).first()
    _require(rnd is not None)
    record(actor, ROUND_VIEWED, obj=rnd)
    return rnd


def round_visits(rnd: Round) -> QuerySet[Visit]:
    return rnd.visits.select_related("person", "visitor").order_by(
        "person__street", "person__house_number", "id"
    )


def round_progress(rnd: Round) -> dict:
    counts = dict(rnd.visits.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    out = {o: counts.get(o, 0) for o in Visit.Outcome.values}
    out["total"] = sum(counts.values())
    out["done"] = out[Visit.Outcome.AT_HOME] + out[Visit.Outcome.REFUSED]
    out["percent"] = round(100 * out["done"] / out["total"]) if out["total"] else 0
    return out


def round_list(actor: Actor) -> list[tuple[Round, dict]]:
    # consent_pending_count: the API lists it, counted here instead of once per round.
    rounds = list(
        visible_rounds(actor)
        .select_related("area")
        .annotate(consent_pending_count=Count("consent_pending", distinct=True))
    )
    counts: dict = {}
    for round_id, outcome, n in (
        Visit.objects.filter(round__in=rounds).values_list("round_id", "outcome").annotate(n=Count("id"))
    ):
        counts.setdefault(round_id, {})[outcome] = n
    out = []
    for r in rounds:
        c = counts.get(r.pk, {})
        total = sum(c.values())
        done = c.get(Visit.Outcome.AT_HOME, 0) + c.get(Visit.Outcome.REFUSED, 0)
        out.append((r, {"total": total, "done": done, "not_at_home": c.get(Visit.Outcome.NOT_AT_HOME, 0)}))
    return out


@transaction.atomic
def assign_visit(actor: Actor, visit: Visit, visitor: Person | None) -> Visit:
    visit = Visit.objects.select_for_update(of=("self",)).select_related("person").get(pk=visit.pk)
    _require(manages_visit(actor, visit))
    errors: dict = {}
    _check_helper(actor.network, visitor, "visitor", errors)
    if visitor is not None and visitor.pk == visit.person_id:
        errors["visitor"] = _("Someone cannot visit themselves.")
    if errors:
        raise ValidationError(errors)
    visit.visitor = visitor
    visit.save(update_fields=["visitor"])
    record(actor, VISIT_ASSIGNED, subject=visit.person, obj=visit)
    return visit


# --- visits ------------------------------------------------------------------------------------


@dataclass
class VisitCard:
    """What a volunteer may see of a visit: first name, address, phone only with contact consent."""

    visit: Visit
    name: str
    address: str
    phone: str


def visit_cards(actor: Actor, visits) -> list[VisitCard]:
    visits = list(visits)
    ok = contact_ok_ids(v.person_id for v in visits)
    out = []
    for v in visits:
        p = v.person
        full = manages_visit(actor, v)
        out.append(
            VisitCard(
                visit=v,
                name=p.full_name if full else p.first_name,
                address=p.address,
                phone=p.phone if (p.pk in ok) else "",
            )
        )
    return out


def my_visits(actor: Actor, *, open_only: bool = True) -> QuerySet[Visit]:
    if actor.person is None or actor.network is None:
        return Visit.objects.none()
    qs = Visit.objects.filter(network=actor.network, visitor=actor.person).select_related(
        "person", "round", "person__area"
    )
    if open_only:
        qs = qs.filter(outcome__in=[Visit.Outcome.PLANNED, Visit.Outcome.NOT_AT_HOME])
    return qs.order_by("planned_on", "person__street", "person__house_number", "id")


def get_visit(actor: Actor, pk: int, *, log_view: bool = True) -> Visit:
    visit = (
        Visit.objects.select_related("person", "person__area", "visitor", "round", "checklist")
        .filter(pk=pk)
        .first()
    )
    _require(visit is not None and can_see_visit(actor, visit))
    if log_view:
        record(actor, VISIT_VIEWED, subject=visit.person, obj=visit)
    return visit


def _tags(network, items, field: str, errors: dict) -> list[Tag]:
    out = []
    for t in items or ():
        tag = (
            t
            if isinstance(t, Tag)
            else Tag.objects.filter(Q(pk=t) if str(t).isdigit() else Q(code=t)).first()
        )
        if tag is None or tag.network_id not in (None, network.pk):
            errors[field] = _("Unknown tag.")
        else:
            out.append(tag)
    return out


@transaction.atomic
def record_visit(
    actor: Actor,
    visit: Visit,
    *,
    outcome: str,
    visited_on: dt.date | None = None,
    answers: dict | None = None,
    notes: str = "",
    talents=(),
    dreams=(),
    needs=(),
    signals=(),
) -> Visit:
    """Record how a visit went. Talents, dreams and needs heard are added to the person's profile;
    each worry in `signals` (dicts with description, themes, urgency, consent_status, consent_reason)
    becomes a care signal. Everything happens together or not at all."""
    visit = (
        Visit.objects.select_for_update(of=("self",)).select_related("person", "checklist").get(pk=visit.pk)
    )
    _require(can_record_visit(actor, visit))
    errors: dict = {}
    today = timezone.localdate()
    visited_on = visited_on or today
    notes = (notes or "").strip()
    if outcome not in (Visit.Outcome.AT_HOME, Visit.Outcome.NOT_AT_HOME, Visit.Outcome.REFUSED):
        errors["outcome"] = _("Choose how the visit went.")
    if visited_on > today:
        errors["visited_on"] = _("The date of the visit cannot be in the future.")
    if len(notes) > 5000:
        errors["notes"] = _("Keep it shorter (at most %(n)d characters).") % {"n": 5000}
    try:
        clean = validate_answers(visit.checklist, answers or {})
    except ValidationError as exc:
        errors.update(exc.message_dict)
        clean = {}
    new_tags = []
    for kind, items in (
        (PersonTag.Kind.TALENT, talents),
        (PersonTag.Kind.DREAM, dreams),
        (PersonTag.Kind.NEED, needs),
    ):
        new_tags += [(t, kind) for t in _tags(actor.network, items, kind + "s", errors)]
    if outcome != Visit.Outcome.AT_HOME and (clean or new_tags):
        errors["outcome"] = _("Answers and talents can only be recorded when the visit took place.")
    if errors:
        raise ValidationError(errors)

    visit.outcome = outcome
    visit.visited_on = visited_on
    visit.answers = clean
    visit.notes = notes
    visit.recorded_by = actor.user
    visit.recorded_at = timezone.now()
    person = visit.person
    if new_tags:
        current = [(t.tag_id, t.kind, t.note) for t in person.tags.all()]
        have = {(tag_id, kind) for tag_id, kind, _n in current}
        wanted = current + [(t.pk, kind, "") for t, kind in new_tags if (t.pk, kind) not in have]
        set_tags(actor, person, wanted)
    raised = 0
    if signals:
        for i, s in enumerate(signals):
            try:
                record_signal(
                    actor,
                    person=person,
                    description=s.get("description", ""),
                    # Without chosen themes, the answers that suggested a worry name them.
                    themes=s.get("themes") or worry_themes(visit.checklist, clean),
                    urgency=s.get("urgency", "normal"),
                    consent_status=s.get("consent_status", "given"),
                    consent_reason=s.get("consent_reason", ""),
                    source="visit",
                    area=person.area,
                )
            except ValidationError as exc:
                prefix = "signal_" if len(signals) == 1 else f"signal{i}_"
                raise ValidationError({prefix + k: v for k, v in exc.message_dict.items()}) from exc
            raised += 1
    visit.signals_raised += raised
    visit.save()
    record(
        actor,
        VISIT_RECORDED,
        subject=person,
        obj=visit,
        data={"outcome": outcome, "answers": len(clean), "tags": len(new_tags), "signals": raised},
    )
    return visit


# --- check-in circles --------------------------------------------------------------------------


@transaction.atomic
def create_circle(actor: Actor, *, name: str, area=None, coach: Person | None = None) -> Circle:
    _require(can_plan(actor) and _area_ok(actor, area))
    errors: dict = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the circle a name.")
    if area is not None and area.network_id != actor.network.pk:
        errors["area"] = _("This area belongs to another network.")
    if (
        coach is not None
        and not helpers_for(actor.network).filter(pk=coach.pk, roles__role__in=STAFF_ROLES).exists()
    ):
        errors["coach"] = _("Choose a professional or coordinator of this network.")
    if errors:
        raise ValidationError(errors)
    circle = Circle.objects.create(network=actor.network, area=area, name=name, coach=coach)
    record(actor, CIRCLE_CREATED, obj=circle)
    return circle


def get_circle(actor: Actor, pk: int) -> Circle:
    circle = visible_circles(actor).select_related("area", "coach").filter(pk=pk).first()
    _require(circle is not None)
    record(actor, CIRCLE_VIEWED, obj=circle)
    return circle


def circle_members(circle: Circle) -> QuerySet[CircleMember]:
    return circle.members.filter(active=True).select_related("person", "caller")


@transaction.atomic
def add_member(
    actor: Actor,
    circle: Circle,
    *,
    person: Person,
    caller: Person,
    frequency: str = "weekly",
    started_on: dt.date | None = None,
) -> CircleMember:
    _require(can_manage_circle(actor, circle))
    errors: dict = {}
    started_on = started_on or timezone.localdate()
    if person.network_id != actor.network.pk or person.anonymised_at:
        errors["person"] = _("Unknown person.")
    elif not contact_ok_ids([person.pk]):
        errors["person"] = _("Ask consent first: this person has not agreed to be contacted.")
    elif circle.members.filter(person=person, active=True).exists():
        errors["person"] = _("This person is already in the circle.")
    _check_helper(actor.network, caller, "caller", errors)
    if caller is not None and caller.pk == person.pk:
        errors["caller"] = _("Someone cannot call themselves.")
    if frequency not in CircleMember.Frequency.values:
        errors["frequency"] = _("Choose how often.")
    if errors:
        raise ValidationError(errors)
    member = CircleMember.objects.create(
        circle=circle,
        person=person,
        caller=caller,
        frequency=frequency,
        started_on=started_on,
        next_due_on=started_on,
    )
    record(actor, MEMBER_ADDED, subject=person, obj=member)
    return member


@transaction.atomic
def remove_member(actor: Actor, member: CircleMember) -> None:
    member = (
        CircleMember.objects.select_for_update(of=("self",))
        .select_related("circle", "person")
        .get(pk=member.pk)
    )
    _require(can_manage_circle(actor, member.circle))
    member.active = False
    member.save(update_fields=["active"])
    record(actor, MEMBER_REMOVED, subject=member.person, obj=member)


def calls_due(actor: Actor, today: dt.date | None = None) -> list[CircleMember]:
    """The calls this actor has to make today (overdue ones included)."""
    if actor.person is None or actor.network is None:
        return []
    today = today or timezone.localdate()
    return list(
        CircleMember.objects.filter(
            circle__network=actor.network,
            circle__active=True,
            caller=actor.person,
            active=True,
            next_due_on__lte=today,
        )
        .select_related("person", "circle")
        .order_by("next_due_on", "person__first_name", "id")
    )


def flagged_members(actor: Actor) -> QuerySet[CircleMember]:
    """Members not reached twice or more in a row, in circles this staff member sees."""
    if not is_staff(actor):
        return CircleMember.objects.none()
    return (
        CircleMember.objects.filter(circle__in=visible_circles(actor), active=True, missed_in_row__gte=2)
        .select_related("person", "circle", "caller")
        .order_by("person__first_name", "id")
    )


def _coach_users(circle: Circle) -> list:
    if circle.coach_id and circle.coach.user_id:
        return [circle.coach.user]
    return coach_users(circle.network, circle.area)


@transaction.atomic
def log_call(
    actor: Actor,
    member: CircleMember,
    *,
    outcome: str,
    note: str = "",
    called_on: dt.date | None = None,
    signal: dict | None = None,
) -> Call:
    """Log one check-in call. Not reached twice in a row: the coach hears of it. A worry becomes a
    care signal (source "checkin")."""
    member = (
        CircleMember.objects.select_for_update(of=("self",))
        .select_related("circle", "person", "caller")
        .get(pk=member.pk)
    )
    _require(can_log_call(actor, member))
    errors: dict = {}
    today = timezone.localdate()
    called_on = called_on or today
    note = (note or "").strip()
    if outcome not in Call.Outcome.values:
        errors["outcome"] = _("Choose how the call went.")
    if called_on > today:
        errors["called_on"] = _("The date cannot be in the future.")
    if len(note) > 500:
        errors["note"] = _("Keep it shorter (at most %(n)d characters).") % {"n": 500}
    if outcome == Call.Outcome.SIGNAL and not (note or (signal or {}).get("description")):
        errors["note"] = _("Describe the worry to pass on.")
    if errors:
        raise ValidationError(errors)
    signal_obj = None
    if outcome == Call.Outcome.SIGNAL:
        s = signal or {}
        try:
            signal_obj = record_signal(
                actor,
                person=member.person,
                description=s.get("description") or note,
                themes=s.get("themes", ()),
                urgency=s.get("urgency", "normal"),
                consent_status=s.get("consent_status", "given"),
                consent_reason=s.get("consent_reason", ""),
                source="checkin",
                area=member.person.area,
            )
        except ValidationError as exc:
            raise ValidationError({"signal_" + k: v for k, v in exc.message_dict.items()}) from exc
    call = Call.objects.create(
        member=member,
        caller=actor.person,
        called_on=called_on,
        outcome=outcome,
        note=note,
        signal_id=getattr(signal_obj, "pk", None),
    )
    member.last_call_on = called_on
    if outcome == Call.Outcome.NOT_REACHED:
        member.missed_in_row += 1
        member.next_due_on = called_on + dt.timedelta(days=1)  # try again tomorrow
    else:
        member.missed_in_row = 0
        member.next_due_on = called_on + dt.timedelta(days=member.interval_days)
    member.save(update_fields=["last_call_on", "missed_in_row", "next_due_on"])
    if member.missed_in_row == 2:
        for user in _coach_users(member.circle):
            notify(
                user,
                kind="outreach.not_reached",
                params={
                    "circle_id": member.circle_id,
                    "name": member.person.first_name,
                    "circle": member.circle.name,
                },
                network=member.circle.network,
                about=member.person,
            )
    record(
        actor,
        CALL_LOGGED,
        subject=member.person,
        obj=call,
        data={"outcome": outcome, "missed_in_row": member.missed_in_row, "signal": call.signal_id},
    )
    return call


# --- offline list ------------------------------------------------------------------------------


@dataclass
class ListRow:
    day: dt.date | None
    kind: str  # "visit" or "call"
    name: str
    address: str
    phone: str
    note: str


def week_list(actor: Actor, person: Person | None = None, today: dt.date | None = None) -> list[ListRow]:
    """A volunteer's visits and calls for the coming seven days, for printing (minimal data)."""
    today = today or timezone.localdate()
    person = person or actor.person
    _require(person is not None and person.network_id == getattr(actor.network, "pk", None))
    own = actor.person is not None and actor.person.pk == person.pk
    _require(own or is_staff(actor))
    end = today + dt.timedelta(days=6)
    visits = list(
        Visit.objects.filter(
            network=actor.network,
            visitor=person,
            outcome__in=[Visit.Outcome.PLANNED, Visit.Outcome.NOT_AT_HOME],
        )
        .filter(Q(planned_on__isnull=True) | Q(planned_on__lte=end))
        .select_related("person", "round")
        .order_by("planned_on", "person__street", "person__house_number")
    )
    members = list(
        CircleMember.objects.filter(
            circle__network=actor.network,
            circle__active=True,
            caller=person,
            active=True,
            next_due_on__lte=end,
        ).select_related("person", "circle")
    )
    if not own:
        visits = [v for v in visits if manages_visit(actor, v)]
        members = [m for m in members if can_manage_circle(actor, m.circle)]
    ok = contact_ok_ids([v.person_id for v in visits] + [m.person_id for m in members])
    rows = []
    for v in visits:
        p = v.person
        day = max(v.planned_on, today) if v.planned_on else None
        rows.append(
            ListRow(
                day,
                "visit",
                p.first_name,
                p.address,
                p.phone if p.pk in ok else "",
                v.round.name if v.round else "",
            )
        )
    for m in members:
        p = m.person
        day = max(m.next_due_on, today)
        while day <= end:
            rows.append(
                ListRow(day, "call", p.first_name, p.address, p.phone if p.pk in ok else "", m.circle.name)
            )
            day += dt.timedelta(days=m.interval_days)
    rows.sort(key=lambda r: (r.day or end + dt.timedelta(days=1), r.kind, r.name))
    record(actor, LIST_VIEWED, subject=None if own else person, data={"rows": len(rows)})
    return rows
