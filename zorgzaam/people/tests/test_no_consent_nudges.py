"""Consent without nudges (issue 13 item 5): no consent choice is pre-selected in any form, and
publishing an activity on the public page is an explicit choice. Every form class whose source mentions
consent (or a publish choice) must be rendered here, so a new one cannot slip by."""

import importlib
import inspect
import re

import pytest
from django import forms as djforms
from django.conf import settings

pytestmark = pytest.mark.django_db

# (module, class name) -> the consent-like fields it must render unchosen
COVERED = {
    ("zorgzaam.care.forms", "SignalForm"): ["consent_status"],
    ("zorgzaam.care.worry_views", "WorryForm"): ["consent_status"],
    ("zorgzaam.outreach.forms", "VisitForm"): ["worry_consent"],
    ("zorgzaam.people.forms", "ConsentForm"): ["purpose", "granted", "channel"],
    ("zorgzaam.community.forms", "ActivityForm"): ["public"],
}
MENTIONS = re.compile(r"consent|\bpublic\s*=", re.IGNORECASE)


def _form_classes():
    for app in settings.ZORGZAAM_APPS:
        for name in ("forms", "worry_views"):
            try:
                module = importlib.import_module(f"{app}.{name}")
            except ModuleNotFoundError:
                continue
            for cls_name, cls in vars(module).items():
                if (
                    inspect.isclass(cls)
                    and issubclass(cls, djforms.BaseForm)
                    and cls.__module__ == module.__name__
                ):
                    yield module.__name__, cls_name, cls


def test_every_form_that_asks_for_consent_is_covered():
    found = {
        (mod, name)
        for mod, name, cls in _form_classes()
        if MENTIONS.search(inspect.getsource(cls)) and not name.endswith("FilterForm")
    }
    assert found <= set(COVERED), f"render these in this test too: {sorted(found - set(COVERED))}"


@pytest.fixture
def forms_to_render(users, actor_of, network, areas, make_person):
    from zorgzaam.care.forms import SignalForm
    from zorgzaam.care.themes import ensure_themes
    from zorgzaam.care.worry_views import WorryForm
    from zorgzaam.community.forms import ActivityForm
    from zorgzaam.outreach import services as outreach
    from zorgzaam.outreach.forms import VisitForm
    from zorgzaam.outreach.models import Visit
    from zorgzaam.people.forms import ConsentForm

    ensure_themes()
    checklist = outreach.ensure_default_checklist(network)
    visit = Visit(network=network, person=make_person(network), checklist=checklist)
    out = {
        ("zorgzaam.care.worry_views", "WorryForm"): WorryForm(network=network),
        ("zorgzaam.outreach.forms", "VisitForm"): VisitForm(visit=visit, network=network),
        ("zorgzaam.people.forms", "ConsentForm"): ConsentForm(network=network),
        ("zorgzaam.community.forms", "ActivityForm"): ActivityForm(network=network),
    }
    for role in ("coordinator", "volunteer", "resident", "partner"):
        out[("zorgzaam.care.forms", "SignalForm", role)] = SignalForm(actor=actor_of(users[role]))
    return out


def test_no_consent_choice_is_preselected(forms_to_render):
    for key, form in forms_to_render.items():
        for field in COVERED[key[:2]]:
            html = str(form[field])
            assert " checked" not in html, (key, field)
            for option in re.findall(r"<option[^>]*>", html):
                assert "selected" not in option or 'value=""' in option, (key, field, option)


def test_publishing_keeps_the_choice_made_on_an_existing_activity(network):
    from zorgzaam.community.forms import ActivityForm
    from zorgzaam.community.models import Activity

    activity = Activity(network=network, title="Koffie", public=False)
    activity.pk = 1  # an existing activity shows what was chosen before
    html = str(ActivityForm(network=network, instance=activity)["public"])
    assert re.search(r'value="False"[^>]*checked', html) and not re.search(r'value="True"[^>]*checked', html)
