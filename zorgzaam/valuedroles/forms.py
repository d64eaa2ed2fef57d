from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.models import Person, Tag
from zorgzaam.people.picker import PersonPickerField
from zorgzaam.valuedroles.services import component_choices


class DateInput(forms.DateInput):
    input_type = "date"


class RoleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    talents = forms.ModelMultipleChoiceField(
        label=_("Talents that fit"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    components = forms.MultipleChoiceField(
        label=_("Day-activity components"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    required_capacity = forms.TypedChoiceField(
        label=_("What it asks (draagkracht)"), choices=Person.Capacity.choices, coerce=int, initial=1
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=0, max_value=60, decimal_places=1, initial=2
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    availability = forms.MultipleChoiceField(
        label=_("When"), choices=Person.Slot.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("Open for new people"), required=False, initial=True)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        self.fields["talents"].queryset = Tag.objects.filter(
            Q(network__isnull=True) | Q(network=network)
        ).filter(domain__in=["head", "hands", "heart"])
        self.fields["components"].choices = component_choices()
        self.fields["organisation"].queryset = Organisation.objects.filter(network=network)
        self.fields["area"].queryset = Area.objects.filter(network=network)


class AssignForm(forms.Form):
    person = PersonPickerField(label=_("Person"))
    start_on = forms.DateField(label=_("Start"), widget=DateInput, required=False)
    review_on = forms.DateField(label=_("Review date"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
