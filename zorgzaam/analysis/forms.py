from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.analysis.models import HospiscoreComponent, Observation, Question, Theme


class DateInput(forms.DateInput):
    input_type = "date"


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = [
            "kind",
            "theme",
            "text",
            "area",
            "sector_code",
            "place",
            "observed_on",
            "source",
            "shareable",
        ]
        widgets = {"observed_on": DateInput, "text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "text": _(
                "Describe what you saw or heard about the neighbourhood. Do not write names, addresses or "
                "anything else that shows who a resident is."
            ),
            "kind": _("Also note what is good: places, people's talents, what works."),
        }

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ObservationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *Theme.choices], required=False)
    kind = forms.ChoiceField(
        label=_("Strength or need"), choices=[("", "—"), *Observation.Kind.choices], required=False
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    allow_anonymous = forms.BooleanField(
        label=_("Allow anonymous answers with a one-time code"), required=False, initial=True
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only for questions with choices."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False)


class TokenForm(forms.Form):
    count = forms.IntegerField(label=_("Number of one-time codes"), min_value=1, max_value=500, initial=20)


class SnapshotForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=200)
    taken_on = forms.DateField(label=_("Date"), widget=DateInput, required=False)


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say which assumptions this profile makes."),
    )


class ComponentForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"), choices=())
    direction = forms.TypedChoiceField(
        label=_("Direction"), coerce=int, choices=[(1, _("more is better")), (-1, _("less is better"))]
    )
    weight = forms.FloatField(label=_("Weight"), min_value=0.01, max_value=100, initial=1)
    normalisation = forms.ChoiceField(
        label=_("Normalisation"), choices=HospiscoreComponent.Normalisation.choices
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = options


def answer_form_class(survey, areas=None, ask_area=False, ask_token=False):
    """A form built from the survey's questions, field name q<id>."""
    fields = {}
    if ask_token:
        fields["token"] = forms.CharField(label=_("Your one-time code"), max_length=40)
    if ask_area and areas is not None:
        fields["area"] = forms.ModelChoiceField(label=_("Your neighbourhood"), queryset=areas, required=False)
    for q in survey.questions.all():
        name = f"q{q.pk}"
        if q.kind == Question.Kind.LIKERT:
            fields[name] = forms.TypedChoiceField(
                label=q.text,
                coerce=int,
                choices=[(i, str(i)) for i in range(1, 6)],
                widget=forms.RadioSelect,
                required=q.required,
                help_text=_("1 = not at all, 5 = very much"),
            )
        elif q.kind == Question.Kind.SINGLE:
            fields[name] = forms.ChoiceField(
                label=q.text,
                choices=[(c, c) for c in q.choices],
                widget=forms.RadioSelect,
                required=q.required,
            )
        elif q.kind == Question.Kind.MULTIPLE:
            fields[name] = forms.MultipleChoiceField(
                label=q.text,
                choices=[(c, c) for c in q.choices],
                widget=forms.CheckboxSelectMultiple,
                required=q.required,
            )
        else:
            fields[name] = forms.CharField(
                label=q.text, widget=forms.Textarea(attrs={"rows": 3}), required=q.required, max_length=2000
            )
    return type("AnswerForm", (forms.Form,), fields)


def answers_from(form) -> dict:
    return {int(k[1:]): v for k, v in form.cleaned_data.items() if k.startswith("q") and k[1:].isdigit()}
