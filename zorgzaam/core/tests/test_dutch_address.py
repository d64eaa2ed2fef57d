"""One Dutch form of address (issue 13 item 11): the reader is "je", never "u"/"uw". Whole words
only, after removing placeholders, so "uur", "u." in abbreviations inside words or "%(u)s" do not count."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
NL_PO = sorted(p for p in (ROOT / "zorgzaam").glob("**/locale/nl/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^}]*\}")
POLITE = re.compile(r"(?<![\w'’-])(u|uw|uzelf|hebt u|kunt u)(?![\w'’-])", re.IGNORECASE)


def polite_words(text: str) -> list[str]:
    return POLITE.findall(PLACEHOLDER.sub(" ", text))


def test_detector_finds_u_and_uw_but_not_lookalikes():
    assert polite_words("Dank u, het bezoek is bewaard.") == ["u"]
    assert polite_words("Uw rollen:") == ["Uw"]
    assert polite_words("Je saldo: %(b)s %(u)s") == []
    assert polite_words("1,5 uur per week; u-bocht; uwe") == []


@pytest.mark.parametrize("po_path", NL_PO, ids=lambda p: str(p.relative_to(ROOT)))
def test_dutch_addresses_the_reader_as_je(po_path):
    polite = [
        text
        for e in polib.pofile(str(po_path))
        for text in [e.msgstr, *e.msgstr_plural.values()]
        if polite_words(text)
    ]
    assert not polite, f"'u'/'uw' as address in {po_path}; use 'je'/'jouw': {polite[:5]}"
