"""Dates are written with Django's own day and month words in every language: an app catalogue that
translates a bare "Saturday" (say, as a form label) would otherwise replace them, so that a French
flyer mixed "jeudi 3 décembre" with "Samedi 5 décembre". Labels use a context instead."""

import datetime as dt

import pytest
from django.utils import formats, translation

WEEK = [dt.date(2026, 11, 30) + dt.timedelta(days=i) for i in range(7)]  # Monday to Sunday
YEAR = [dt.date(2026, m, 1) for m in range(1, 13)]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_day_and_month_names_are_lower_case(lang):
    with translation.override(lang):
        words = [formats.date_format(d, "l") for d in WEEK] + [formats.date_format(d, "F") for d in YEAR]
    assert all(w == w.lower() for w in words), words


def test_english_days_and_months_keep_their_capitals():
    with translation.override("en"):
        assert formats.date_format(WEEK[5], "l j F Y") == "Saturday 5 December 2026"
