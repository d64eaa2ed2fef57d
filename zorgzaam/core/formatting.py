"""Numbers and dates for people, in the active language, the same on pages, in PDFs and in
letters: "3.180" and "2,27" in Dutch, "3 180" and "2,27" in French, "3,180" and "2.27" in English."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats


def number(value, decimals: int | None = None) -> str:
    """A count or measure for display. Whole values lose their ".0"; others get `decimals`
    (default: 1 below 100, none from 100 on, which is as precise as neighbourhood figures are)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, float | Decimal) and float(value).is_integer() and decimals is None:
        value = int(value)
    if isinstance(value, int):
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if decimals is None:
        decimals = 1 if abs(float(value)) < 100 else 0
    return formats.number_format(round(float(value), decimals), decimals, use_l10n=True, force_grouping=True)


def percent(share, decimals: int = 0) -> str:
    """A share 0..1 as a percentage: "42 %" (French and Dutch write the space too)."""
    if share is None:
        return "–"
    return f"{number(float(share) * 100, decimals)}\u00a0%"


def long_date(value) -> str:
    """ "woensdag 2 december 2026": the weekday written out, in the active language."""
    return formats.date_format(value, "l j F Y")


def day_and_time(value) -> str:
    """ "woensdag 2 december, 14:00": a date and time in the active language."""
    return f"{formats.date_format(value, 'l j F')}, {formats.time_format(value, 'H:i')}"
