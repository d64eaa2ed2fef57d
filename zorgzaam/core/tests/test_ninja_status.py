"""django-ninja's deprecated `(status, body)` tuple fails the suite (issue 10, check 6): pytest turns
ninja's DeprecationWarnings into errors (pyproject.toml), and the API answers with `ninja.Status`."""

import ast
from pathlib import Path

import pytest
from ninja import Router, Status
from ninja.testing import TestClient

PACKAGE = Path(__file__).resolve().parents[2]


def _router(body):
    router = Router()

    @router.post("/thing", response={201: dict})
    def create(request):
        return body

    return router


def test_status_is_answered():
    r = TestClient(_router(Status(201, {"id": 1}))).post("/thing")
    assert r.status_code == 201 and r.json() == {"id": 1}


def test_a_tuple_fails_the_suite():
    with pytest.raises(DeprecationWarning, match="Returning tuple"):
        TestClient(_router((201, {"id": 1}))).post("/thing")


def test_no_api_module_returns_a_status_tuple():
    """Also for endpoints no test reaches: `return 201, body` in any api module."""
    found = []
    for path in sorted(PACKAGE.rglob("api*.py")):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = getattr(node, "value", None)
            if isinstance(node, ast.Return) and isinstance(value, ast.Tuple) and value.elts:
                first = value.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, int):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not found, "return ninja.Status(code, body), not a tuple:\n" + "\n".join(found)
