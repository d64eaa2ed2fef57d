"""Pages for merging two records of one person (the rules are in people.merge)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.core.forms import apply_errors
from zorgzaam.core.permissions import require
from zorgzaam.people import merge, services
from zorgzaam.people.models import Person

GROUP_LABELS = {
    "name": gettext_lazy("Name"),
    "birth_year": gettext_lazy("Birth year"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "address": gettext_lazy("Address"),
    "contact_preferences": gettext_lazy("How to reach"),
    "household": gettext_lazy("Household"),
    "capacity": gettext_lazy("What they can take on"),
    "availability": gettext_lazy("Availability"),
}
LOGIN_CHOICES = [
    ("survivor", gettext_lazy("This record's login")),
    ("duplicate", gettext_lazy("The other's login")),
]


def _shown(person, code: str) -> str:
    if code == "address":
        return ", ".join(p for p in (person.address, str(person.area or "")) if p) or "—"
    values = []
    for name in merge.CHOICES[code]:
        value = getattr(person, f"get_{name}_display", lambda n=name: getattr(person, n))()
        if isinstance(value, list):  # codes of contact ways or time slots: their labels
            labels = dict(Person.Contact.choices if name == "contact_preferences" else Person.Slot.choices)
            value = ", ".join(str(labels.get(v, v)) for v in value)
        if value not in (None, ""):
            values.append(str(value))
    return " · ".join(values) or "—"


class MergeForm(forms.Form):
    """One radio per differing field group (the survivor's value is preselected: nothing changes
    unless chosen); the login choice has no default, because it decides who can still log in."""

    def __init__(self, *args, survivor, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        for code in merge.differing(survivor, duplicate):
            self.fields[code] = forms.ChoiceField(
                label=GROUP_LABELS[code],
                choices=[("survivor", _shown(survivor, code)), ("duplicate", _shown(duplicate, code))],
                initial="survivor",
                widget=forms.RadioSelect,
            )
        if survivor.user_id and duplicate.user_id:
            self.fields["keep_login"] = forms.ChoiceField(
                label=gettext_lazy("Both have a login: which one stays?"),
                choices=LOGIN_CHOICES,
                widget=forms.RadioSelect,
            )
        self.fields["confirm"] = forms.BooleanField(
            label=gettext_lazy("Yes, merge: the other record is emptied and leads here from now on")
        )


def _search(actor, pk: int, q: str):
    if not q:
        return []
    return list(services.search_persons(actor, q=q[:200]).exclude(pk=pk)[:20])


@login_required
def person_merge(request, pk):
    actor = request.actor
    require(actor.is_coordinator())
    other = request.POST.get("other") or request.GET.get("other")
    if not other:
        survivor = services.get_person(actor, pk, log_view=False)
        q = request.GET.get("q", "").strip()
        return render(
            request, "people/merge_pick.html", {"person": survivor, "q": q, "results": _search(actor, pk, q)}
        )
    try:
        survivor, duplicate = merge.merge_pair(actor, pk, other)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:merge", pk=pk)
    form = MergeForm(request.POST or None, survivor=survivor, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {code: data[code] for code in merge.CHOICES if code in data}
        try:
            merge.merge_persons(actor, survivor, duplicate, values=values, keep_login=data.get("keep_login"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The two records are merged into this one."))
            return redirect("people:detail", pk=survivor.pk)
    return render(request, "people/merge.html", {"person": survivor, "other": duplicate, "form": form})


def likely_duplicates_panel(request, person):
    """On a coordinator's person page: the records that look like this one (the same rule as the
    warning when a person is entered), each with a way to merge it into this one."""
    from zorgzaam.people.duplicates import Identity, find_candidates

    actor = request.actor
    if not actor.is_coordinator() or person.anonymised_at:
        return None
    identity = Identity(person.first_name, person.last_name, person.birth_year, person.street)
    candidates = find_candidates(services.visible_persons(actor), identity, exclude_id=person.pk)
    return {"person": person, "candidates": candidates} if candidates else None
