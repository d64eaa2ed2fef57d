from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from zorgzaam.addresses.normalize import join_box, split_box
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.models import Consent, Language, Person, PersonTag, Role, Tag, VolunteerKind


class PersonForm(forms.ModelForm):
    contact_preferences = forms.MultipleChoiceField(
        label=_("How to reach"),
        choices=Person.Contact.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("Availability"),
        choices=Person.Slot.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    talents = forms.ModelMultipleChoiceField(
        label=_("Talents (what they like to do or know)"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs (what they would like help with)"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dreams = forms.ModelMultipleChoiceField(
        label=_("Dreams"), queryset=Tag.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    box_number = forms.CharField(label=_("Box"), required=False, max_length=10)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "birth_year",
            "phone",
            "email",
            "street",
            "house_number",
            "postcode",
            "municipality",
            "area",
            "latitude",
            "longitude",
            "lives_alone",
            "household_size",
            "capacity",
            "capacity_note",
        ]
        widgets = {
            "lives_alone": forms.NullBooleanSelect,
            # Street names from the address register as the person types (htmx fills the datalist
            # that people/form.html holds); any text is still accepted.
            "street": forms.TextInput(
                attrs={
                    "list": "street-options",
                    "autocomplete": "off",
                    "hx-get": reverse_lazy("addresses:streets"),
                    "hx-trigger": "input changed delay:250ms",
                    "hx-target": "#street-options",
                    "hx-swap": "innerHTML",
                }
            ),
        }
        help_texts = {"street": _("Type a few letters to choose from the address register.")}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        order = list(self.fields)
        order.remove("box_number")
        order.insert(order.index("house_number") + 1, "box_number")
        self.order_fields(order)
        if self.instance.pk and not self.is_bound:
            number, box = split_box(self.instance.house_number)
            self.initial["house_number"], self.initial["box_number"] = number, box
        self.fields["area"].queryset = Area.objects.filter(network=network)
        tags = Tag.objects.filter(network__isnull=True) | Tag.objects.filter(network=network)
        for name in ("talents", "needs", "dreams"):
            self.fields[name].queryset = tags
        if self.instance.pk:
            self.fields["languages"].initial = list(self.instance.languages.all())
            current = list(self.instance.tags.all())
            self.fields["talents"].initial = [t.tag_id for t in current if t.kind == PersonTag.Kind.TALENT]
            self.fields["needs"].initial = [t.tag_id for t in current if t.kind == PersonTag.Kind.NEED]
            self.fields["dreams"].initial = [t.tag_id for t in current if t.kind == PersonTag.Kind.DREAM]
            self.fields["contact_preferences"].initial = self.instance.contact_preferences
            self.fields["availability"].initial = self.instance.availability

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["house_number"] = join_box(data["house_number"], self.cleaned_data["box_number"])
        data["contact_preferences"] = list(self.cleaned_data["contact_preferences"])
        data["availability"] = list(self.cleaned_data["availability"])
        notes = {}
        if self.instance.pk:
            notes = {(t.tag_id, t.kind): t.note for t in self.instance.tags.all()}
        tags = []
        for field, kind in (("talents", "talent"), ("needs", "need"), ("dreams", "dream")):
            tags += [(t, kind, notes.get((t.pk, kind), "")) for t in self.cleaned_data[field]]
        return {"languages": list(self.cleaned_data["languages"]), "tags": tags, **data}


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices, widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation (only for sharing)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Given")), ("0", _("Refused or withdrawn"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=_("How was it given?"), choices=Consent.Channel.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(network=network)


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or street"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    talent = forms.ModelChoiceField(label=_("Talent"), queryset=Tag.objects.none(), required=False)
    need = forms.ModelChoiceField(label=_("Need"), queryset=Tag.objects.none(), required=False)
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.all(), required=False, to_field_name="code"
    )

    def __init__(self, *args, network, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(network=network)
        # The filter offers only the areas the actor covers (a professional's own).
        self.fields["area"].queryset = areas.filter(actor.area_q("pk")) if actor is not None else areas
        tags = Tag.objects.filter(network__isnull=True) | Tag.objects.filter(network=network)
        self.fields["talent"].queryset = tags
        self.fields["need"].queryset = tags


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[])
    area = forms.ModelChoiceField(
        label=_("Area (empty: the whole network)"), queryset=Area.objects.none(), required=False
    )
    volunteer_kind = forms.ModelChoiceField(label=_("Kind of volunteer"), queryset=None, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (for partner staff)"), queryset=Organisation.objects.none(), required=False
    )
    may_assist = forms.BooleanField(label=_("May act on behalf of residents"), required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        self.fields["area"].queryset = Area.objects.filter(network=network)
        self.fields["volunteer_kind"].queryset = VolunteerKind.objects.filter(network__isnull=True) | (
            VolunteerKind.objects.filter(network=network)
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(network=network)
