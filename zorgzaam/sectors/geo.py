"""Reading Statbel's statistical-sector files and comparing sector layers (pure functions, no database).

Formats: GeoJSON, zipped Shapefile, GeoPackage (read with pyogrio, no geopandas). Coordinate systems:
Lambert-72 (EPSG:31370), Lambert 2008 (EPSG:3812) or WGS84 (EPSG:4326); everything is stored in WGS84.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zorgzaam.core.lazy import lazy_module
from zorgzaam.sectors import statbel

# Imported on first use: pyogrio alone brings pandas (~130 MB); pages only need this module's names.
np = lazy_module("numpy")
pyogrio = lazy_module("pyogrio")
pyproj = lazy_module("pyproj")
shapely = lazy_module("shapely")

SUPPORTED_EPSG = {31370: "Lambert-72", 3812: "Lambert 2008", 4326: "WGS84"}
# Belgium with a margin, in WGS84: anything outside means a wrong or missing coordinate system.
BELGIUM_BOUNDS = (2.3, 49.3, 6.6, 51.7)
# Equal-area-ish metric system for surfaces when the file is in WGS84.
METRIC_EPSG = 3812

# Statbel's own column names across releases, lower-cased. Regular expressions cover the
# year-stamped variants such as CS01012020 (sector code on 1 January 2020) and CNIS5_2020.
COLUMN_ALIASES = {
    "code": ["cd_sector", "sector_code", "code_sector", "cd_sect", "sector", r"cs0101\d{4}", r"cs\d{4}"],
    # Shapefiles cut names at 10 characters (GDAL turns TX_SECTOR_DESCR_NL/FR into TX_SECTOR_/TX_SECTO_1).
    "name_nl": [
        "tx_sector_descr_nl",
        "tx_sector_",
        "t_sec_nl",
        "tx_sect_descr_nl",
        "sector_nl",
        "name_nl",
        "naam_nl",
    ],
    "name_fr": [
        "tx_sector_descr_fr",
        "tx_secto_1",
        "t_sec_fr",
        "tx_sect_descr_fr",
        "sector_fr",
        "name_fr",
        "nom_fr",
    ],
    "nis_code": [
        "cd_munty_refnis",
        "cd_munty_r",
        "cd_refnis",
        "cnis5",
        r"cnis5_\d{4}",
        "nis5",
        "nis_code",
        "cd_nis",
        "refnis",
    ],
}
SECTOR_CODE_RE = re.compile(r"^\d{5}[A-Z0-9]{1,4}-?$")


@dataclass
class SectorLayer:
    """A validated layer, in WGS84, ready to be stored."""

    codes: list[str]
    names_nl: list[str]
    names_fr: list[str]
    nis_codes: list[str]
    geoms: np.ndarray  # shapely geometries in WGS84
    areas_m2: np.ndarray
    crs_label: str
    year_hint: int | None = None
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.codes)


def match_columns(names: list[str]) -> dict[str, str]:
    """Map our roles (code, name_nl, name_fr, nis_code) to the file's column names, case-insensitively."""
    lower = {n.lower(): n for n in names}
    found: dict[str, str] = {}
    for role, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            hit = next((lower[c] for c in lower if re.fullmatch(alias, c)), None)
            if hit is not None:
                found[role] = hit
                break
    return found


def _epsg_of(crs_text: str | None) -> int | None:
    if not crs_text:
        return None
    try:
        crs = pyproj.CRS.from_user_input(crs_text)
    except Exception:  # noqa: BLE001 - unreadable CRS is reported as unsupported
        return None
    # Statbel's .prj files name no EPSG code and PROJ matches them poorly: compare parameters first.
    epsg = statbel.belgian_epsg_of(crs) or crs.to_epsg(min_confidence=70)
    if epsg is None and crs.is_geographic and "WGS 84" in crs.name:
        return 4326
    return epsg


def _open_path(path: Path) -> str:
    """The path pyogrio should read; zip files are checked first so a broken zip gets a clear message."""
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                bad = zf.testzip()
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValidationError(_("The zip file cannot be opened.")) from exc
        if bad is not None:
            raise ValidationError(_("The zip file is damaged."))
        shp = [n for n in names if n.lower().endswith(".shp")]
        gpkg = [n for n in names if n.lower().endswith((".gpkg", ".geojson", ".json"))]
        if shp:
            return f"/vsizip/{path}/{shp[0]}"
        if gpkg:
            return f"/vsizip/{path}/{gpkg[0]}"
        raise ValidationError(_("The zip file contains no Shapefile, GeoPackage or GeoJSON."))
    return str(path)


def read_sector_file(path: str | Path, name: str = "") -> SectorLayer:
    """Read and validate a sector file. Raises ValidationError (with every problem found) and never
    returns a partial layer. `name` is the file's own name (an upload is stored under another one):
    Statbel's names carry the reference year."""
    path = Path(path)
    source = _open_path(path)
    try:
        meta, _fids, wkb, field_data = pyogrio.raw.read(source)
    except Exception as exc:  # noqa: BLE001 - GDAL raises many kinds; all mean "unreadable"
        raise ValidationError(
            _("The file cannot be read as a map layer (GeoJSON, Shapefile or GeoPackage).")
        ) from exc
    columns = [str(c) for c in meta["fields"]]
    data = dict(zip(columns, field_data, strict=False))
    n = 0 if wkb is None else len(wkb)
    if n == 0:
        raise ValidationError(_("The file contains no sectors."))
    roles = match_columns(columns)
    if "code" not in roles:
        raise ValidationError(
            _("The file has no sector code column (expected e.g. CD_SECTOR). Columns found: %(cols)s")
            % {"cols": ", ".join(columns) or "-"}
        )
    epsg = _epsg_of(meta.get("crs"))
    if epsg is None and path.suffix.lower() in (".geojson", ".json"):
        epsg = 4326  # GeoJSON without a crs member is WGS84 by definition
    if epsg not in SUPPORTED_EPSG:
        raise ValidationError(
            _(
                "The coordinate system %(crs)s is not supported. Use Lambert-72 (EPSG:31370), "
                "Lambert 2008 (EPSG:3812) or WGS84 (EPSG:4326)."
            )
            % {"crs": meta.get("crs") or _("(none)")}
        )

    def column(role: str) -> list[str]:
        name = roles.get(role)
        if name is None:
            return [""] * n
        return ["" if v is None else str(v).strip() for v in data[name]]

    codes = [c.upper() for c in column("code")]
    errors: list[str] = []
    empty = [i + 1 for i, c in enumerate(codes) if not c]
    if empty:
        errors.append(
            _("%(n)d sectors have no code (rows %(rows)s).") % {"n": len(empty), "rows": _rows(empty)}
        )
    malformed = [c for c in codes if c and not SECTOR_CODE_RE.match(c)]
    if malformed:
        errors.append(_("Codes that are not sector codes: %(codes)s") % {"codes": _sample(malformed)})
    seen: set[str] = set()
    dupes = sorted({c for c in codes if c and (c in seen or seen.add(c))})
    if dupes:
        errors.append(_("Sector codes that occur more than once: %(codes)s") % {"codes": _sample(dupes)})

    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    missing = [
        codes[i] or str(i + 1) for i in np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    ]
    if missing:
        errors.append(_("Sectors without a shape: %(codes)s") % {"codes": _sample(missing)})
    types = shapely.get_type_id(geoms)
    not_polygon = [codes[i] for i in np.flatnonzero(~np.isin(types, [3, 6])) if codes[i] not in missing]
    if not_polygon:
        errors.append(_("Sectors whose shape is not a polygon: %(codes)s") % {"codes": _sample(not_polygon)})
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    invalid = [codes[i] for i in np.flatnonzero(ok & ~shapely.is_valid(geoms))]
    if invalid:
        errors.append(
            _("Sectors with an invalid shape (e.g. crossing edges): %(codes)s") % {"codes": _sample(invalid)}
        )
    if errors:
        raise ValidationError(errors)

    if epsg == 4326:
        wgs = geoms
        metric = transform(geoms, 4326, METRIC_EPSG)
    else:
        wgs = transform(geoms, epsg, 4326)
        metric = geoms
    minx, miny, maxx, maxy = shapely.total_bounds(wgs)
    bx0, by0, bx1, by1 = BELGIUM_BOUNDS
    if not (bx0 <= minx and maxx <= bx1 and by0 <= miny and maxy <= by1):
        raise ValidationError(
            _(
                "The sectors do not lie in Belgium once read as %(crs)s: "
                "the coordinate system in the file is probably wrong."
            )
            % {"crs": f"EPSG:{epsg}"}
        )
    # The year: from a code column named after it (CS01012024), else from the file name.
    m = re.fullmatch(r"cs0101(\d{4})", roles["code"].lower())
    year_hint = int(m.group(1)) if m else statbel.year_from_name(name or path.name)
    nis = column("nis_code")
    nis = [v[:5] if v else c[:5] for v, c in zip(nis, codes, strict=True)]
    return SectorLayer(
        codes=codes,
        names_nl=column("name_nl"),
        names_fr=column("name_fr"),
        nis_codes=nis,
        geoms=wgs,
        areas_m2=shapely.area(metric),
        crs_label=f"EPSG:{epsg}",
        year_hint=year_hint,
    )


def transform(geoms: np.ndarray, from_epsg: int, to_epsg: int) -> np.ndarray:
    """Reproject an array of geometries in one vectorised call."""
    tr = pyproj.Transformer.from_crs(from_epsg, to_epsg, always_xy=True)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, fn)


def round_geoms(geoms: np.ndarray, precision: int = 7) -> np.ndarray:
    """Seven decimals of a degree is ~1 cm: plenty for sectors, keeps the stored JSON small, and
    makes stored and freshly read shapes comparable byte for byte."""
    return shapely.set_precision(geoms, 10**-precision, mode="pointwise")


def from_geojson_texts(texts: list[str]) -> np.ndarray:
    """Shapes from stored GeoJSON text in one vectorised call."""
    return shapely.from_geojson(np.asarray(texts, dtype=object))


def _sample(items: list, limit: int = 10) -> str:
    shown = ", ".join(str(i) for i in items[:limit])
    return shown + (f" (+{len(items) - limit})" if len(items) > limit else "")


def _rows(rows: list[int]) -> str:
    return _sample(rows)


# --- comparing two versions ----------------------------------------------------------------------

OVERLAP_SHARE = 0.1  # an overlap counts when it covers at least 10% of the smaller sector


def detect_changes(
    old_codes: list[str], old_geoms: np.ndarray, new_codes: list[str], new_geoms: np.ndarray
) -> list[tuple[str, list[str], list[str]]]:
    """Classify what happened between two layers: (kind, old_codes, new_codes) tuples.

    Same code and identical shape: unchanged. Otherwise sectors are linked when they overlap
    substantially (STRtree query, vectorised intersections) and each connected group is classified:
    1 old - 1 new with another code: renamed; same code: reshaped; 1 - n: split; n - 1: merged.
    """
    result: list[tuple[str, list[str], list[str]]] = []
    old_index = {c: i for i, c in enumerate(old_codes)}
    new_index = {c: i for i, c in enumerate(new_codes)}
    same = [c for c in new_codes if c in old_index]
    old_wkb = shapely.to_wkb(shapely.normalize(old_geoms[[old_index[c] for c in same]])) if same else []
    new_wkb = shapely.to_wkb(shapely.normalize(new_geoms[[new_index[c] for c in same]])) if same else []
    identical = {c for c, a, b in zip(same, old_wkb, new_wkb, strict=True) if a == b}
    # Near-identical shapes (re-digitised edges) also count as unchanged.
    rest_same = [c for c in same if c not in identical]
    if rest_same:
        a = old_geoms[[old_index[c] for c in rest_same]]
        b = new_geoms[[new_index[c] for c in rest_same]]
        iou = shapely.area(shapely.intersection(a, b)) / np.maximum(shapely.area(shapely.union(a, b)), 1e-30)
        identical |= {c for c, v in zip(rest_same, iou, strict=True) if v > 0.98}
    for c in sorted(identical):
        result.append(("unchanged", [c], [c]))

    old_rest = np.array([i for i, c in enumerate(old_codes) if c not in identical], dtype=int)
    new_rest = np.array([i for i, c in enumerate(new_codes) if c not in identical], dtype=int)
    if len(old_rest) == 0 and len(new_rest) == 0:
        return result
    links: dict[tuple[str, int], set] = {}
    if len(old_rest) and len(new_rest):
        tree = shapely.STRtree(new_geoms[new_rest])
        qi, ti = tree.query(old_geoms[old_rest], predicate="intersects")
        if len(qi):
            a = old_geoms[old_rest[qi]]
            b = new_geoms[new_rest[ti]]
            inter = shapely.area(shapely.intersection(a, b))
            smaller = np.minimum(shapely.area(a), shapely.area(b))
            keep = inter >= OVERLAP_SHARE * smaller
            for o, nn in zip(old_rest[qi][keep], new_rest[ti][keep], strict=True):
                links.setdefault(("o", int(o)), set()).add(("n", int(nn)))
                links.setdefault(("n", int(nn)), set()).add(("o", int(o)))
    seen: set = set()
    for start in [("o", int(i)) for i in old_rest] + [("n", int(i)) for i in new_rest]:
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for nb in links.get(node, ()):
                if nb not in seen:
                    seen.add(nb)
                    stack.append(nb)
        olds = sorted(old_codes[i] for s, i in group if s == "o")
        news = sorted(new_codes[i] for s, i in group if s == "n")
        if not news:
            kind = "removed"
        elif not olds:
            kind = "new"
        elif len(olds) == 1 and len(news) == 1:
            kind = "reshaped" if olds == news else "renamed"
        elif len(olds) == 1:
            kind = "split"
        elif len(news) == 1:
            kind = "merged"
        else:
            kind = "reshaped" if olds == news else ("split" if len(news) > len(olds) else "merged")
        result.append((kind, olds, news))
    return result
