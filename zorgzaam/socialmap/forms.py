from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.organisations.services import EDITABLE as ORGANISATION_FIELDS
from zorgzaam.people.models import Language
from zorgzaam.socialmap.models import Category, Service, ServiceSchedule, TargetGroup
from zorgzaam.socialmap.services import SERVICE_FIELDS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=_("Help with"), queryset=Category.objects.all(), required=False, empty_label=_("All")
    )
    target_group = forms.ModelChoiceField(
        label=_("For"), queryset=TargetGroup.objects.all(), required=False, empty_label=_("Everyone")
    )
    area = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Area.objects.none(), required=False, empty_label=_("All")
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.all(),
        required=False,
        empty_label=_("Any"),
        to_field_name="code",
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=list(Service.ACCESSIBILITY.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(network=network)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d.get("q", ""),
            "category": d.get("category"),
            "target_group": d.get("target_group"),
            "area": d.get("area"),
            "language": d.get("language"),
            "accessibility": d.get("accessibility") or (),
            "open_now": d.get("open_now") or False,
        }


class ServiceForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Service
        fields = [*SERVICE_FIELDS, "categories", "target_groups", "areas", "languages"]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(network=network)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        out = {f: d[f] for f in SERVICE_FIELDS if f in d}
        for m2m in ("categories", "target_groups", "areas", "languages"):
            out[m2m] = list(d[m2m])
        return out


class ScheduleForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=[("", "—"), *ServiceSchedule.Weekday.choices], coerce=int, required=False
    )
    opens_at = forms.TimeField(
        label=_("Opens at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label=_("Closes at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        d = super().clean()
        filled = [
            d.get("weekday") not in (None, ""),
            d.get("opens_at") is not None,
            d.get("closes_at") is not None,
        ]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Fill in the day, the opening time and the closing time."))
        if all(filled) and d["opens_at"] >= d["closes_at"]:
            raise forms.ValidationError(_("The closing time must be after the opening time."))
        return d


ScheduleFormSet = formset_factory(ScheduleForm, extra=3)


def schedules_from(formset) -> list[tuple]:
    return [
        (f.cleaned_data["weekday"], f.cleaned_data["opens_at"], f.cleaned_data["closes_at"])
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("weekday") not in (None, "")
    ]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ClaimForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you ask? (for example: I work there and answer the phone)"),
        required=False,
        max_length=300,
    )


class ReportForm(forms.Form):
    what_is_wrong = forms.CharField(
        label=_("What is wrong or out of date?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Open Referral file"),
        help_text=_("A JSON file (HSDS 3) or a ZIP file with CSV tables (HSDS 2)."),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = f.name.lower()
        if not (name.endswith(".json") or name.endswith(".zip")):
            raise forms.ValidationError(_("Choose a .json or .zip file."))
        return f  # its size is checked by the import service, the same as for the API

    def fmt(self) -> str:
        return "json" if self.cleaned_data["file"].name.lower().endswith(".json") else "zip"
