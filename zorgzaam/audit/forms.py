from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.audit import kinds


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    subject = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + sorted(
            ((k, str(v)) for k, v in kinds.KINDS.items()), key=lambda kv: kv[1]
        )
