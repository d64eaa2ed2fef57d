"""compose.yaml (issue 16 item 1): valid under the Compose Specification's JSON schema (vendored in
compose_spec/, see its README), with the services, health checks and shared volumes a multi-node
install relies on; and production settings that keep no state on one web node."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parent / "compose_spec" / "compose-spec.json"
# No database involved: once, in the SQLite pass, is enough (CI time).
pytestmark = pytest.mark.skipif(
    os.environ.get("ZORGZAAM_TEST_POSTGRES") == "1", reason="no database involved: runs in the SQLite pass"
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_file_is_valid_under_the_compose_specification(compose):
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(compose), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_schema_catches_a_mistake(compose):
    broken = {**compose, "services": {**compose["services"], "web": {**compose["services"]["web"]}}}
    broken["services"]["web"]["healthcheck"] = {"test": ["CMD", "true"], "interval": 30}  # not a duration
    broken["services"]["web"]["restart_policy"] = "always"  # no such key
    assert len(list(jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).iter_errors(broken))) >= 1


def test_the_stack_has_what_scaling_out_needs(compose):
    services = compose["services"]
    assert {"db", "redis", "migrate", "web", "worker", "backup"} <= set(services)
    for name in ("db", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    web, worker = services["web"], services["worker"]
    assert web["command"][:2] == ["gunicorn", "zorgzaam.wsgi"]
    assert any(a.startswith("--workers=") for a in web["command"])
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "zorgzaam.settings_production"
    assert web["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert worker["command"][:2] == ["zorgzaam", "run_huey"] and worker["deploy"]["replicas"] >= 2
    # Uploads waiting for the worker and media: one volume for web and worker; backups have their own.
    assert web["volumes"] == worker["volumes"] == ["zorgzaam-var:/var/lib/zorgzaam"]
    assert web["environment"]["ZORGZAAM_VAR_DIR"] == "/var/lib/zorgzaam"
    assert "backups:/backups" in services["backup"]["volumes"]
    # The web and worker never connect as the table owner; only the one-shot migration does.
    assert "DATABASE_MIGRATE_URL" not in web["environment"]
    assert "zorgzaam_owner" in services["migrate"]["environment"]["DATABASE_MIGRATE_URL"]
    assert set(compose["volumes"]) >= {"pgdata", "redisdata", "zorgzaam-var", "backups"}


def test_production_settings_keep_no_state_on_one_web_node(tmp_path, monkeypatch):
    """Sessions in the database, cache and queue in Redis (shared by all nodes), files under
    ZORGZAAM_VAR_DIR (the shared volume): nothing a second node would miss. The login throttle counts
    in the database (accounts.throttle), not in the cache. The settings file is run afresh with the
    environment of compose.yaml; the production settings change none of these names."""
    import runpy

    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/0")
    monkeypatch.setenv("ZORGZAAM_VAR_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("ZORGZAAM_STATIC_ROOT", str(tmp_path / "static"))
    monkeypatch.delenv("DATABASE_MIGRATE_URL", raising=False)
    found = runpy.run_path(str(ROOT / "zorgzaam" / "settings.py"))
    assert found.get("SESSION_ENGINE", "django.contrib.sessions.backends.db") in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",
    }
    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["HUEY"]["huey_class"] == "huey.RedisHuey"
    assert found["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert Path(found["MEDIA_ROOT"]).is_relative_to(tmp_path / "shared")
    production = (ROOT / "zorgzaam" / "settings_production.py").read_text()
    for name in ("SESSION_ENGINE", "CACHES", "HUEY", "MEDIA_ROOT", "VAR_DIR"):
        assert f"\n{name} =" not in production, name
