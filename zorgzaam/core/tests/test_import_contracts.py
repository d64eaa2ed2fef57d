"""Import contracts (issue 10, check 1): import-linter's contracts in pyproject.toml hold (core imports
no domain app; no cycles between apps below the entry points, with the remaining cycles named there),
and no module uses another module's _private name."""

import ast
import functools
import tomllib
from pathlib import Path

from django.conf import settings
from importlinter.cli import lint_imports

from zorgzaam.core.tests.sourcetree import PACKAGE, parsed_modules

PYPROJECT = PACKAGE.parent / "pyproject.toml"


def test_import_linter_contracts_hold():
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True) == 0


def test_core_contract_names_every_domain_app():
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    (core,) = [c for c in config["contracts"] if c["id"] == "core-ground-floor"]
    apps = {name for name in settings.ZORGZAAM_APPS if name != "zorgzaam.core"}
    assert apps <= set(core["forbidden_modules"])


@functools.cache
def _project_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """`from zorgzaam.x import _name` and `module._name` where `module` is an imported project module."""
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("zorgzaam"):
            for alias in node.names:
                if _private(alias.name):
                    found.append((node.lineno, f"{node.module}.{alias.name}"))
                elif _project_module(f"{node.module}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules |= {a.asname for a in node.names if a.asname and a.name.startswith("zorgzaam")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in modules and _private(node.attr):
                found.append((node.lineno, f"{node.value.id}.{node.attr}"))
    return found


def test_no_private_name_used_across_modules():
    found = [f"{rel}:{line} {name}" for rel, tree in parsed_modules() for line, name in private_uses(tree)]
    assert not found, "make the name public (it is used elsewhere) or keep it inside its module:\n" + (
        "\n".join(found)
    )


def test_private_use_detector():
    tree = ast.parse(
        "from zorgzaam.sectors.services import _finish, store_upload\n"
        "from zorgzaam.sectors import services\n"
        "services._start(job)\nservices.start_indicator_import()\nself._own()\n"
    )
    assert private_uses(tree) == [(1, "zorgzaam.sectors.services._finish"), (3, "services._start")]
    assert Path("people/services.py") in {rel for rel, _tree in parsed_modules()}
