"""Spreadsheet-safe export cells (CSV/formula injection): the one implementation for every export.

CSV has no types, so a spreadsheet reads a cell starting with =, +, -, @ (or a tab or carriage return
before one) as a formula; such text gets a leading single quote. Exceptions: numbers passed as numbers
(a negative number is not text), and phone numbers in international form (+32 470 12 34 56), which
people type that way and which no spreadsheet runs. In XLSX cells are typed: text is stored as text,
never as a formula, so the value itself stays exactly as people typed it."""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# "+" country code, then digit groups separated by at most one space, dot or slash, optionally one
# "(0)" trunk prefix: +32 470 12 34 56, +32470123456, +32 (0)2 555 12 34, +31.20.123.45.67.
_PHONE = re.compile(r"\+\d{1,3}(?:[ ./]?\(0\))?(?:[ ./]?\d{1,4}){1,8}")
_PHONE_DIGITS = range(8, 16)  # E.164: at most 15 digits; fewer than 8 is no full number


def is_phone_number(value: str) -> bool:
    return bool(_PHONE.fullmatch(value)) and sum(ch.isdigit() for ch in value) in _PHONE_DIGITS


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text: formula-like text gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not is_phone_number(value):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


def xlsx_append(ws, values) -> None:
    """Append a row to an openpyxl worksheet with every text cell stored as text.

    openpyxl turns any str starting with "=" into a formula; forcing the cell type to "s" keeps it a
    string. Control characters an XLSX file cannot hold (openpyxl raises on them) are left out."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
