"""No <select> over persons in any form (issue 12 item 5): every field whose queryset holds people is
the person picker, and every form of the project, rendered for a coordinator, shows no person in a
<select>."""

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms

import zorgzaam
from zorgzaam.people.models import Person
from zorgzaam.people.picker import PersonPicker
from zorgzaam.people.services import visible_persons


def _form_classes():
    seen = {}
    for info in pkgutil.iter_modules(zorgzaam.__path__):
        if not info.ispkg:
            continue
        for name in ("forms", "worry_views"):
            try:
                module = importlib.import_module(f"zorgzaam.{info.name}.{name}")
            except ModuleNotFoundError:
                continue
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module.__name__
                ):
                    seen[f"{obj.__module__}.{obj.__name__}"] = obj
    return seen


FORMS = _form_classes()


def _is_person_field(field) -> bool:
    qs = getattr(field, "queryset", None)
    return qs is not None and getattr(qs, "model", None) is Person


def test_the_walk_finds_the_person_forms():
    with_people = {n for n, f in FORMS.items() if any(_is_person_field(x) for x in f.base_fields.values())}
    for expected in (
        "zorgzaam.care.forms.RequestForm",
        "zorgzaam.community.forms.ActivityForm",
        "zorgzaam.community.forms.InviteForm",
        "zorgzaam.outreach.forms.RoundForm",
        "zorgzaam.outreach.forms.MemberForm",
        "zorgzaam.valuedroles.forms.AssignForm",
        "zorgzaam.reciprocity.forms.TransferForm",
    ):
        assert expected in with_people


@pytest.mark.parametrize("name", sorted(FORMS))
def test_person_fields_use_the_picker(name):
    for field_name, field in FORMS[name].base_fields.items():
        if _is_person_field(field):
            assert isinstance(field.widget, PersonPicker), f"{name}.{field_name} is not the person picker"


def _kwargs(form_class, actor, signal, circle):
    people = visible_persons(actor)
    known = {
        "actor": actor,
        "network": actor.network,
        "persons": people,
        "payers": people,
        "payees": people,
        "areas": None,
        "signal": signal,
        "circle": circle,
    }
    params = inspect.signature(form_class.__init__).parameters
    needed = [p for p in params.values() if p.kind == p.KEYWORD_ONLY and p.default is inspect.Parameter.empty]
    if any(p.name not in known for p in needed):
        return None
    kwargs = {p.name: known[p.name] for p in needed}
    if "areas" in kwargs:
        from zorgzaam.networks.models import Area

        kwargs["areas"] = Area.objects.filter(network=actor.network)
    return kwargs


@pytest.mark.django_db
def test_no_select_lists_a_person(users, actor_of, network, areas, make_person):
    from zorgzaam.care.models import Signal
    from zorgzaam.outreach.models import Circle

    make_person(network, first_name="Zzyzx", last_name="Pickme", area=areas["north"])
    actor = actor_of(users["coordinator"])
    signal = Signal.objects.create(network=network, description="x")
    circle = Circle.objects.create(network=network, name="Kring")
    rendered = 0
    for name, form_class in sorted(FORMS.items()):
        kwargs = _kwargs(form_class, actor, signal, circle)
        if kwargs is None:
            continue
        try:
            form = form_class(**kwargs)
        except TypeError:
            continue
        html = str(form)
        rendered += 1
        for select in re.findall(r"<select.*?</select>", html, re.S):
            assert "Zzyzx" not in select and "Youssef" not in select, name
            assert "Coordinator" not in select or "Test" not in select, name
        for field_name, field in form.fields.items():
            if _is_person_field(field):
                assert isinstance(field.widget, PersonPicker), f"{name}.{field_name}"
    assert rendered >= 15
