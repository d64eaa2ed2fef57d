from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.volunteers.models import Appreciation, Initiative, SafeguardingRecord


class DateInput(forms.DateInput):
    input_type = "date"


class ProfileForm(forms.Form):
    max_active_tasks = forms.IntegerField(
        label=_("Maximum tasks at the same time"), min_value=0, max_value=20
    )
    max_distance_km = forms.FloatField(label=_("How far they want to go (km)"), min_value=0, max_value=100)
    started_on = forms.DateField(label=_("Volunteer since"), required=False, widget=DateInput)


class SafeguardingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SafeguardingRecord.Kind.choices)
    issued_on = forms.DateField(label=_("Date"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class HoursForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    # Text, not a number field: "1,5" and "1:30" are read by services.parse_hours (the one rule).
    hours = forms.CharField(label=_("Hours"), max_length=10, help_text=_("For example 2, 1,5 or 1:30."))
    activity = forms.CharField(label=_("What did you do?"), max_length=200)
    link = forms.CharField(label=_("Link (optional)"), max_length=300, required=False)


class ThankForm(forms.Form):
    message = forms.CharField(
        label=_("What are you thankful for?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppreciationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Appreciation.Kind.choices)
    title = forms.CharField(label=_("What"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class StepForm(forms.Form):
    code = forms.SlugField(label=_("Short code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=150)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=100, initial=10)


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "description", "status", "support_asked"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "support_asked": forms.Textarea(attrs={"rows": 3}),
        }


class SupportForm(forms.Form):
    description = forms.CharField(label=_("Support given"), max_length=500)
    date = forms.DateField(label=_("Date"), widget=DateInput, required=False)
