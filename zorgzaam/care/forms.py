from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgzaam.care import services
from zorgzaam.care.models import Match, Referral, Request, Signal, Urgency
from zorgzaam.care.worry import PUBLIC_SOURCES
from zorgzaam.networks.models import Area
from zorgzaam.people.models import Person, Role, Tag
from zorgzaam.people.picker import PersonPickerField
from zorgzaam.people.services import visible_persons
from zorgzaam.socialmap.models import Service


def _themes(network):
    return services.themes_for(network)


def _needs(network):
    return Tag.objects.filter(Q(network__isnull=True) | Q(network=network))


def _areas(network, actor=None):
    """Areas for a filter: with an actor, only those the actor covers (a professional's own)."""
    areas = Area.objects.filter(network=network)
    return areas.filter(actor.area_q("pk")) if actor is not None else areas


def _staff(network):
    return (
        Person.objects.filter(
            network=network,
            roles__active=True,
            roles__role__in=services.STAFF_ROLES,
            anonymised_at__isnull=True,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


class SignalForm(forms.Form):
    person = PersonPickerField(
        label=_("Who is it about (if known)"),
        required=False,
        help_text=_("Leave empty when you do not know the name; give an address or description instead."),
    )
    address_text = forms.CharField(label=_("Address"), max_length=250, required=False)
    description_of_person = forms.CharField(
        label=_("Description of the person"), max_length=300, required=False
    )
    description = forms.CharField(label=_("What did you notice?"), widget=forms.Textarea(attrs={"rows": 4}))
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(
        label=_("How urgent?"), choices=Urgency.choices, initial=Urgency.NORMAL, widget=forms.RadioSelect
    )
    source = forms.ChoiceField(label=_("Who noticed it?"), choices=Signal.Source.choices)
    consent_status = forms.ChoiceField(
        label=_("Does the person agree that we follow this up?"),
        choices=Signal.ConsentStatus.choices,
        widget=forms.RadioSelect,  # never pre-selected: the answer is the person's (issue 13 item 5)
    )
    consent_reason = forms.CharField(
        label=_("If it could not be asked: why?"), max_length=300, required=False
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        net = actor.network
        self.fields["themes"].queryset = _themes(net)
        self.fields["area"].queryset = Area.objects.filter(network=net)
        if services.is_staff(actor):
            self.fields["person"].queryset = visible_persons(actor).filter(anonymised_at__isnull=True)
        else:
            # Volunteers and partners do not browse the register: they describe who it is about.
            del self.fields["person"]
            if actor.has_role(Role.PARTNER, Role.VOLUNTEER):
                self.fields["source"].initial = (
                    Signal.Source.PARTNER if actor.has_role(Role.PARTNER) else Signal.Source.VOLUNTEER
                )
            else:  # a resident: a neighbour, a shopkeeper or the person themselves
                self.fields["source"].choices = [(s.value, s.label) for s in PUBLIC_SOURCES]

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["themes"] = list(d.get("themes") or [])
        return d


class RequestForm(forms.Form):
    person = PersonPickerField(label=_("Resident"))
    description = forms.CharField(label=_("What is the question?"), widget=forms.Textarea(attrs={"rows": 4}))
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("Kind of help"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs_screened_helper = forms.BooleanField(label=_("Help inside the home"), required=False)
    urgency = forms.ChoiceField(label=_("How urgent?"), choices=Urgency.choices, initial=Urgency.NORMAL)
    origin = forms.ChoiceField(
        label=_("How did it come in?"),
        choices=[
            (Request.Origin.PHONE, Request.Origin.PHONE.label),
            (Request.Origin.DESK, Request.Origin.DESK.label),
        ],
    )
    owner = PersonPickerField(label=_("Followed up by"), scope="staff", required=False)

    def __init__(self, *args, actor, with_person=True, **kwargs):
        super().__init__(*args, **kwargs)
        net = actor.network
        self.fields["themes"].queryset = _themes(net)
        self.fields["needs"].queryset = _needs(net)
        self.fields["owner"].queryset = _staff(net)
        if with_person:
            self.fields["person"].queryset = visible_persons(actor).filter(anonymised_at__isnull=True)
        else:
            del self.fields["person"]
            del self.fields["origin"]

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["themes"] = list(d.get("themes") or [])
        d["needs"] = list(d.get("needs") or [])
        return d


class AskForm(forms.Form):
    """A resident asking online for themselves: plain words, few fields."""

    description = forms.CharField(
        label=_("What would you like help with?"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("What is it about?"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(actor.network)


class FromSignalForm(forms.Form):
    person = PersonPickerField(label=_("Resident"))
    owner = PersonPickerField(label=_("Followed up by"), scope="staff", required=False)
    needs = forms.ModelMultipleChoiceField(
        label=_("Kind of help"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs_screened_helper = forms.BooleanField(label=_("Help inside the home"), required=False)

    def __init__(self, *args, actor, signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = visible_persons(actor).filter(anonymised_at__isnull=True)
        self.fields["person"].initial = signal.person_id or signal.suggested_person_id
        self.fields["owner"].queryset = _staff(actor.network)
        self.fields["owner"].initial = getattr(actor.person, "pk", None)
        self.fields["needs"].queryset = _needs(actor.network)


class TriageForm(forms.Form):
    owner = PersonPickerField(label=_("Followed up by"), scope="staff", required=False)
    needs = forms.ModelMultipleChoiceField(
        label=_("Kind of help"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs_screened_helper = forms.BooleanField(label=_("Help inside the home"), required=False)
    urgency = forms.ChoiceField(label=_("How urgent?"), choices=Urgency.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, actor, req, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff(actor.network)
        self.fields["owner"].initial = req.owner_id or getattr(actor.person, "pk", None)
        self.fields["needs"].queryset = _needs(actor.network)
        self.fields["needs"].initial = [t.pk for t in req.needs.all()]
        self.fields["needs_screened_helper"].initial = req.needs_screened_helper
        self.fields["urgency"].initial = req.urgency


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it end?"), choices=Request.Outcome.choices, widget=forms.RadioSelect
    )
    outcome_note = forms.CharField(
        label=_("How it went"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    resident_verdict = forms.TypedChoiceField(
        label=_("What does the resident think?"),
        choices=[("", _("Not asked"))] + list(Request.Verdict.choices),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    resident_verdict_note = forms.CharField(
        label=_("In the resident's own words"), max_length=500, required=False
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=None)
    message = forms.CharField(label=_("Message to the partner"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            organisation__network=actor.network, active=True, accepts_referrals=True
        ).select_related("organisation")


class PartnerResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Referral.Status.ACCEPTED, _("We take it up")),
            (Referral.Status.INFO_REQUESTED, _("We need more information")),
            (Referral.Status.DECLINED, _("We cannot take it up")),
            (Referral.Status.CLOSED, _("Finished (give the outcome)")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)


class ReferralAnswerForm(forms.Form):
    """The referring professional answers a question or closes the referral."""

    status = forms.ChoiceField(
        label=_("What do you do?"),
        choices=[
            (Referral.Status.SENT, _("Send the information")),
            (Referral.Status.CLOSED, _("Close the referral")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)


class PolicyTagForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Bottleneck about"), queryset=None, required=False, help_text=_("Empty: remove the tag.")
    )
    note = forms.CharField(label=_("Bottleneck in a few words"), max_length=300, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _themes(actor.network)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did it go?"), choices=Match.Rating.choices, coerce=int, widget=forms.RadioSelect
    )
    feedback = forms.CharField(label=_("Anything to add?"), max_length=500, required=False)


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Why? (optional)"), max_length=500, required=False)


class HelperStepForm(forms.Form):
    """A step staff record for an offline helper; the buttons carry the step."""

    note = forms.CharField(
        label=_("What did they say? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rating = forms.TypedChoiceField(
        label=_("How did it go for them?"),
        choices=Match.Rating.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(label=_("In their own words"), max_length=500, required=False)


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Signal.Status.choices), required=False
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=[("", _("All"))] + list(Urgency.choices), required=False
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, network, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas(network, actor)


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("open", _("Open")), ("", _("All"))] + list(Request.Status.choices),
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All")
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, required=False, empty_label=_("All"))
    q = forms.CharField(label=_("Name"), required=False)

    def __init__(self, *args, network, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas(network, actor)
        self.fields["theme"].queryset = _themes(network)


class AreaForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())

    def __init__(self, *args, network, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas(network, actor)


class SettingsForm(forms.Form):
    reminder_days = forms.IntegerField(
        label=_("Remind the follower after this many days without news"), min_value=1, max_value=90
    )
    helper_grace_days = forms.IntegerField(
        label=_("A helper still sees a finished task for this many days"),
        help_text=_("So they can give feedback. Declined or cancelled tasks close at once."),
        min_value=0,
        max_value=30,
        required=False,
    )


class OpenToVolunteersForm(forms.Form):
    """Staff open a request for volunteers to pick (care/open_tasks.py): an explicit yes or no."""

    open_to_volunteers = forms.TypedChoiceField(
        label=_("May screened volunteers pick this task themselves?"),
        choices=[("yes", _("Yes, open it for volunteers")), ("no", _("No, staff propose a helper"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
