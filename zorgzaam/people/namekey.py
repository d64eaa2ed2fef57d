"""The name key that finds likely duplicates: one short phonetic code per person, stored and indexed.

Accents, case, spaces, hyphens and apostrophes do not matter ("Lefèvre" = "lefevre", "De Smet" =
"Desmet", "Van den Broeck" = "Vandenbroeck"); leading particles are ignored ("De Smet" = "Smet"),
common Dutch/French spellings are one ("Lefebvre" = "Lefèvre", "Thijs" = "Tijs"), and Metaphone
joins spelling variants ("Mohamed" = "Mohammed" = "Muhammad", "Youssef" = "Yusuf"). Pure functions:
no model import, so the model can compute the key on save."""

from __future__ import annotations

import re

import jellyfish

from zorgzaam.addresses.normalize import fold

# Longest first, so "vanden" is stripped before "van". Single letters ('t, d', l') are left: they
# would eat the first letter of too many names.
PARTICLES = sorted(
    [
        "van",
        "vanden",
        "vander",
        "vande",
        "von",
        "den",
        "der",
        "de",
        "del",
        "di",
        "da",
        "du",
        "le",
        "la",
        "les",
        "ter",
        "ten",
        "te",
        "op",
        "el",
        "al",
    ],
    key=len,
    reverse=True,
)
_SPELLINGS = [("bv", "v"), ("th", "t"), ("ij", "y"), ("dt", "t"), ("ph", "f"), ("ae", "a"), ("ou", "u")]
_NOT_LETTER = re.compile(r"[^a-z]+")
KEY_LENGTH = 40


def letters(value: str) -> str:
    """Only the letters, folded: "D'Hondt-Van Acker" → "dhondtvanacker"."""
    return _NOT_LETTER.sub("", fold(value or ""))


def strip_particles(value: str) -> str:
    """Leading particles off a letters-only surname, while at least three letters remain."""
    while True:
        for particle in PARTICLES:
            if value.startswith(particle) and len(value) - len(particle) >= 3:
                value = value[len(particle) :]
                break
        else:
            return value


# Metaphone drops vowels, which joins Tom and Tim or Mertens and Martens; the class of the first vowel
# keeps them apart while o/u ("Mohamed"/"Muhammad") and e/i/y ("Thijs"/"Teys") stay one.
_VOWEL_CLASS = {"a": "A", "e": "E", "i": "E", "y": "E", "o": "O", "u": "O"}
_FIRST_VOWEL = re.compile(r"[aeiouy]")


def phonetic(value: str) -> str:
    """Metaphone of a letters-only name after the spelling rules, plus the class of its first vowel."""
    for old, new in _SPELLINGS:
        value = value.replace(old, new)
    if not value:
        return ""
    vowel = _FIRST_VOWEL.search(value)
    return jellyfish.metaphone(value).upper() + (_VOWEL_CLASS[vowel.group()] if vowel else "")


def name_key(first_name: str, last_name: str) -> str:
    """ "<surname code>:<first name code>"; empty for a nameless (erased) record."""
    last, first = strip_particles(letters(last_name)), letters(first_name)
    if not last and not first:
        return ""
    return f"{phonetic(last)}:{phonetic(first)}"[:KEY_LENGTH]
