"""Normalisation for matching typed addresses to the register: accents, case, hyphens, apostrophes,
dots and repeated spaces do not matter ("Sint-Jozefsplein" = "sint jozefsplein", "Rue de l'Église" =
"rue de l eglise"); house numbers ignore spaces and case ("20A" = "20 a"); box notations are one
("20 bus 3" = "20 bte 3" = "20 boîte 3" = "20/3" = "20 b 3")."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’‘`´.,;:/\\()\"]+")
# A box: "bus 3", "bte 3", "boîte 3" (already "boite"), "box 3", "b 3", "b. 3", "/3".
_BOX = re.compile(
    r"^(?P<num>\d+\s*[a-z]{0,3}?)\s*(?:(?:bus|bte|boite|box|bt|b)\.?\s*|/\s*)(?P<box>[0-9a-z.\-]+)$"
)
_NUMBER = re.compile(r"^(?P<num>\d+)\s*(?P<suffix>[a-z]{0,3})$")


def fold(value: str) -> str:
    """Lower case without accents (é → e, ß → ss, æ → ae)."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(c for c in value if not unicodedata.combining(c))
    return value.casefold().replace("æ", "ae").replace("œ", "oe")


def text(value: str) -> str:
    """A street or place name for matching: folded, punctuation and hyphens as single spaces."""
    return _SEPARATORS.sub(" ", fold(value)).strip()


def number(value: str) -> str:
    """A house number without spaces, lower case: "20 A" → "20a"."""
    return re.sub(r"\s+", "", fold(value))


def box(value: str) -> str:
    """A box number: lower case, no spaces or dots, no leading zeros ("0003" → "3")."""
    value = re.sub(r"[\s.]+", "", fold(value))
    return value.lstrip("0") or ("0" if value else "")


def split_number(house_number: str, box_number: str = "") -> tuple[str, str]:
    """(number, box), both normalised, from what was typed: "20 bus 3" → ("20", "3"), "20A" → ("20a", "")."""
    raw = re.sub(r"\s+", " ", fold(house_number)).strip()
    if box_number.strip():
        return number(raw), box(box_number)
    found = _NUMBER.match(raw)
    if found:
        return found["num"] + found["suffix"], ""
    found = _BOX.match(raw)
    if found:
        return number(found["num"]), box(found["box"])
    return number(raw), ""


_RAW_BOX = re.compile(
    r"^(?P<num>.*?\w)\s*(?:(?:bus|bte|boîte|boite|box)\.?\s*|/\s*)(?P<box>[\w.\-]+)$", re.IGNORECASE
)


def split_box(house_number: str) -> tuple[str, str]:
    """The number and the box as typed, for showing them in two fields: "20 bus 3" → ("20", "3")."""
    found = _RAW_BOX.match((house_number or "").strip())
    return (found["num"], found["box"]) if found else ((house_number or "").strip(), "")


def join_box(number: str, box: str) -> str:
    number, box = (number or "").strip(), (box or "").strip()
    return f"{number} bus {box}" if box else number
