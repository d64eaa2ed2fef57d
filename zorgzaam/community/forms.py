from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zorgzaam.community import recurrence as rec
from zorgzaam.community.models import Activity, Invitation, Place
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.models import Person, Role
from zorgzaam.people.picker import PersonMultiPickerField, PersonPicker, PersonPickerField


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
            "runner_person": PersonPicker(scope="helpers"),
        }
        field_classes = {"runner_person": PersonPickerField}

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


REPEAT_FIELDS = [
    "repeat",
    "repeat_weekdays",
    "repeat_interval",
    "repeat_nth",
    "repeat_nth_weekday",
    "repeat_monthday",
    "repeat_end",
    "repeat_until",
    "repeat_count",
]


class ActivityForm(forms.ModelForm):
    # Publishing is an explicit choice (issue 13 item 5): two answers, none chosen for a new activity.
    public = forms.TypedChoiceField(
        label=_("Show it on the public neighbourhood page?"),
        choices=[("True", _("Yes, anyone may see it")), ("False", _("No, only people of the network"))],
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
    )
    # Plain repeat choices; clean() writes the RRULE from them. The rrule field itself stays for
    # the "advanced" choice, and the service validates whatever RRULE results (as for the API).
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=rec.KIND_CHOICES,
        initial=rec.NONE,
        required=False,  # a post without it (a script, an old page) keeps using the raw rule
        widget=forms.RadioSelect,
    )
    repeat_weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=rec.WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the weekday of the first date."),
    )
    repeat_interval = forms.IntegerField(
        label=_("Every how many weeks"), min_value=1, max_value=52, initial=2, required=False
    )
    repeat_nth = forms.TypedChoiceField(
        label=_("Which one in the month"), choices=rec.NTH_CHOICES, coerce=int, required=False
    )
    repeat_nth_weekday = forms.TypedChoiceField(
        label=_("Which weekday"), choices=rec.WEEKDAY_CHOICES, coerce=int, required=False
    )
    repeat_monthday = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=31, required=False
    )
    repeat_end = forms.ChoiceField(
        label=_("Ends"), choices=rec.END_CHOICES, initial=rec.NEVER, required=False, widget=forms.RadioSelect
    )
    repeat_until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    repeat_count = forms.IntegerField(label=_("Number of times"), min_value=1, max_value=1000, required=False)
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
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "organisers": PersonPicker(scope="organisers", multiple=True),
        }
        field_classes = {"organisers": PersonMultiPickerField}

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
        else:
            self.initial.pop("public", None)  # the model's default is not a choice someone made
        self.fields["rrule"].label = _("Advanced: iCalendar repeat rule")
        self.fields["rrule"].help_text = _(
            "Only for the advanced choice, e.g. FREQ=MONTHLY;BYDAY=-1FR for the last Friday of the month."
        )
        self.order_fields(self._meta.fields[:8] + REPEAT_FIELDS + self._meta.fields[8:])
        if self.instance.pk:
            self._initial_repeat()

    def _initial_repeat(self) -> None:
        """Opened on an existing activity: show the plain choice that wrote its rule."""
        r = rec.from_rrule(self.instance.rrule, self.instance.start_date)
        if r is None:
            self.initial["repeat"] = rec.ADVANCED
            return
        self.initial.update(
            {
                "repeat": r.kind,
                "repeat_weekdays": list(r.weekdays),
                "repeat_nth": r.nth,
                "repeat_nth_weekday": r.nth_weekday,
                "repeat_monthday": r.monthday,
                "repeat_end": r.end,
                "repeat_until": r.until,
                "repeat_count": r.count,
            }
        )
        if r.kind == rec.WEEKS:
            self.initial["repeat_interval"] = r.interval

    def clean(self):
        data = super().clean()
        kind = data.get("repeat") or (rec.ADVANCED if data.get("rrule") else rec.NONE)
        if kind == rec.ADVANCED:
            return data
        end = data.get("repeat_end") or rec.NEVER
        needed = {
            "repeat_interval": kind == rec.WEEKS,
            "repeat_nth": kind == rec.MONTHLY_NTH,
            "repeat_nth_weekday": kind == rec.MONTHLY_NTH,
            "repeat_monthday": kind == rec.MONTHLY_DAY,
            "repeat_until": kind != rec.NONE and end == rec.UNTIL,
            "repeat_count": kind != rec.NONE and end == rec.COUNT,
        }
        for name, need in needed.items():
            if need and data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("Fill this in for the repeat you chose."))
        if self.errors:
            return data
        data["rrule"] = rec.to_rrule(
            rec.Repeat(
                kind=kind,
                weekdays=tuple(data.get("repeat_weekdays") or ()),
                interval=data.get("repeat_interval") or 1,
                nth=data.get("repeat_nth") or 1,
                nth_weekday=data.get("repeat_nth_weekday") or 0,
                monthday=data.get("repeat_monthday") or 1,
                end=end,
                until=data.get("repeat_until"),
                count=data.get("repeat_count"),
            )
        )
        return data

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
        data = {k: v for k, v in self.cleaned_data.items() if k not in REPEAT_FIELDS}
        data["exdates"] = data.pop("exdates_text")
        return data


class RegisterPersonForm(forms.Form):
    person = PersonPickerField(label=_("Register this person"))

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

    def __init__(self, *args, network, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(network=network)
        # A filter offers only the areas the actor covers (a professional's own).
        self.fields["area"].queryset = areas.filter(actor.area_q("pk")) if actor is not None else areas


class InviteForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none(), required=False)
    channel = forms.ChoiceField(label=_("How"), choices=Invitation.Channel.choices)
    assigned_to = PersonPickerField(label=_("Volunteer"), scope="volunteers", required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(network=network, active=True)
        self.fields["assigned_to"].queryset = Person.objects.filter(
            network=network, roles__active=True, roles__role=Role.VOLUNTEER
        ).distinct()


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Invitation.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
