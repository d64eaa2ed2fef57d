"""The one person picker: a search-as-you-type field wherever a person is chosen, never a <select>.

The text input searches (htmx, `people:pick`), the chosen ids travel in hidden inputs named after
the field. Without JavaScript the text itself is submitted as `<name>_q`: an id, or words that match
exactly one person of the field's queryset. Either way the field accepts only people of the
queryset the form gives it (the same restricted queryset as before), so the picker never widens
who may be chosen."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zorgzaam.people.models import Person

SUFFIX = "_q"


class Typed(str):
    """Text typed in the search box and submitted without choosing (no JavaScript)."""


def person_label(p: Person) -> str:
    """Enough to tell two "Youssef Maes" apart: name, birth year, street, area, id."""
    parts = [p.full_name]
    if p.birth_year:
        parts.append(str(p.birth_year))
    street = f"{p.street} {p.house_number}".strip()
    if street:
        parts.append(street)
    if p.area_id:
        parts.append(str(p.area))
    parts.append(f"#{p.pk}")
    return " · ".join(parts)


class PersonPicker(forms.Widget):
    template_name = "people/widgets/person_picker.html"

    def __init__(self, attrs=None, *, scope: str = "visible", multiple: bool = False):
        super().__init__(attrs)
        self.scope = scope
        self.multiple = multiple
        self.choices = ()  # set by the field; only its queryset is used, never iterated

    def value_from_datadict(self, data, files, name):
        ids = [v for v in (data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]) if v]
        text = (data.get(name + SUFFIX) or "").strip()
        if self.multiple:
            return ids + ([Typed(text)] if text else [])
        if ids:
            return ids[-1]
        return Typed(text) if text else None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SUFFIX not in data

    def _chosen(self, value) -> tuple[list[Person], str]:
        values = value if isinstance(value, (list, tuple)) else [value]
        typed = next((v for v in values if isinstance(v, Typed)), "")
        # Initial values may be the people themselves (already loaded): no query for them.
        known = [v for v in values if isinstance(v, Person)]
        ids = [
            int(v)
            for v in values
            if isinstance(v, (int, str)) and not isinstance(v, Typed) and str(v).isdigit()
        ]
        queryset = (
            self.choices if isinstance(self.choices, QuerySet) else getattr(self.choices, "queryset", None)
        )
        if not ids or queryset is None:
            return known, typed
        # Only people of the field's own queryset are shown, so a forged id reveals no name.
        return known + list(
            queryset.filter(pk__in=[i for i in ids if i < 2**31]).select_related("area")
        ), typed

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The hidden inputs carry the choice: a required search box would block a valid submit.
        context["widget"]["attrs"].pop("required", None)
        chosen, typed = self._chosen(value)
        context["widget"].update(
            {
                "scope": self.scope,
                "multiple": self.multiple,
                "chosen": [(p.pk, person_label(p)) for p in chosen],
                "typed": typed,
                "search_name": name + SUFFIX,
            }
        )
        return context

    def id_for_label(self, id_):
        return id_


class _Resolving:
    """Resolves typed text (no JavaScript) to one person of the field's queryset."""

    def _resolve(self, text: str) -> Person:
        from zorgzaam.people.picking import phone_digits, word_q

        if text.isdigit() and len(text) <= 9:
            found = self.queryset.filter(pk=int(text)).first()
            if found is not None:
                return found
        qs = self.queryset.alias(phone_digits=phone_digits())
        for word in text.split()[:5]:
            qs = qs.filter(word_q(word[:60]))
        found = list(qs.order_by("pk")[:2])
        if not found:
            raise ValidationError(self.error_messages["not_found"], code="not_found")
        if len(found) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return found[0]


MESSAGES = {
    "invalid_choice": _("This person cannot be chosen here. Search again and choose from the list."),
    "not_found": _("No one found with these words. Search with another name, street or phone number."),
    "ambiguous": _("Several people match. Choose the right one from the list, or give their number (#)."),
}


class PersonPickerField(_Resolving, forms.ModelChoiceField):
    widget = PersonPicker

    def __init__(self, *, scope: str = "visible", queryset=None, **kwargs):
        kwargs.setdefault("widget", PersonPicker(scope=scope))
        super().__init__(queryset=Person.objects.none() if queryset is None else queryset, **kwargs)
        self.error_messages.update(MESSAGES)
        self.scope = scope

    def prepare_value(self, value):
        return value if isinstance(value, Person) else super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, Typed):
            return self._resolve(value)
        return super().to_python(value)


class PersonMultiPickerField(_Resolving, forms.ModelMultipleChoiceField):
    widget = PersonPicker

    def __init__(self, *, scope: str = "visible", queryset=None, **kwargs):
        kwargs.setdefault("widget", PersonPicker(scope=scope, multiple=True))
        super().__init__(queryset=Person.objects.none() if queryset is None else queryset, **kwargs)
        self.error_messages.update(MESSAGES)
        self.error_messages["invalid_pk_value"] = MESSAGES["invalid_choice"]
        self.scope = scope

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)) and all(isinstance(v, Person) for v in value):
            return list(value)
        return super().prepare_value(value)

    def clean(self, value):
        values = list(value or [])
        typed = [v for v in values if isinstance(v, Typed)]
        ids = [v for v in values if not isinstance(v, Typed)]
        for text in typed:
            ids.append(str(self._resolve(text).pk))
        return super().clean(ids)


class PersonIdField(_Resolving, forms.IntegerField):
    """A person's id for a service that decides itself whom one may name (the time bank): any id
    passes to the service; typed text (no JavaScript) resolves within `queryset`, the people the
    page may offer, and only those are shown as chosen."""

    def __init__(self, *, scope: str = "visible", **kwargs):
        kwargs.setdefault("widget", PersonPicker(scope=scope))
        super().__init__(**kwargs)
        self.error_messages.update(MESSAGES)
        self.scope = scope
        self.queryset = Person.objects.none()

    @property
    def queryset(self):
        return self._queryset

    @queryset.setter
    def queryset(self, value):
        self._queryset = value
        self.widget.choices = value

    def to_python(self, value):
        if isinstance(value, Typed):
            return self._resolve(value).pk
        return super().to_python(value)
