from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.reciprocity.models import LedgerSettings


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class TransferForm(forms.Form):
    """Parses the input only. Whom one may name is the service's rule (record_help), the same as for
    the API: the lists only show the people one may name, they do not decide."""

    payer = forms.IntegerField(label=_("Who received help"), widget=forms.Select)
    payee = forms.IntegerField(label=_("Who helped"), widget=forms.Select)
    amount = forms.CharField(label=_("How much"), max_length=12, help_text=_("Hours like 1:30 or 1.5"))
    memo = forms.CharField(label=_("What for"), max_length=300, required=False)

    def __init__(self, *args, payers, payees, fixed_payer=None, fixed_payee=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, people, fixed in (("payer", payers, fixed_payer), ("payee", payees, fixed_payee)):
            field = self.fields[name]
            if fixed is not None:
                field.initial = fixed.pk
                field.widget = forms.HiddenInput()
            else:
                field.widget.choices = [("", "---------")] + [(p.pk, p.full_name) for p in people]


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
        fields = ["mode", "unit_name", "default_min", "default_max", "starting_credit"]
        labels = {
            "starting_credit": _("Starting credit for a new account (minutes or hundredths)"),
            "default_min": _("Lowest balance allowed (minutes or hundredths)"),
            "default_max": _("Highest balance allowed (minutes or hundredths)"),
        }
