"""Architecture rules checked on the source (issue 10, CI checks 1 and 2): read with `ast`, so fast and
independent of what the test process has imported."""

import ast
from pathlib import Path

from zorgzaam.core.tests.sourcetree import parsed_modules as _modules


def _is_rule_module(rel: Path) -> bool:
    """services.py, selectors.py, or any module inside a services/ or selectors/ package."""
    names = {rel.stem, *rel.parts[:-1]}
    return bool(names & {"services", "selectors"})


def _raises_permission_denied(node: ast.Raise) -> bool:
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    name = exc.attr if isinstance(exc, ast.Attribute) else getattr(exc, "id", None)
    return name == "PermissionDenied"


def test_services_and_selectors_refuse_through_deny():
    """One way to refuse (zorgzaam.core.permissions.deny/require), so the message and the API's answer
    are the same everywhere."""
    found = [
        f"{rel}:{node.lineno}"
        for rel, tree in _modules()
        if _is_rule_module(rel)
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise) and node.exc is not None and _raises_permission_denied(node)
    ]
    assert not found, (
        "raise PermissionDenied in services/selectors; use core.permissions.deny():\n" + "\n".join(found)
    )


def test_rule_module_scan_sees_the_services():
    """The scan above cannot pass by looking at nothing."""
    rule_modules = [rel for rel, _tree in _modules() if _is_rule_module(rel)]
    assert Path("people/services.py") in rule_modules
    assert len(rule_modules) > 15


def test_detector_flags_a_raise():
    tree = ast.parse("from django.core.exceptions import PermissionDenied\nraise PermissionDenied('x')\n")
    assert any(_raises_permission_denied(n) for n in ast.walk(tree) if isinstance(n, ast.Raise))
