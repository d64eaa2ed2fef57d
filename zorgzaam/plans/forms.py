from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.analysis.models import Observation, Snapshot
from zorgzaam.plans.models import Action, Indicator
from zorgzaam.plans.services import vvsg_choices


class DateInput(forms.DateInput):
    input_type = "date"


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    ends_on = forms.DateField(label=_("End"), widget=DateInput)
    template = forms.ChoiceField(
        label=_("Start from"),
        choices=[("wwz_plan_matrix", _("The 004 matrix: 4 domains x 5 goals")), ("", _("An empty plan"))],
        required=False,
    )


class DomainForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Strategic domain"), max_length=200)


class TrackForm(forms.Form):
    name = forms.CharField(label=_("Operational goal"), max_length=200)


class GoalForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("Strategic domain"), queryset=None)
    track = forms.ModelChoiceField(label=_("Operational goal"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Goal"), max_length=300, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = plan.domains.all()
        self.fields["track"].queryset = plan.tracks.all()


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals this action serves"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    vvsg_functions = forms.MultipleChoiceField(
        label=_("VVSG functions"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    observations = forms.ModelMultipleChoiceField(
        label=_("Findings from the analysis"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    snapshot = forms.ModelChoiceField(label=_("Snapshot"), queryset=None, required=False)
    snapshot_item = forms.CharField(label=_("Finding in the snapshot"), max_length=200, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = plan.goals.select_related("domain", "track")
        self.fields["goals"].label_from_instance = lambda g: (
            f"{g.code} · {g.domain.name} × {g.track.name} {g.title}"
        )
        self.fields["vvsg_functions"].choices = vvsg_choices()
        self.fields["observations"].queryset = Observation.objects.filter(network=plan.network_id)
        self.fields["snapshot"].queryset = Snapshot.objects.filter(network=plan.network_id)


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Indicator.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.FloatField(label=_("Starting value"), initial=0)
    target = forms.FloatField(label=_("Target value"))
    domain = forms.ModelChoiceField(label=_("Strategic domain (impact)"), queryset=None, required=False)
    goal = forms.ModelChoiceField(label=_("Goal (impact)"), queryset=None, required=False)
    action = forms.ModelChoiceField(label=_("Action (effort or process)"), queryset=None, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = plan.domains.all()
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["action"].queryset = plan.actions.all()


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Date"), widget=DateInput)
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
