from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from zorgzaam.audit import kinds

# Kind prefixes that are not an app label, and the app that records them.
_PREFIX_APP = {
    "person": "people",
    "role": "people",
    "assist": "people",
    "consent": "people",
    "auth": "accounts",
    "area": "networks",
    "network": "networks",
    "organisation": "organisations",
}


def _domain(kind: str) -> str:
    prefix = kind.split(".", 1)[0]
    label = _PREFIX_APP.get(prefix, prefix)
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return prefix


def grouped_kind_choices() -> list:
    """Event kinds grouped by the domain (app) that records them, both in the reader's language and
    sorted, so that a coordinator finds "Request handed over" under Care pathway."""
    groups: dict[str, list] = {}
    for kind, label in kinds.KINDS.items():
        groups.setdefault(_domain(kind), []).append((kind, str(label)))
    choices: list = [("", _("All"))]
    for domain in sorted(groups):
        choices.append((domain, sorted(groups[domain], key=lambda kv: kv[1])))
    return choices


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    subject = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = grouped_kind_choices()
