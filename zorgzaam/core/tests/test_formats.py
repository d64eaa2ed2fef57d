"""Dates and numbers per language (issue 13 item 11): English day-month as in en-GB, Dutch and
French with a decimal comma, in Python and in rendered templates."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

DAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    "lang,long,short",
    [
        ("en", "2 December 2026", "02/12/2026"),
        ("nl", "2 december 2026", "2-12-2026"),
        ("fr", "2 décembre 2026", "02/12/2026"),
    ],
)
def test_dates_day_before_month(lang, long, short):
    with translation.override(lang):
        assert formats.date_format(DAY) == long
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short
        assert Template("{{ d|date }}").render(Context({"d": DAY})) == long


def test_english_date_input_is_day_month():
    class F(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        form = F({"day": "02/12/2026"})
        assert form.is_valid() and form.cleaned_data["day"] == DAY


@pytest.mark.parametrize("lang,sep", [("nl", ","), ("fr", ","), ("en", ".")])
def test_decimal_separator(lang, sep):
    with translation.override(lang):
        out = Template("{{ x }} {{ y|floatformat:1 }}").render(Context({"x": 1.5, "y": Decimal("2.25")}))
    assert out == f"1{sep}5 2{sep}3"
