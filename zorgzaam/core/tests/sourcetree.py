"""The project's source, parsed once per test process for the architecture tests (ast, no imports)."""

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


@functools.cache
def parsed_modules() -> tuple[tuple[Path, ast.Module], ...]:
    """(path relative to zorgzaam/, tree) of every non-test, non-migration module."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if "migrations" in rel.parts or "tests" in rel.parts or path.name == "conftest.py":
            continue
        out.append((rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
    return tuple(out)
