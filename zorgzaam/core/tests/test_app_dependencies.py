"""Declared dependencies (issue 10 item 7, check 5): each app's AppConfig names the apps it needs in
`requires`; start-up stops with a clear message when one of them is not installed, and the
declarations are kept true against the imports and foreign keys."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

from zorgzaam.core.apps import DomainAppConfig, missing_dependencies
from zorgzaam.core.tests.sourcetree import parsed_modules

PACKAGE = Path(__file__).resolve().parents[2]


def _labels() -> set[str]:
    return {name.rsplit(".", 1)[1] for name in settings.ZORGZAAM_APPS}


def test_removing_a_declared_dependency_stops_start_up(tmp_path):
    (tmp_path / "settings_without_socialmap.py").write_text(
        "from zorgzaam.settings import *  # noqa: F403\n"
        "INSTALLED_APPS = [a for a in INSTALLED_APPS if a != 'zorgzaam.socialmap']  # noqa: F405\n"
    )
    # The PostgreSQL pass's DATABASE_MIGRATE_URL names its own database; a fresh process starts without.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_MIGRATE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="settings_without_socialmap",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(PACKAGE.parent)]),
    )
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PACKAGE.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr
    assert "The app 'care' requires 'socialmap', which is not in INSTALLED_APPS" in run.stderr


def test_missing_dependencies_names_each_app_and_what_it_lacks():
    class Fake:
        def __init__(self, label, requires=()):
            self.label, self.requires = label, requires

    configs = [Fake("people", ("networks",)), Fake("care", ("people", "socialmap", "matching"))]
    problems = missing_dependencies(configs)
    assert problems == [
        "The app 'people' requires 'networks', which is not in INSTALLED_APPS: add it "
        "(zorgzaam.<app> in settings.ZORGZAAM_APPS) or remove 'people' too.",
        "The app 'care' requires 'socialmap', 'matching', which are not in INSTALLED_APPS: add them "
        "(zorgzaam.<app> in settings.ZORGZAAM_APPS) or remove 'care' too.",
    ]
    assert missing_dependencies([*configs, Fake("networks"), Fake("socialmap"), Fake("matching")]) == []


def test_every_app_declares_its_dependencies():
    for label in _labels():
        config = apps.get_app_config(label)
        assert isinstance(config, DomainAppConfig), label
        assert set(config.requires) <= _labels() - {"core", label}, label


def _runtime_imports(tree: ast.AST):
    """Project imports outside `if TYPE_CHECKING:` blocks."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("zorgzaam."):
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("zorgzaam."))


def test_declarations_cover_imports_and_foreign_keys():
    labels = _labels()
    undeclared = []
    for label in sorted(labels - {"core"}):
        declared = set(apps.get_app_config(label).requires) | {label, "core"}
        used = set()
        for rel, tree in parsed_modules():
            if rel.parts[0] == label:
                used |= {m.split(".")[1] for m in _runtime_imports(tree)} & labels
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                related = getattr(field, "related_model", None)
                if field.concrete and related is not None and related._meta.app_label in labels:
                    used.add(related._meta.app_label)
        undeclared += [f"{label} -> {dep}" for dep in sorted(used - declared)]
    assert not undeclared, "add to the app's AppConfig.requires:\n" + "\n".join(undeclared)
