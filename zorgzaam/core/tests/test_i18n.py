"""Dutch and French must be complete and compiled: every .po entry translated, no fuzzy entries,
and each committed .mo must hold exactly what its .po says (no stale compile)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
PO_FILES = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if "/.venv/" not in str(p))


def test_every_app_with_templates_or_models_has_translations():
    apps = {p.parts[p.parts.index("zorgzaam") + 1] for p in PO_FILES if "zorgzaam" in p.parts}
    for app_dir in (ROOT / "zorgzaam").iterdir():
        if (app_dir / "apps.py").exists() and app_dir.name not in ("reference",):
            assert app_dir.name in apps, f"{app_dir.name} has no locale/ (run makemessages in that app)"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_po_complete_and_mo_fresh(po_path):
    lang = po_path.parent.parent.name
    po = polib.pofile(str(po_path))
    if lang in ("nl", "fr"):
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
        assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run compilemessages"
    mo = polib.mofile(str(mo_path))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    for e in po.translated_entries():
        key = (e.msgctxt, e.msgid)
        assert key in compiled, f"{mo_path} is stale: recompile ({e.msgid!r} missing)"
        want = (e.msgstr, tuple(sorted((int(k), v) for k, v in e.msgstr_plural.items())))
        got = (compiled[key][0], tuple((int(k), v) for k, v in compiled[key][1]))
        assert got == want, f"{mo_path} is stale for {e.msgid!r}"
