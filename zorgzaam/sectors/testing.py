"""Helpers to write small sector files for tests, the demo and the benchmark (never downloads)."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyproj import CRS

from zorgzaam.sectors import geo

# Lindebeek-ish origin in Lambert-72 (metres).
ORIGIN_31370 = (150000.0, 200000.0)


def grid_boxes(nx: int, ny: int, size: float = 500.0, origin=ORIGIN_31370) -> list:
    x0, y0 = origin
    return [
        shapely.box(x0 + i * size, y0 + j * size, x0 + (i + 1) * size, y0 + (j + 1) * size)
        for j in range(ny)
        for i in range(nx)
    ]


def write_layer(
    path: str | Path,
    geoms_31370: list,
    codes: list[str],
    *,
    epsg: int = 31370,
    fmt: str = "geojson",
    columns: dict[str, str] | None = None,
    names_nl: list[str] | None = None,
    names_fr: list[str] | None = None,
    extra: dict[str, list] | None = None,
) -> Path:
    """Write polygons given in Lambert-72 as a sector file in `fmt` (geojson, gpkg, shp-zip), in `epsg`.
    `columns` renames the standard Statbel columns (e.g. lower-case or T_SEC_NL variants)."""
    path = Path(path)
    cols = {
        "code": "CD_SECTOR",
        "name_nl": "TX_SECTOR_DESCR_NL",
        "name_fr": "TX_SECTOR_DESCR_FR",
        "nis": "CD_MUNTY_REFNIS",
    }
    cols.update(columns or {})
    geoms = np.asarray(geoms_31370, dtype=object)
    if epsg != 31370:
        geoms = geo.transform(geoms, 31370, epsg)
    n = len(codes)
    data = {
        cols["code"]: np.array(codes, dtype=object),
        cols["name_nl"]: np.array(names_nl or [f"Wijk {c}" for c in codes], dtype=object),
        cols["name_fr"]: np.array(names_fr or [f"Quartier {c}" for c in codes], dtype=object),
        cols["nis"]: np.array([c[:5] for c in codes], dtype=object),
    }
    for k, v in (extra or {}).items():
        data[k] = np.array(v, dtype=object)
    data = {k: v for k, v in data.items() if k}
    assert all(len(v) == n for v in data.values())
    crs = CRS.from_epsg(epsg).to_wkt()
    wkb = shapely.to_wkb(geoms)
    if fmt == "shp-zip":
        folder = path.parent / (path.stem + "_shp")
        folder.mkdir(exist_ok=True)
        shp = folder / "sectors.shp"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL shortens long column names
            pyogrio.raw.write(
                str(shp),
                wkb,
                list(data.values()),
                list(data.keys()),
                crs=crs,
                driver="ESRI Shapefile",
                geometry_type="Polygon",
                encoding="UTF-8",
            )
        zpath = path.with_suffix(".zip")
        with zipfile.ZipFile(zpath, "w") as zf:
            for f in folder.iterdir():
                zf.write(f, f.name)
        return zpath
    driver = {"geojson": "GeoJSON", "gpkg": "GPKG"}[fmt]
    suffix = {"geojson": ".geojson", "gpkg": ".gpkg"}[fmt]
    out = path.with_suffix(suffix)
    kwargs = {}
    if fmt == "geojson" and epsg != 4326:
        kwargs["layer_options"] = {"RFC7946": "NO"}
    pyogrio.raw.write(
        str(out),
        wkb,
        list(data.values()),
        list(data.keys()),
        crs=crs,
        driver=driver,
        geometry_type="Polygon",
        **kwargs,
    )
    return out
