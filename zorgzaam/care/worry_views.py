"""The public worry form of a network ("zorgzame buur meldt"), without an account. Thin: the rules
(sources, throttling, storing as a signal) are in care/worry.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.care import worry
from zorgzaam.care.models import Signal
from zorgzaam.core.forms import apply_errors
from zorgzaam.core.middleware import client_ip
from zorgzaam.networks.models import Area, Network


class WorryForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("What worries you?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    description_of_person = forms.CharField(
        label=gettext_lazy("Who is it about? (a name or a description)"), max_length=300, required=False
    )
    address_text = forms.CharField(label=gettext_lazy("Address or street"), max_length=250, required=False)
    area = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"), queryset=Area.objects.none(), required=False
    )
    source = forms.ChoiceField(
        label=gettext_lazy("You are"),
        choices=[(s.value, s.label) for s in worry.PUBLIC_SOURCES],
        widget=forms.RadioSelect,
    )
    consent_status = forms.ChoiceField(
        label=gettext_lazy("Does the person know and agree that you tell us?"),
        choices=Signal.ConsentStatus.choices,
        widget=forms.RadioSelect,
    )
    consent_reason = forms.CharField(
        label=gettext_lazy("If you could not ask: why?"), max_length=300, required=False
    )
    # A field people do not see (hidden with CSS and from screen readers); robots fill it in.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(network=network)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


def _network(slug) -> Network:
    return get_object_or_404(Network, slug=slug)


def worry_form(request, network):
    net = _network(network)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > worry.MAX_BODY_BYTES:
            return HttpResponse(_("This message is too long."), status=413)
    form = WorryForm(request.POST or None, network=net)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("website"):
            return redirect("care:worry_thanks", network=net.slug)  # a robot: thanked, nothing stored
        try:
            worry.raise_worry(net, ip=client_ip(request), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("care:worry_thanks", network=net.slug)
    status = 429 if form.is_bound and form.non_field_errors() else 200
    return render(request, "care/worry_form.html", {"form": form, "network": net}, status=status)


def worry_thanks(request, network):
    return render(request, "care/worry_thanks.html", {"network": _network(network)})
