"""Amounts of the ledger as people read and type them. Amounts are whole numbers: minutes in hours
mode, hundredths in credits mode; never floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zorgzaam.reciprocity.models import LedgerSettings


def unit_label(cfg: LedgerSettings) -> str:
    if cfg.unit_name:
        return cfg.unit_name
    return _("hours") if cfg.mode == LedgerSettings.Mode.HOURS else _("credits")


def format_amount(cfg: LedgerSettings, amount: int) -> str:
    """Minutes as 'h:mm', hundredths as '12.50'."""
    sign = "-" if amount < 0 else ""
    a = abs(int(amount))
    if cfg.mode == LedgerSettings.Mode.CREDITS:
        return f"{sign}{a // 100}.{a % 100:02d}"
    return f"{sign}{a // 60}:{a % 60:02d}"


def amount_words(cfg: LedgerSettings, amount: int) -> str:
    """An amount as people say it, in the reader's language: '2 hours and 45 minutes', '45 minutes',
    '12.50 credits' (decimal comma in nl and fr). For residents' own pages, not for ledgers."""
    a = abs(int(amount))
    sign = "−" if amount < 0 else ""
    if cfg.mode == LedgerSettings.Mode.CREDITS:
        return f"{sign}{number_format(Decimal(a) / 100, decimal_pos=2)} {unit_label(cfg)}"
    hours, minutes = divmod(a, 60)
    h = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    m = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if hours and minutes:
        text = _("%(hours)s and %(minutes)s") % {"hours": h, "minutes": m}
    else:
        text = h if hours else m
    return sign + text


def summary_words(cfg: LedgerSettings, summary: dict) -> dict:
    """A summary (given, received, balance) in words."""
    return {key: amount_words(cfg, value) for key, value in summary.items()}


def parse_amount(cfg: LedgerSettings, text) -> int:
    """'1:30', '1.5' or '90m' for hours; '12.50' for credits. Exact (no floats): Decimal arithmetic."""
    s = str(text).strip().replace(",", ".")
    try:
        if cfg.mode != LedgerSettings.Mode.CREDITS and ":" in s:
            h, m = s.split(":", 1)
            if not m.isdigit() or int(m) >= 60:
                raise ValueError
            value = int(h or 0) * 60 + int(m)
        elif cfg.mode != LedgerSettings.Mode.CREDITS and s.endswith("m"):
            value = int(s[:-1])
        else:
            d = Decimal(s) * (100 if cfg.mode == LedgerSettings.Mode.CREDITS else 60)
            if d != d.to_integral_value():
                raise ValueError
            value = int(d)
    except (ValueError, InvalidOperation):
        raise ValidationError({"amount": _("Enter an amount like 1:30 or 1.5.")}) from None
    return value
