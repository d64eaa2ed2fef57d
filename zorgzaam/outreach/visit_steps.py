"""The home-visit form in short steps (issue 13 item 10): on a phone the whole checklist was almost
seven thousand pixels tall. The one VisitForm stays the single description of the visit; this module
shows a few of its fields per step, keeps what was typed in the session between steps (nothing is
lost on an error or on going back), validates each step on "Next" and saves the whole visit through
services.record_visit (one transaction) on the last step."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms as djforms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from zorgzaam.core.forms import apply_errors
from zorgzaam.outreach import forms, services
from zorgzaam.outreach.models import ChecklistQuestion, Visit

T = ChecklistQuestion.Theme
# (code, title, checklist themes asked in this step, other fields of VisitForm); a step without
# fields (a checklist without those themes) is left out.
STEPS = [
    ("when", _("How did it go?"), (), ("outcome", "visited_on")),
    ("talents", _("Talents"), (T.TALENTS,), ("talents",)),
    ("dreams", _("Dreams"), (T.DREAMS,), ("dreams",)),
    ("contact", _("Contact with others"), (T.CONTACT,), ()),
    ("living", _("Living situation"), (T.MOBILITY, T.HOUSING, T.MONEY), ()),
    ("questions", _("Other questions"), (T.DIGITAL, T.HEALTH, T.OTHER), ()),
    ("help", _("Help and notes"), (), ("needs", "notes")),
    ("worry", _("A worry"), (), ("worry", "worry_consent", "worry_consent_reason")),
    ("worry_themes", _("Themes of the worry"), (), ("worry_themes",)),
]
AT_HOME_ONLY = {"talents", "dreams", "contact", "living", "questions"}


@dataclass
class Step:
    code: str
    title: object
    fields: list[str]


@dataclass
class StepForm:
    """What core/form_fields.html needs, for the fields of one step only."""

    form: djforms.Form
    names: list[str]
    hidden_fields: list = field(default_factory=list)

    def visible_fields(self):
        return [self.form[n] for n in self.names]

    def non_field_errors(self):
        return self.form.non_field_errors()


def _draft_key(visit) -> str:
    return f"outreach_visit_draft_{visit.pk}"


def steps_for(form: forms.VisitForm, draft: dict) -> list[Step]:
    at_home = (draft.get("outcome") or [Visit.Outcome.AT_HOME])[0] == Visit.Outcome.AT_HOME
    out = []
    for code, title, themes, names in STEPS:
        if code in AT_HOME_ONLY and not at_home:
            continue
        fields = [f"q_{q.pk}" for q in form.questions if q.theme in themes] + list(names)
        if fields:
            out.append(Step(code, title, fields))
    return out


def _data(draft: dict) -> QueryDict:
    q = QueryDict(mutable=True)
    for name, values in draft.items():
        q.setlist(name, values)
    return q


def _initial(form: forms.VisitForm, draft: dict) -> dict:
    multi = (djforms.MultipleChoiceField, djforms.ModelMultipleChoiceField)
    return {
        n: (v if isinstance(form.fields[n], multi) else (v[0] if v else ""))
        for n, v in draft.items()
        if n in form.fields
    }


def handle(request, visit) -> tuple[bool, dict]:
    """(saved, context). On a POST: keep the step's fields in the draft, then go back, go on (when the
    step is valid) or, on the last step, save the visit. Otherwise show the asked step."""
    actor = request.actor
    key = _draft_key(visit)
    draft: dict = request.session.get(key, {})
    probe = forms.VisitForm(visit=visit, network=actor.network)
    steps = steps_for(probe, draft)
    index = _step_index(request, len(steps))
    show_errors = False
    if request.method == "POST":
        for name in steps[index].fields:
            draft[name] = [v for v in request.POST.getlist(name) if v != ""]
        request.session[key] = draft
        steps = steps_for(probe, draft)  # the outcome decides which steps follow
        index = min(index, len(steps) - 1)
        bound = forms.VisitForm(_data(draft), visit=visit, network=actor.network)
        bound.is_valid()
        go = request.POST.get("go", "next")
        if go == "previous":
            index = max(index - 1, 0)
        elif _errors_in(bound, steps[index]):
            show_errors = True
        elif go == "save" and index == len(steps) - 1:
            saved, index, show_errors = _save(actor, visit, bound, steps)
            if saved:
                request.session.pop(key, None)
                return True, {}
        else:
            index = min(index + 1, len(steps) - 1)
        if show_errors:
            return False, _context(bound, steps, index)
    form = forms.VisitForm(initial=_initial(probe, draft), visit=visit, network=actor.network)
    return False, _context(form, steps, index)


def _save(actor, visit, bound, steps) -> tuple[bool, int, bool]:
    """(saved, step to show, show errors)."""
    if bound.errors:
        return False, _first_step_with_errors(bound, steps), True
    try:
        services.record_visit(actor, visit, **bound.service_kwargs())
    except ValidationError as exc:
        apply_errors(bound, exc)
        return False, _first_step_with_errors(bound, steps), True
    return True, 0, False


def _step_index(request, count: int) -> int:
    raw = request.POST.get("step") if request.method == "POST" else request.GET.get("step")
    try:
        return min(max(int(raw or 1), 1), count) - 1
    except ValueError:
        return 0


def _errors_in(form, step: Step) -> bool:
    return any(name in form.errors for name in step.fields)


def _first_step_with_errors(form, steps: list[Step]) -> int:
    for i, step in enumerate(steps):
        if _errors_in(form, step):
            return i
    return len(steps) - 1


def _context(form, steps: list[Step], index: int) -> dict:
    step = steps[index]
    return {
        "form": form,
        "step_form": StepForm(form, step.fields),
        "steps": steps,
        "step": step,
        "step_number": index + 1,
        "step_count": len(steps),
        "is_first": index == 0,
        "is_last": index == len(steps) - 1,
    }
