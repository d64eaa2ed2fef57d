"""Heavy libraries imported on first use, so a web worker only pays for what its pages need.

NumPy, shapely, pyproj, pyogrio (with pandas), OR-Tools, reportlab, openpyxl, segno... cost 10 to 130 MB
each when imported; most pages use none of them. A module that needs one in many places writes
`np = lazy_module("numpy")` instead of `import numpy as np`: the first attribute access imports it.
zorgzaam/core/tests/test_lazy_imports.py checks that loading the URLconf and every app's views, API
and services imports none of them. Not importlib.util.LazyLoader: it puts a half-made module in
sys.modules and is not thread-safe before Python 3.12 (gunicorn threads, the Huey consumer).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType


class LazyModule:
    """Stands for a module until an attribute is read; the import itself is thread-safe."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        module = self._module
        if module is None:
            module = self._module = import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{' (loaded)' if self._module else ''}>"


def lazy_module(name: str) -> LazyModule:
    return LazyModule(name)
