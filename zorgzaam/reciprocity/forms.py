from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zorgzaam.people.models import Person
from zorgzaam.people.picker import PersonIdField, PersonPickerField
from zorgzaam.people.picking import register_scope
from zorgzaam.reciprocity import selectors
from zorgzaam.reciprocity.models import LedgerSettings

# The lists of whom one may name (reciprocity.selectors) are also what the picker searches.
register_scope("reciprocity.staff", selectors.people_staff_may_name)
register_scope("reciprocity.helped", selectors.people_helper_may_name)
register_scope("reciprocity.helpers", selectors.helpers_person_may_name)


class TransferForm(forms.Form):
    """Parses the input only. Whom one may name is the service's rule (record_help), the same as for
    the API: the lists only show the people one may name, they do not decide."""

    payer = PersonIdField(label=_("Who received help"))
    payee = PersonIdField(label=_("Who helped"))
    amount = forms.CharField(label=_("How much"), max_length=12, help_text=_("Hours like 1:30 or 1.5"))
    memo = forms.CharField(label=_("What for"), max_length=300, required=False)

    def __init__(self, *args, payers, payees, fixed_payer=None, fixed_payee=None, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, people, fixed in (("payer", payers, fixed_payer), ("payee", payees, fixed_payee)):
            field = self.fields[name]
            if fixed is not None:
                self.fields[name] = forms.IntegerField(
                    label=field.label, initial=fixed.pk, widget=forms.HiddenInput
                )
            else:
                field.queryset = people if isinstance(people, QuerySet) else Person.objects.none()
                field.widget.scope = scope or "reciprocity.staff"


class PoolForm(forms.Form):
    payee = PersonPickerField(label=_("For whom"))
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
