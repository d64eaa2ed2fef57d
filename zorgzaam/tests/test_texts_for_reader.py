"""Every registered kind of stored text (notifications, request timeline steps, audit events) renders
in nl, fr and en: no raw code, no %( left over, translated where the catalogue has it, and a link
that resolves (issue 10 item 6, check 4). Kinds are registered at start-up, not on first import."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import resolve
from django.utils import translation
from django.utils.functional import Promise

from zorgzaam.audit import kinds as audit_kinds
from zorgzaam.core.texts import NOTIFICATIONS, TIMELINE

LANGUAGES = ("nl", "fr", "en")
# Texts that read the same in English and that language (checked by hand).
SAME_AS_ENGLISH = {("fr", "Note"), ("nl", "Status: %(s)s"), ("nl", "%(org)s: %(status)s")}


def _msgid(text) -> str:
    with translation.override(None):
        return str(text)


def _assert_translated(text, where: str) -> None:
    """A lazy text reads differently in nl and fr than its English msgid (so it is in the catalogue)."""
    if not isinstance(text, Promise):
        return  # a plain format such as "%(org)s" or a callable (its output is checked when rendered)
    msgid = _msgid(text)
    for lang in ("nl", "fr"):
        with translation.override(lang):
            if (lang, msgid) not in SAME_AS_ENGLISH:
                assert str(text) != msgid, f"{where}: no {lang} translation of {msgid!r}"


def _assert_clean(text: str, code: str, where: str) -> None:
    assert "%(" not in text and "%s" not in text, f"{where}: placeholder left in {text!r}"
    assert code not in text, f"{where}: raw code in {text!r}"


@pytest.mark.parametrize("registry", [NOTIFICATIONS, TIMELINE], ids=["notifications", "timeline"])
def test_every_text_kind_renders_in_every_language(registry):
    assert registry.kinds, "kinds are registered at start-up"
    for code, kind in registry.kinds.items():
        missing = (kind.placeholders() | set(kind.url_args)) - set(kind.sample)
        assert not missing, f"{code}: the sample lacks {missing}"
        _assert_translated(kind.title, code)
        _assert_translated(kind.body, code)
        rendered = {lang: registry.render(code, kind.sample, lang) for lang in LANGUAGES}
        for lang, text in rendered.items():
            where = f"{registry.name} {code} ({lang})"
            assert text.title and text.title != str(registry.fallback), f"{where}: did not render"
            _assert_clean(text.title + " " + text.body, code, where)
            if kind.url_name:
                assert text.url.startswith("/") and resolve(text.url).url_name, where
        for lang in ("nl", "fr"):
            if (lang, rendered["en"].title) not in SAME_AS_ENGLISH:
                assert rendered[lang].title != rendered["en"].title, f"{code}: {lang} reads like English"


def test_every_audit_kind_has_a_label_and_its_sentence_renders_in_every_language():
    assert len(audit_kinds.KINDS) > 90
    for code, label in audit_kinds.KINDS.items():
        _assert_translated(label, code)
        described = audit_kinds.SENTENCES.get(code)
        if described is None:
            continue
        _assert_translated(described.text, code)
        missing = audit_kinds.placeholders(code) - set(described.sample)
        assert not missing, f"{code}: the sample lacks {missing}"
        for lang in LANGUAGES:
            with translation.override(lang):
                text = audit_kinds.sentence(code, dict(described.sample))
            assert text, f"{code} ({lang}): the sentence did not render"
            _assert_clean(text, code, f"audit {code} ({lang})")


def test_changed_fields_are_named_in_the_readers_language():
    data = {"fields": ["first_name", "phone", "no_longer_a_field"]}
    with translation.override("fr"):
        assert audit_kinds.sentence("person.updated", data, "people.person") == "Modifié : prénom, téléphone"
    with translation.override("nl"):
        assert (
            audit_kinds.sentence("person.updated", data, "people.person") == "Gewijzigd: voornaam, telefoon"
        )
    assert audit_kinds.sentence("person.updated", {"fields": ["x"]}, "people.person") == ""
    assert audit_kinds.sentence("person.updated", data, "gone.model") == ""


def test_old_event_without_the_sentence_data_shows_only_its_label():
    assert audit_kinds.sentence("care.request_changed", {"note": True}) == ""
    assert audit_kinds.sentence("care.request_changed", "not a dict") == ""


def test_kinds_are_registered_at_start_up_not_on_first_import():
    """In a fresh process: after django.setup(), importing every module that registers kinds adds none."""
    script = """
import importlib, json, pathlib, re, django
django.setup()
from zorgzaam.audit import kinds
from zorgzaam.core.texts import NOTIFICATIONS, TIMELINE
def snapshot():
    return {"audit": sorted(kinds.KINDS), "sentences": sorted(kinds.SENTENCES),
            "notifications": sorted(NOTIFICATIONS.kinds), "timeline": sorted(TIMELINE.kinds)}
before = snapshot()
registers = re.compile(r"kinds\\.register|kinds\\.describe|NOTIFICATIONS\\.register|TIMELINE\\.register")
for path in sorted(pathlib.Path("zorgzaam").rglob("*.py")):
    if "tests" in path.parts or "migrations" in path.parts or not registers.search(path.read_text()):
        continue
    importlib.import_module(".".join(path.with_suffix("").parts))
after = snapshot()
print(json.dumps({k: sorted(set(after[k]) - set(before[k])) for k in before}))
"""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_MIGRATE_URL"}  # no database is opened
    env["DJANGO_SETTINGS_MODULE"] = "zorgzaam.settings"
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=60,
        check=True,
    )
    late = json.loads(out.stdout.strip().splitlines()[-1])
    assert late == {"audit": [], "sentences": [], "notifications": [], "timeline": []}
