#!/usr/bin/env python3
"""Size and complexity check (issue 10, CI check 3).

Limits, for Python files under zorgzaam/ except migrations and tests (test modules, tests/ folders and
conftest.py: long parametrised scenarios read better whole):
  - a file has at most 600 lines;
  - a function or method has at most 80 lines (from its `def` to its last line; nested functions count
    in their parent too);
  - a function's cyclomatic complexity is at most 15 (ruff's C901, the mccabe measure).

Today's known offenders are listed in scripts/size_exceptions.txt, one per line with its current
figure, e.g. `zorgzaam/care/services.py lines=1373` or `zorgzaam/care/demo.py::build complexity=34`.
The check fails on any offender not in the list and on a listed one that grew past its figure; it
prints the listed ones that no longer offend (delete their lines: the list only shrinks). Run from
the repository root: `python scripts/check_size.py` (exit status 1 on failure).
`--write` rewrites the list from today's offenders (for the coordinator, not for hiding new ones).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "zorgzaam"
EXCEPTIONS = ROOT / "scripts" / "size_exceptions.txt"
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_COMPLEXITY = 15

Key = tuple[str, str]  # ("zorgzaam/x.py" or "zorgzaam/x.py::func", metric)


def checked_files() -> list[Path]:
    files = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or "tests" in parts or "__pycache__" in parts:
            continue
        if path.name == "conftest.py" or path.name.startswith("test_"):
            continue
        files.append(path)
    return files


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _function_lengths(tree: ast.AST, prefix: str = "") -> list[tuple[str, int]]:
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            found.append((name, node.end_lineno - node.lineno + 1))
            found += _function_lengths(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            found += _function_lengths(node, prefix + node.name + ".")
        else:
            found += _function_lengths(node, prefix)
    return found


def _ruff() -> str:
    local = Path(sys.executable).with_name("ruff")
    return str(local) if local.exists() else (shutil.which("ruff") or "ruff")


def _complexities(files: list[Path]) -> dict[Key, int]:
    """ruff's C901 over the files: {(path::function, "complexity"): value} for every function above
    the limit (ruff reports the bare function name; the largest wins when two share it)."""
    command = [
        _ruff(),
        "check",
        "--isolated",
        "--select",
        "C901",
        "--config",
        f"lint.mccabe.max-complexity={MAX_COMPLEXITY}",
        "--output-format",
        "json",
        "--exit-zero",
        *[str(f) for f in files],
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    found: dict[Key, int] = {}
    for item in json.loads(output):
        match = re.search(r"`(.+)` is too complex \((\d+) > \d+\)", item["message"])
        key = (f"{_relative(Path(item['filename']))}::{match.group(1)}", "complexity")
        found[key] = max(found.get(key, 0), int(match.group(2)))
    return found


def measure() -> dict[Key, int]:
    """Every offender today: {(where, metric): figure}."""
    files = checked_files()
    found: dict[Key, int] = {}
    for path in files:
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_FILE_LINES:
            found[(_relative(path), "lines")] = lines
        for name, length in _function_lengths(ast.parse(source, filename=str(path))):
            if length > MAX_FUNCTION_LINES:
                found[(f"{_relative(path)}::{name}", "lines")] = length
    found.update(_complexities(files))
    return found


def read_exceptions(path: Path = EXCEPTIONS) -> dict[Key, int]:
    listed: dict[Key, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"(\S+)\s+(lines|complexity)=(\d+)", line)
        if not match:
            raise SystemExit(f"{path.name}:{number}: expected 'path[::function] lines=N|complexity=N'")
        listed[(match.group(1), match.group(2))] = int(match.group(3))
    return listed


def _limit(where: str, metric: str) -> int:
    if metric == "complexity":
        return MAX_COMPLEXITY
    return MAX_FUNCTION_LINES if "::" in where else MAX_FILE_LINES


def problems(found: dict[Key, int], listed: dict[Key, int]) -> list[str]:
    out = []
    for (where, metric), value in sorted(found.items()):
        allowed = listed.get((where, metric))
        if allowed is None:
            out.append(f"NEW {where}: {metric} {value} > {_limit(where, metric)}")
        elif value > allowed:
            out.append(f"GREW {where}: {metric} {value} > {allowed} (listed in {EXCEPTIONS.name})")
    return out


def fixed(found: dict[Key, int], listed: dict[Key, int]) -> list[str]:
    """Listed offenders within the limits now: a reminder to delete their lines (not a failure, so that
    a fix committed by one person does not break the build of another editing the list)."""
    return [
        f"FIXED {where}: {metric} within the limit now; remove its line from {EXCEPTIONS.name}"
        for where, metric in sorted(set(listed) - set(found))
    ]


def write_exceptions(found: dict[Key, int]) -> None:
    header = (
        EXCEPTIONS.read_text(encoding="utf-8").split("\n\n", 1)[0].rstrip() if EXCEPTIONS.exists() else ""
    )
    body = "\n".join(f"{where} {metric}={value}" for (where, metric), value in sorted(found.items()))
    EXCEPTIONS.write_text(f"{header}\n\n{body}\n" if header else f"{body}\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    found = measure()
    if "--write" in argv:
        write_exceptions(found)
        print(f"{EXCEPTIONS.name}: {len(found)} known offenders written.")
        return 0
    listed = read_exceptions()
    failures = problems(found, listed)
    print(
        f"Size check: files <= {MAX_FILE_LINES} lines, functions <= {MAX_FUNCTION_LINES} lines and "
        f"complexity <= {MAX_COMPLEXITY}; {len(listed)} known offenders listed in {EXCEPTIONS.name}."
    )
    for line in failures + fixed(found, listed):
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
