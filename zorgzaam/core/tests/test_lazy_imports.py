"""Memory of a web worker (issue 15 item 6): heavy libraries are imported where they are used, not
when the URLconf or an app's views, API or services module is loaded. Checked in a fresh interpreter,
since the test process itself has imported everything."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from zorgzaam.core.lazy import lazy_module

ROOT = Path(__file__).resolve().parents[3]

# Each costs 5 to 130 MB of RSS when imported (python -X importtime and RSS deltas, bench/memory.py).
HEAVY = [
    "ortools",
    "scipy",
    "numpy",
    "pandas",
    "shapely",
    "pyproj",
    "pyogrio",
    "reportlab",
    "openpyxl",
    "segno",
    "icalendar",
    "jsonschema",
    "polib",
    "pyotp",
]
# Heavy modules a plain web worker may still load, each with the reason. Empty: keep it so.
ALLOWED: dict[str, str] = {}
MODULES = ("views", "api", "services", "selectors", "forms", "urls")

PROBE = """
import importlib, importlib.util, json, sys
import django
django.setup()
from django.conf import settings
from django.urls import get_resolver
get_resolver().url_patterns  # the URLconf, which imports every app's urls, views and the API
loaded = []
for app in settings.ZORGZAAM_APPS:
    for part in %r:
        name = f"{app}.{part}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
            loaded.append(name)
print(json.dumps({"loaded": loaded, "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(%r))}))
"""


def probe() -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="zorgzaam.settings", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", PROBE % (MODULES, HEAVY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_web_modules_do_not_import_heavy_libraries():
    result = probe()
    # The probe really walked the apps (a typo in MODULES would make this test pass on nothing).
    assert "zorgzaam.people.views" in result["loaded"]
    assert "zorgzaam.sectors.services" in result["loaded"]
    assert len(result["loaded"]) >= 3 * len(settings.ZORGZAAM_APPS)
    unexpected = sorted(set(result["heavy"]) - set(ALLOWED))
    assert unexpected == [], f"imported when a web worker starts: {unexpected}"


def test_lazy_module_imports_on_first_use_only():
    sys.modules.pop("colorsys", None)
    colorsys = lazy_module("colorsys")
    assert "colorsys" not in sys.modules
    assert colorsys.rgb_to_hsv(1, 0, 0) == (0, 1, 1)
    assert "colorsys" in sys.modules
    assert "loaded" in repr(colorsys)
