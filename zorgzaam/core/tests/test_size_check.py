"""Size and complexity check (issue 10, CI check 3): scripts/check_size.py passes on the tree, and it
fails on a new offender and on a listed one that grew, and names a listed one that was fixed."""

import ast
import importlib.util

from zorgzaam.core.tests.sourcetree import PACKAGE

SCRIPT = PACKAGE.parent / "scripts" / "check_size.py"
_spec = importlib.util.spec_from_file_location("check_size", SCRIPT)
check_size = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_size)


def test_tree_has_no_new_or_grown_offender(capsys):
    assert check_size.main([]) == 0, capsys.readouterr().out
    assert "known offenders listed" in capsys.readouterr().out


def test_new_and_grown_offenders_fail_fixed_ones_are_named():
    listed = {("a.py", "lines"): 700, ("a.py::f", "complexity"): 20, ("b.py::g", "lines"): 90}
    found = {("a.py", "lines"): 701, ("a.py::f", "complexity"): 19, ("c.py", "lines"): 601}
    assert check_size.problems(found, listed) == [
        "GREW a.py: lines 701 > 700 (listed in size_exceptions.txt)",
        "NEW c.py: lines 601 > 600",
    ]
    assert check_size.fixed(found, listed) == [
        "FIXED b.py::g: lines within the limit now; remove its line from size_exceptions.txt",
    ]


def test_function_lengths_name_methods_and_nested_functions():
    tree = ast.parse(
        "class A:\n    def m(self):\n        def inner():\n            pass\n\n\ndef f():\n    pass\n"
    )
    assert check_size._function_lengths(tree) == [("A.m", 3), ("A.m.inner", 2), ("f", 2)]


def test_checked_files_skip_tests_and_migrations():
    names = {path.relative_to(PACKAGE).as_posix() for path in check_size.checked_files()}
    assert "care/services.py" in names or "care/services/__init__.py" in names
    assert not any("/tests/" in name or "/migrations/" in name or name.startswith("tests/") for name in names)
