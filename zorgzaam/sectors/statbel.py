"""Statbel's files as they are published (pure functions, no database): the reference year in a file
name, the coordinate systems of Statbel's .prj files, and the column names of its tables.

- File names carry the year as a date stamp (sh_statbel_statistical_sectors_31370_20240101.shp.zip;
  older releases DDMMYYYY: scbel01012011_gen_shp.zip) or as a year (TF_SOC_POP_STRUCT_2024.txt).
- Statbel's .prj files are ESRI WKT without an EPSG code. Lambert 72 carries ESRI's rounding of the false
  origin and the other order of the standard parallels, which PROJ only links to EPSG:31370 at 25 %
  confidence; so the projection is matched on its parameters instead of on names.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import PurePath
from typing import TYPE_CHECKING

from zorgzaam.core.lazy import lazy_module

if TYPE_CHECKING:
    from pyproj import CRS

pyproj = lazy_module("pyproj")  # ~27 MB, only when a coordinate system is read (zorgzaam/core/lazy.py)

YEARS = range(1970, 2101)
DIGIT_RUNS = re.compile(r"(?<!\d)(\d{8}|\d{4})(?!\d)")

# Statbel value columns that mean a catalogue indicator (lower-case column name -> indicator code).
VALUE_COLUMNS = {
    "total": "population_total",  # population per sector (OPENDATA_SECTOREN_*, TF_SOC_POP_STRUCT_*)
    "ms_population": "population_total",
    "ms_pop": "population_total",
}


def _date_year(digits: str) -> int | None:
    """The year of an 8-digit date stamp: YYYYMMDD, else DDMMYYYY; None when it is no date."""
    for year, month, day in ((digits[:4], digits[4:6], digits[6:]), (digits[4:], digits[2:4], digits[:2])):
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
        if int(year) in YEARS:
            return int(year)
    return None


def year_from_name(name: str) -> int | None:
    """The reference year a file name states, or None when it states none (or several)."""
    stem = PurePath(name or "").name
    found = set()
    for digits in DIGIT_RUNS.findall(stem):
        year = _date_year(digits) if len(digits) == 8 else int(digits)
        if year in YEARS:
            found.add(year)
    return found.pop() if len(found) == 1 else None


# --- coordinate systems --------------------------------------------------------------------------

BELGIAN_EPSG = (31370, 3812)
ANGLE_TOLERANCE = 1e-6  # degrees: ~0.1 m on the ground
LENGTH_TOLERANCE = 0.01  # metres: ESRI rounds Lambert 72's false origin by less than a millimetre


def _signature(crs: CRS) -> tuple | None:
    """What defines a projected system on the ground: method, ellipsoid, unit and parameters (the two
    standard parallels as an unordered pair)."""
    op = crs.coordinate_operation
    if not crs.is_projected or op is None or crs.ellipsoid is None:
        return None
    params = {}
    for p in op.params:
        name = p.name.lower()
        value = p.value
        if p.unit_category == "angular" and p.unit_conversion_factor:
            value = math.degrees(p.value * p.unit_conversion_factor)
        elif p.unit_category == "linear" and p.unit_conversion_factor:
            value = p.value * p.unit_conversion_factor
        params[name] = value
    parallels = sorted(v for k, v in params.items() if "standard parallel" in k)
    others = tuple(sorted((k, v) for k, v in params.items() if "standard parallel" not in k))
    axis_unit = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
    return (
        op.method_name.lower(),
        round(crs.ellipsoid.semi_major_metre, 3),
        round(crs.ellipsoid.inverse_flattening, 6),
        axis_unit,
        tuple(parallels),
        others,
    )


def _close(a: tuple, b: tuple) -> bool:
    (m1, a1, f1, u1, par1, oth1), (m2, a2, f2, u2, par2, oth2) = a, b
    if (m1, a1, f1, u1) != (m2, a2, f2, u2) or len(par1) != len(par2) or len(oth1) != len(oth2):
        return False
    if any(abs(x - y) > ANGLE_TOLERANCE for x, y in zip(par1, par2, strict=True)):
        return False
    for (k1, v1), (k2, v2) in zip(oth1, oth2, strict=True):
        tolerance = LENGTH_TOLERANCE if ("easting" in k1 or "northing" in k1) else ANGLE_TOLERANCE
        if k1 != k2 or abs(v1 - v2) > tolerance:
            return False
    return True


_REFERENCE: dict[int, tuple] = {}


def belgian_epsg_of(crs_input) -> int | None:
    """31370 or 3812 when this coordinate system is Lambert 72 or Lambert 2008 by its parameters
    (whatever its name or dialect), else None."""
    try:
        crs = crs_input if isinstance(crs_input, pyproj.CRS) else pyproj.CRS.from_user_input(crs_input)
        sig = _signature(crs)
    except Exception:  # noqa: BLE001 - an unreadable system is simply not a Belgian one
        return None
    if sig is None:
        return None
    for epsg in BELGIAN_EPSG:
        if epsg not in _REFERENCE:
            _REFERENCE[epsg] = _signature(pyproj.CRS.from_epsg(epsg))
        if _close(sig, _REFERENCE[epsg]):
            return epsg
    return None
