"""Counts read as the language wants (issue 13 item 11): "1 open doorverwijzing", never
"1 open doorverwijzingen"; every count goes through ngettext / blocktranslate count."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def _render(name, lang, **context):
    with translation.override(lang):
        return " ".join(render_to_string(name, context).split())


@pytest.mark.parametrize(
    "lang,one,many",
    [
        (
            "nl",
            "1 open doorverwijzing. 1 nog te beantwoorden.",
            "2 open doorverwijzingen. 0 nog te beantwoorden.",
        ),
        (
            "fr",
            "1 orientation ouverte. 1 encore sans réponse.",
            "2 orientations ouvertes. 0 encore sans réponse.",
        ),
    ],
)
def test_inbox_panel(lang, one, many):
    assert one in _render("care/_home_inbox.html", lang, panel={"open": 1, "new": 1})
    assert many in _render("care/_home_inbox.html", lang, panel={"open": 2, "new": 0})


@pytest.mark.parametrize(
    "lang,one,many",
    [
        (
            "nl",
            "1 open hulpvraag (1 nieuw). 1 open signaal.",
            "3 open hulpvragen (2 nieuw). 2 open signalen.",
        ),
        (
            "fr",
            "1 demande ouverte (1 nouvelle). 1 signalement ouvert.",
            "3 demandes ouvertes (2 nouvelles). 2 signalements ouverts.",
        ),
    ],
)
def test_staff_panel(lang, one, many):
    assert one in _render("care/_home_staff.html", lang, panel={"open": 1, "new": 1, "signals": 1})
    assert many in _render("care/_home_staff.html", lang, panel={"open": 3, "new": 2, "signals": 2})


def test_sectors_and_answers():
    panel = {"current": {"name": "Leuven", "feature_count": 1}}
    assert "Leuven: 1 sector." in _render("sectors/_home_panel.html", "nl", panel=panel)
    block = {"n": 1, "suppressed": False, "questions": []}
    assert "1 antwoord<" in _render("analysis/_survey_block.html", "nl", block=block, title="x").replace(
        " <", "<"
    )
    block["n"] = 2
    assert "2 réponses" in _render("analysis/_survey_block.html", "fr", block=block, title="x")


def test_round_progress_and_household():
    progress = {"done": 0, "total": 1, "percent": 0}
    html = _render("outreach/round_detail.html", "nl", progress=progress, round=None, visits=[])
    assert "0 van 1 bezoek gedaan (0%)." in html
    from django.template import Context, Template

    household = Template(
        "{% load i18n %}{% blocktranslate count n=size %}{{ n }} person{% plural %}"
        "{{ n }} people{% endblocktranslate %}"  # as in people/detail.html: the catalogue has both forms
    )
    with translation.override("nl"):
        assert household.render(Context({"size": 1})) == "1 persoon"
        assert household.render(Context({"size": 3})) == "3 personen"
