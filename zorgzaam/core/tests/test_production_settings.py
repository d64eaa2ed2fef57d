"""Production install: static files build with the production storage, DEBUG is off unless asked for,
and the production settings refuse to start without the values they cannot guess."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parents[3]


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    """The manifest storage fails on any reference to a missing file (a source map, an image),
    and without a manifest every page is a 500 in production."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/chartjs/chart.umd.min.*.js"))


def test_no_static_file_points_at_a_source_map_we_do_not_ship():
    for path in (BASE_DIR / "zorgzaam").glob("*/static/**/*.*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for line in path.read_text(errors="replace").splitlines():
            if "sourceMappingURL=" in line:
                target = line.split("sourceMappingURL=", 1)[1].split()[0].rstrip("*/").strip()
                assert (path.parent / target).exists(), f"{path} points at missing {target}"


def _settings_in_fresh_process(module: str, env: dict, expr: str) -> subprocess.CompletedProcess:
    # The PostgreSQL pass sets DATABASE_MIGRATE_URL for its own database: a fresh process given
    # another DATABASE_URL would (rightly) refuse that pair, so it starts without it.
    dropped = {"DEBUG", "ZORGZAAM_BASE_URL", "DATABASE_MIGRATE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = module
    code = f"import django; from django.conf import settings; django.setup(); print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


def test_debug_is_off_unless_asked_for():
    assert _settings_in_fresh_process("zorgzaam.settings", {}, "settings.DEBUG").stdout.strip() == "False"
    on = _settings_in_fresh_process("zorgzaam.settings", {"DEBUG": "1"}, "settings.DEBUG")
    assert on.stdout.strip() == "True"


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "zorgzaam.example.be")
    monkeypatch.setenv("ZORGZAAM_BASE_URL", "https://zorgzaam.example.be")
    sys.modules.pop("zorgzaam.settings_production", None)
    yield monkeypatch
    sys.modules.pop("zorgzaam.settings_production", None)


@pytest.mark.parametrize("value", [None, "", "zorgzaam.example.be", "ftp://zorgzaam.example.be", "https://"])
def test_production_refuses_to_start_without_a_base_url(production_env, value):
    if value is None:
        production_env.delenv("ZORGZAAM_BASE_URL")
    else:
        production_env.setenv("ZORGZAAM_BASE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="ZORGZAAM_BASE_URL"):
        importlib.import_module("zorgzaam.settings_production")


def test_production_takes_the_base_url_from_the_environment(production_env):
    production_env.setenv("ZORGZAAM_BASE_URL", "https://zorgzaam.example.be/")
    prod = importlib.import_module("zorgzaam.settings_production")
    assert prod.ZORGZAAM_BASE_URL == "https://zorgzaam.example.be"
    assert prod.DEBUG is False


def test_each_database_name_gets_its_own_test_database():
    """People sharing a checkout pick their own DATABASE_URL name; their test databases must differ."""
    expr = "settings.DATABASES['default']['TEST']['NAME']"
    names = [
        _settings_in_fresh_process(
            "zorgzaam.settings", {"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}"}, expr
        ).stdout.strip()
        for db in ("zorgzaam_alice", "zorgzaam_bob")
    ]
    assert names[0] != names[1] and "zorgzaam_alice" in names[0], names


def test_importing_production_settings_leaves_the_running_settings_alone(production_env):
    """The production module once switched STORAGES in place: a process (a test run) that merely
    imported it got the manifest storage, and every page without a collected manifest failed."""
    from django.conf import settings

    from zorgzaam import settings as base

    before = repr(base.STORAGES), repr(settings.STORAGES)
    prod = importlib.import_module("zorgzaam.settings_production")
    assert "Manifest" in prod.STORAGES["staticfiles"]["BACKEND"]
    assert (repr(base.STORAGES), repr(settings.STORAGES)) == before
