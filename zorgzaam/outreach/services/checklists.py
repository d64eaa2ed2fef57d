"""Outreach: visit checklists, their questions and the answers' worry themes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.permissions import require as _require
from zorgzaam.outreach.models import Checklist, ChecklistQuestion
from zorgzaam.outreach.services.permissions import CHECKLIST_CHANGED, MAX_TEXT, in_network
from zorgzaam.people.actor import Actor, is_staff

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
    ("talents", "text", "Wat doe je graag?", "Qu'aimez-vous faire ?", "What do you like doing?", ""),
    (
        "talents",
        "text",
        "Waar ben je goed in? Wat zou je aan anderen kunnen leren of voor hen doen?",
        "En quoi êtes-vous doué ? Que pourriez-vous apprendre ou faire pour d'autres ?",
        "What are you good at? What could you teach or do for others?",
        "",
    ),
    (
        "dreams",
        "text",
        "Wat zou je nog eens willen doen?",
        "Qu'aimeriez-vous encore faire un jour ?",
        "What would you like to do again some day?",
        "",
    ),
    (
        "contact",
        "scale",
        "Hoe vaak zie of spreek je mensen? (1 = bijna nooit, 5 = elke dag)",
        "À quelle fréquence voyez-vous ou parlez-vous à quelqu'un ? (1 = presque jamais, 5 = chaque jour)",
        "How often do you see or talk to people? (1 = hardly ever, 5 = every day)",
        "2",
    ),
    (
        "contact",
        "yes_no",
        "Is er iemand die je kan helpen als het nodig is?",
        "Y a-t-il quelqu'un qui peut vous aider en cas de besoin ?",
        "Is there someone who can help you when needed?",
        "no",
    ),
    (
        "mobility",
        "yes_no",
        "Raak je gemakkelijk bij de winkel, de dokter of de apotheek?",
        "Allez-vous facilement au magasin, chez le médecin ou à la pharmacie ?",
        "Can you easily get to the shop, the doctor or the pharmacy?",
        "no",
    ),
    (
        "housing",
        "yes_no",
        "Voel je je goed en veilig in je woning?",
        "Vous sentez-vous bien et en sécurité dans votre logement ?",
        "Do you feel well and safe in your home?",
        "no",
    ),
    (
        "money",
        "yes_no",
        "Kom je rond met je inkomen?",
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
        "Is er nog iets dat je kwijt wil?",
        "Y a-t-il encore quelque chose que vous voulez dire ?",
        "Is there anything else you would like to share?",
        "",
    ),
]


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


def can_edit_checklist(actor: Actor, checklist: Checklist) -> bool:
    return in_network(actor, checklist.network_id) and actor.is_coordinator()


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
