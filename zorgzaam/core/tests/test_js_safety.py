"""No script of ours builds HTML out of strings (issue 9 item 5).

Names people type reached Leaflet tooltips as HTML strings on seven pages. Scripts now hand text to
ZorgzaamMap (zorgzaam/core/static/zorgzaam/map.js), which builds DOM nodes; this test keeps it that
way by refusing every HTML sink outside a short allow-list. Vendored libraries are not ours to scan.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

APP_ROOT = Path(__file__).resolve().parents[2]  # the zorgzaam package

# Ways JavaScript turns a string into markup. Leaflet's bindTooltip/bindPopup/setContent and the
# attribution insert a string with innerHTML, so only DOM nodes may be passed to them.
SINKS = {
    "innerHTML/outerHTML assignment": re.compile(r"\b(?:inner|outer)HTML\s*\+?="),
    "insertAdjacentHTML": re.compile(r"\binsertAdjacentHTML\s*\("),
    "document.write": re.compile(r"\bdocument\.write(?:ln)?\s*\("),
    "HTML parsing": re.compile(r"\b(?:createContextualFragment|parseFromString)\s*\("),
    "Leaflet content": re.compile(
        r"\.(?:bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent|addAttribution)\s*\("
    ),
    "Leaflet HTML option": re.compile(r"\b(?:html|attribution)\s*:"),
    "markup in a string": re.compile(r"[\"'`]\s*<\s*[a-zA-Z!/]"),
}

# (file under zorgzaam/, stripped line): the shared helper, which only ever passes DOM nodes or
# escaped text to Leaflet.
ALLOWED = {
    (
        "core/static/zorgzaam/map.js",
        "L.tileLayer(url, { attribution: attribution, maxZoom: 19 }).addTo(map);",
    ),
    ("core/static/zorgzaam/map.js", "return layer.bindTooltip(textNode(text), options);"),
    ("core/static/zorgzaam/map.js", "return layer.bindPopup(box, options);"),
}


def offences(source: str) -> list[tuple[str, str]]:
    """(sink, stripped line) for each line of `source` that uses an HTML sink."""
    found = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        found += [(sink, stripped) for sink, pattern in SINKS.items() if pattern.search(stripped)]
    return found


def our_scripts() -> list[Path]:
    return sorted(p for p in APP_ROOT.rglob("*.js") if "vendor" not in p.relative_to(APP_ROOT).parts)


@pytest.mark.parametrize(
    "line",
    [
        "l.bindTooltip(f.properties.name, { permanent: true });",
        'layer.bindTooltip(code + " " + name);',
        "marker.bindPopup(p.name)",
        "el.innerHTML = '<b>' + name + '</b>';",
        "el.innerHTML += row;",
        'list.insertAdjacentHTML("beforeend", item);',
        "var row = `<li>${name}</li>`;",
        "L.divIcon({ html: name })",
        "L.tileLayer(url, { attribution: data.attribution })",
    ],
)
def test_the_check_sees_html_built_from_data(line):
    assert offences(line)


def test_no_script_builds_html_from_strings():
    scripts = our_scripts()
    # The map scripts and the shared helper are all found (the glob did not silently go empty).
    names = {p.relative_to(APP_ROOT).as_posix() for p in scripts}
    assert {"core/static/zorgzaam/map.js", "networks/static/networks/areas.js"} <= names
    bad = [
        (path, sink, line)
        for path in names
        for sink, line in offences((APP_ROOT / path).read_text(encoding="utf-8"))
        if (path, line) not in ALLOWED
    ]
    assert bad == []


def test_every_allowed_line_still_exists():
    # An allow-list entry for a line that is gone would silently allow it back later.
    for path, line in ALLOWED:
        lines = {raw.strip() for raw in (APP_ROOT / path).read_text(encoding="utf-8").splitlines()}
        assert line in lines, (path, line)
