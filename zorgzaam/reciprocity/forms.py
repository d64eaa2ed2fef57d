from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.reciprocity.models import LedgerSettings


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class TransferForm(forms.Form):
    payer = PersonChoiceField(queryset=None, label=_("Who received help"))
    payee = PersonChoiceField(queryset=None, label=_("Who helped"))
    amount = forms.CharField(label=_("How much"), max_length=12, help_text=_("Hours like 1:30 or 1.5"))
    memo = forms.CharField(label=_("What for"), max_length=300, required=False)

    def __init__(self, *args, payers, payees, fixed_payer=None, fixed_payee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = payers
        self.fields["payee"].queryset = payees
        for name, fixed in (("payer", fixed_payer), ("payee", fixed_payee)):
            if fixed is not None:
                self.fields[name].initial = fixed.pk
                self.fields[name].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("payer") and data.get("payer") == data.get("payee"):
            self.add_error("payee", _("Choose two different people."))
        return data


class PoolForm(forms.Form):
    payee = PersonChoiceField(queryset=None, label=_("For whom"))
    amount = forms.CharField(label=_("How much"), max_length=12)
    memo = forms.CharField(label=_("Why"), max_length=300, required=False)

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payee"].queryset = persons


class SettingsForm(forms.ModelForm):
    class Meta:
        model = LedgerSettings
        fields = ["mode", "unit_name", "default_min", "default_max"]
        labels = {
            "default_min": _("Lowest balance allowed (minutes or hundredths)"),
            "default_max": _("Highest balance allowed (minutes or hundredths)"),
        }
