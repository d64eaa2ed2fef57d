from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgzaam.networks.models import Area
from zorgzaam.outreach import services
from zorgzaam.outreach.models import Call, ChecklistQuestion, CircleMember, Visit
from zorgzaam.people.models import Person, Tag
from zorgzaam.people.picker import PersonMultiPickerField, PersonPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name of the round"), max_length=150)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    streets = forms.CharField(
        label=_("Streets"),
        required=False,
        help_text=_("One street per line; everyone living there who agrees to be contacted gets a visit."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    persons = PersonMultiPickerField(label=_("Or choose people"), required=False)
    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=None)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    visitors = PersonMultiPickerField(
        label=_("Volunteers who visit"),
        scope="helpers",
        required=False,
        help_text=_("The visits are shared out in turn."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(network=actor.network).filter(actor.area_q("pk"))
        people = Person.objects.filter(network=actor.network, anonymised_at__isnull=True)
        people = people.filter(actor.area_q("area"))
        self.fields["persons"].queryset = people.order_by("last_name", "first_name")
        self.fields["checklist"].queryset = services.checklists_for(actor)
        self.fields["visitors"].queryset = services.helpers_for(actor.network)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + timezone.timedelta(days=14)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "area": d["area"],
            "streets": [s for s in d["streets"].splitlines() if s.strip()],
            "persons": list(d["persons"]),
            "checklist": d["checklist"],
            "starts_on": d["starts_on"],
            "ends_on": d["ends_on"],
            "visitors": list(d["visitors"]),
        }


class AssignForm(forms.Form):
    visitor = PersonPickerField(label=_("Visitor"), scope="helpers", required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitor"].queryset = services.helpers_for(network)


YES_NO = [("", _("No answer")), ("yes", _("Yes")), ("no", _("No"))]
SCALE = [("", _("No answer"))] + [(str(i), str(i)) for i in range(1, 6)]


class VisitForm(forms.Form):
    """The checklist as a form: one field per question, then what was found, then a worry."""

    outcome = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[c for c in Visit.Outcome.choices if c[0] != Visit.Outcome.PLANNED],
        widget=forms.RadioSelect,
    )
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DATE)

    def __init__(self, *args, visit, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        self.questions = list(visit.checklist.questions.filter(active=True))
        for q in self.questions:
            name = f"q_{q.pk}"
            initial = (visit.answers or {}).get(str(q.pk), "")
            if q.kind == ChecklistQuestion.Kind.YES_NO:
                field = forms.ChoiceField(choices=YES_NO, required=False, widget=forms.RadioSelect)
            elif q.kind == ChecklistQuestion.Kind.SCALE:
                field = forms.ChoiceField(choices=SCALE, required=False)
            else:
                field = forms.CharField(
                    required=False, max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
                )
            field.label = q.text
            field.initial = initial
            self.fields[name] = field
        tags = Tag.objects.filter(Q(network__isnull=True) | Q(network=network)).order_by("code")
        for name, label in (
            ("talents", _("Talents heard")),
            ("dreams", _("Dreams heard")),
            ("needs", _("What they would like help with")),
        ):
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=label, queryset=tags, required=False, widget=forms.CheckboxSelectMultiple
            )
        self.fields["notes"] = forms.CharField(
            label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.fields["worry"] = forms.CharField(
            label=_("A worry to pass on to the coach (optional)"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        from zorgzaam.care.models import Signal
        from zorgzaam.care.services import themes_for

        self.fields["worry_themes"] = forms.ModelMultipleChoiceField(
            label=_("Themes of the worry"),
            queryset=themes_for(network),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["worry_consent"] = forms.ChoiceField(
            label=_("Does the person agree that we pass this on?"),
            # A blank first answer: a list would otherwise pre-select "agrees" (issue 13 item 5).
            choices=[("", _("Choose an answer"))] + list(Signal.ConsentStatus.choices),
            required=False,
        )
        self.fields["worry_consent_reason"] = forms.CharField(
            label=_("Why could it not be asked?"), required=False, max_length=300
        )

    def clean(self):
        d = super().clean()
        if (d.get("worry") or "").strip() and not d.get("worry_consent"):
            self.add_error("worry_consent", _("Say whether the person agrees that we pass it on."))
        return d

    def question_fields(self):
        return [self[f"q_{q.pk}"] for q in self.questions]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        signals = []
        if d.get("worry", "").strip():
            signals.append(
                {
                    "description": d["worry"],
                    "themes": list(d.get("worry_themes") or []),
                    "consent_status": d.get("worry_consent") or "",
                    "consent_reason": d.get("worry_consent_reason", ""),
                }
            )
        visited = d["outcome"] == Visit.Outcome.AT_HOME
        return {
            "outcome": d["outcome"],
            "visited_on": d["visited_on"],
            "answers": {str(q.pk): d.get(f"q_{q.pk}", "") for q in self.questions} if visited else {},
            "notes": d.get("notes", ""),
            "talents": list(d.get("talents") or []) if visited else [],
            "dreams": list(d.get("dreams") or []) if visited else [],
            "needs": list(d.get("needs") or []) if visited else [],
            "signals": signals,
        }


class CircleForm(forms.Form):
    name = forms.CharField(label=_("Name of the circle"), max_length=150)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    coach = PersonPickerField(
        label=_("Coach"),
        scope="staff",
        required=False,
        help_text=_("Hears when someone could not be reached twice in a row."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(network=actor.network).filter(actor.area_q("pk"))
        self.fields["coach"].queryset = services.helpers_for(actor.network).filter(
            roles__role__in=services.STAFF_ROLES, roles__active=True
        )


class MemberForm(forms.Form):
    person = PersonPickerField(label=_("Who is called"))
    caller = PersonPickerField(label=_("Who calls"), scope="helpers")
    frequency = forms.ChoiceField(
        label=_("How often"), choices=CircleMember.Frequency.choices, initial="weekly"
    )
    started_on = forms.DateField(label=_("First call on"), widget=DATE)

    def __init__(self, *args, actor, circle, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(network=actor.network, anonymised_at__isnull=True)
        if circle.area_id:
            people = people.filter(area=circle.area)
        self.fields["person"].queryset = people.order_by("last_name", "first_name")
        self.fields["caller"].queryset = services.helpers_for(actor.network)
        self.fields["started_on"].initial = timezone.localdate()


class CallForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did the call go?"), choices=Call.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (for a worry: what should the coach know?)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)


class QuestionForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=ChecklistQuestion.Theme.choices)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=ChecklistQuestion.Kind.choices)
    text_nl = forms.CharField(label=_("Question in Dutch"), max_length=300)
    text_fr = forms.CharField(label=_("Question in French"), max_length=300, required=False)
    text_en = forms.CharField(label=_("Question in English"), max_length=300, required=False)
    worry_answer = forms.CharField(
        label=_("Answer that suggests a worry"),
        max_length=5,
        required=False,
        help_text=_("For yes/no: yes or no. For a scale: the highest worrying number. Empty: none."),
    )
