from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zorgzaam.community.models import Activity, Invitation, Place
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.models import Person, Role


class PlaceForm(forms.ModelForm):
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=Place.Feature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    route = forms.CharField(
        label=_("Route stops"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a mobile place, one stop per line: time; stop; latitude; longitude. E.g. 10:00; Kerkplein"
        ),
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "mobile",
            "description",
            "area",
            "address",
            "latitude",
            "longitude",
            "owner_organisation",
            "runner_organisation",
            "runner_person",
            "accessibility",
            "opening_hours",
            "schedule",
            "phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(network=network)
        orgs = Organisation.objects.filter(network=network)
        self.fields["owner_organisation"].queryset = orgs
        self.fields["runner_organisation"].queryset = orgs
        # Runners are staff or volunteers, not every resident: keeps the list short and non-personal.
        self.fields["runner_person"].queryset = Person.objects.filter(
            network=network,
            roles__active=True,
            roles__role__in=[Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER],
        ).distinct()

    def service_kwargs(self) -> dict:
        from zorgzaam.community.services import parse_route

        data = {k: v for k, v in self.cleaned_data.items() if k != "route"}
        data["route"] = parse_route(self.cleaned_data.get("route") or "")
        return data


class ActivityForm(forms.ModelForm):
    exdates_text = forms.CharField(
        label=_("Dates skipped"),
        required=False,
        help_text=_("One date per line, e.g. 2026-12-25."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "place",
            "area",
            "organisers",
            "start_date",
            "start_time",
            "duration_minutes",
            "rrule",
            "capacity",
            "price",
            "public",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(network=network, active=True)
        self.fields["area"].queryset = Area.objects.filter(network=network)
        self.fields["organisers"].queryset = Person.objects.filter(
            network=network,
            roles__active=True,
            roles__role__in=[Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER, Role.PARTNER],
        ).distinct()
        if self.instance.pk:
            self.fields["exdates_text"].initial = "\n".join(self.instance.exdates or [])

    def clean_exdates_text(self):
        import datetime as dt

        out = []
        for line in (self.cleaned_data.get("exdates_text") or "").split():
            try:
                out.append(dt.date.fromisoformat(line).isoformat())
            except ValueError:
                raise ValidationError(_("Write skipped dates as YYYY-MM-DD.")) from None
        return out

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["exdates"] = data.pop("exdates_text")
        return data


class RegisterPersonForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Register this person"), queryset=Person.objects.none())

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class HeadCountForm(forms.Form):
    head_count = forms.IntegerField(
        label=_("People present without a name"), min_value=0, max_value=10000, required=False
    )


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How was it?"),
        coerce=int,
        # The faces are the scale people know from paper forms; the words keep it clear for screen readers.
        choices=[
            (1, format_lazy("☹️ {}", _("1 · Not good"))),
            (2, format_lazy("🙁 {}", _("2 · Not so good"))),
            (3, format_lazy("😐 {}", _("3 · Okay"))),
            (4, format_lazy("🙂 {}", _("4 · Good"))),
            (5, format_lazy("😀 {}", _("5 · Very good"))),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class CandidateForm(forms.Form):
    min_age = forms.IntegerField(
        label=_("Aged at least"), min_value=0, max_value=120, initial=75, required=False
    )
    lives_alone = forms.BooleanField(label=_("Lives alone"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    months = forms.IntegerField(label=_("Not seen for (months)"), min_value=1, max_value=36, initial=6)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(network=network)


class InviteForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none(), required=False)
    channel = forms.ChoiceField(label=_("How"), choices=Invitation.Channel.choices)
    assigned_to = forms.ModelChoiceField(label=_("Volunteer"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(network=network, active=True)
        self.fields["assigned_to"].queryset = Person.objects.filter(
            network=network, roles__active=True, roles__role=Role.VOLUNTEER
        ).distinct()


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Invitation.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
