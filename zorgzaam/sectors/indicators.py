"""Indicator tables: reading CSV (; or ,), XLSX and Statbel's pipe-separated TXT, the column-mapping
step (remembered per source by header signature), validation and import.

A table is validated completely before anything is written: unknown sector codes, values that are
not numbers and duplicate rows are reported per row, and then nothing is imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core import uploads
from zorgzaam.core.permissions import require
from zorgzaam.people.actor import Actor
from zorgzaam.sectors import geo, statbel
from zorgzaam.sectors.models import ColumnMapping, ImportJob, ImportSource, Indicator, IndicatorValue, Sector

YEAR_ALIASES = ["year", "jaar", "annee", "année", "cd_year", "ref_year", "dt_refer_year", r"cd_year_\w+"]
ROLES = {c.value for c in ColumnMapping.Role}


def _empty() -> ValidationError:
    # Said at the upload (step 1): a table without figures cannot be mapped or imported.
    return ValidationError(_("The file is empty: it has no rows with figures."))


def read_table(path: str | Path, filename: str = "") -> tuple[list[str], list[list[str]]]:
    """Headers and rows (as strings) of a CSV/TXT/XLSX file; a file without data rows is refused."""
    path = Path(path)
    name = (filename or path.name).lower()
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ValidationError(_("This file is not a table (CSV, TXT or XLSX)."))
    if not text.strip():
        raise _empty()
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(["|", ";", ",", "\t"], key=first.count)
    if first.count(delimiter) == 0:
        raise ValidationError(_("The table has only one column: use ; , | or tab between columns."))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [r for r in reader if any(cell.strip() for cell in r)]
    if len(rows) < 2:  # nothing, or only the column headings
        raise _empty()
    headers = [h.strip() for h in rows[0]]
    return headers, [[c.strip() for c in r] for r in rows[1:]]


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure means "not a workbook"
        raise ValidationError(_("The spreadsheet cannot be opened.")) from exc
    try:
        ws = wb.worksheets[0]
        rows = [
            [
                ""
                if v is None
                else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip()
                for v in r
            ]
            for r in ws.iter_rows(values_only=True)
        ]
    finally:
        wb.close()
    rows = [r for r in rows if any(rows and c for c in r)]
    if len(rows) < 2:
        raise _empty()
    return rows[0], rows[1:]


def signature(headers: list[str]) -> str:
    norm = "\x1f".join(h.strip().lower() for h in headers)
    return hashlib.sha256(norm.encode()).hexdigest()


def suggest_mapping(headers: list[str]) -> tuple[dict[str, tuple[str, str]], ImportSource | None]:
    """The remembered mapping for this kind of file, else a guess from column names."""
    source = (
        ImportSource.objects.filter(signature=signature(headers))
        .prefetch_related("columns__indicator")
        .first()
    )
    if source is not None:
        known = {m.column: (m.role, m.indicator.code if m.indicator else "") for m in source.columns.all()}
        return {h: known.get(h, ("ignore", "")) for h in headers}, source
    roles = geo.match_columns(headers)
    codes = set(Indicator.objects.values_list("code", flat=True))
    mapping: dict[str, tuple[str, str]] = {}
    for h in headers:
        low = h.strip().lower()
        if h == roles.get("code"):
            mapping[h] = ("sector", "")
        elif any(re.fullmatch(a, low) for a in YEAR_ALIASES):
            mapping[h] = ("year", "")
        elif low in codes:
            mapping[h] = ("value", low)
        elif statbel.VALUE_COLUMNS.get(low) in codes:  # e.g. Statbel's TOTAL: the population
            mapping[h] = ("value", statbel.VALUE_COLUMNS[low])
        else:
            mapping[h] = ("ignore", "")
    return mapping, None


def suggest_year(mapping: dict[str, tuple[str, str]], filename: str) -> int | None:
    """The year of the whole table, proposed from the file name (TF_SOC_POP_STRUCT_2024.txt) when no
    column holds the year."""
    if any(role == "year" for role, _code in mapping.values()):
        return None
    return statbel.year_from_name(filename)


def parse_number(text: str) -> float | None:
    """'1 234,5' / '1.234,5' / '1234.5' -> 1234.5; '' -> None; anything else raises ValueError."""
    s = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if s == "":
        return None
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".")
    value = float(s)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def check_mapping(headers: list[str], mapping: dict, default_year) -> tuple[int, int | None, dict]:
    errors = []
    unknown_cols = [c for c in mapping if c not in headers]
    if unknown_cols:
        errors.append(_("Columns not in the file: %(cols)s") % {"cols": ", ".join(unknown_cols)})
    bad_roles = [c for c, (role, _code) in mapping.items() if role not in ROLES]
    if bad_roles:
        errors.append(_("Unknown column roles for: %(cols)s") % {"cols": ", ".join(bad_roles)})
    sector_cols = [c for c, (role, _code) in mapping.items() if role == "sector"]
    year_cols = [c for c, (role, _code) in mapping.items() if role == "year"]
    if len(sector_cols) != 1:
        errors.append(_("Choose exactly one column with the sector code."))
    if len(year_cols) > 1:
        errors.append(_("Choose at most one year column."))
    if not year_cols and not default_year:
        errors.append(_("Choose a year column or give the year of the whole table."))
    value_cols = {
        c: (role, code)
        for c, (role, code) in mapping.items()
        if role in ("value", "numerator", "denominator")
    }
    if not value_cols:
        errors.append(_("Choose at least one column with indicator values."))
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in={code for _r, code in value_cols.values()})
    }
    missing = sorted({code or "?" for _r, code in value_cols.values() if code not in indicators})
    if missing:
        errors.append(_("Unknown indicators: %(codes)s") % {"codes": ", ".join(missing)})
    seen = set()
    for role, code in value_cols.values():
        if (role, code) in seen:
            # Said with the catalogue's name and the column meaning's label, not their keys.
            errors.append(
                _("Two columns have the same meaning (%(role)s) for %(indicator)s.")
                % {
                    "role": str(ColumnMapping.Role(role).label).lower(),
                    "indicator": indicators[code].name if code in indicators else code,
                }
            )
        seen.add((role, code))
    if errors:
        raise ValidationError(errors)
    col_index = {h: i for i, h in enumerate(headers)}
    per_indicator: dict[str, dict[str, int]] = {}
    for c, (role, code) in value_cols.items():
        per_indicator.setdefault(code, {})[role] = col_index[c]
    return (
        col_index[sector_cols[0]],
        (col_index[year_cols[0]] if year_cols else None),
        {indicators[code]: cols for code, cols in per_indicator.items()},
    )


def validate_rows(headers, rows, mapping, default_year=None, job=None):
    """All values to write, or a ValidationError listing row-level problems (row numbers as in the file)."""
    sector_i, year_i, per_indicator = check_mapping(headers, mapping, default_year)
    known = set(Sector.objects.filter(sector_set__complete=True).values_list("code", flat=True).distinct())
    errors: list[str] = []
    n_errors = 0
    seen: set = set()
    out: list[tuple] = []
    total = max(1, len(rows))
    for r, row in enumerate(rows, start=2):
        if r % 50000 == 0 and job is not None:
            from zorgzaam.sectors.services import report_progress

            report_progress(job, 5 + 40 * r / total, _("Checked %(n)d rows.") % {"n": r})

        def fail(msg, row_no=r):
            nonlocal n_errors
            n_errors += 1
            if len(errors) < uploads.MAX_PROBLEMS:
                errors.append(_("Row %(row)d: %(msg)s") % {"row": row_no, "msg": msg})

        if len(row) < len(headers):
            row = row + [""] * (len(headers) - len(row))
        code = row[sector_i].strip().upper()
        if code not in known:
            fail(_("unknown sector code “%(code)s”.") % {"code": code})
            continue
        if year_i is not None:
            try:
                year = int(parse_number(row[year_i]) or 0)
            except ValueError:
                year = 0
        else:
            year = int(default_year)
        if not 1970 <= year <= 2100:
            fail(
                _("“%(value)s” is not a year.")
                % {"value": row[year_i] if year_i is not None else default_year}
            )
            continue
        for ind, cols in per_indicator.items():
            parsed = {}
            for role, i in cols.items():
                try:
                    parsed[role] = parse_number(row[i])
                except ValueError:
                    fail(
                        _("“%(value)s” in column %(col)s is not a number.")
                        % {"value": row[i], "col": headers[i]}
                    )
                    parsed = None
                    break
            if parsed is None or all(v is None for v in parsed.values()):
                continue
            key = (ind.pk, year, code)
            if key in seen:
                fail(
                    _("sector %(code)s has a second value for %(ind)s in %(year)d.")
                    % {"code": code, "ind": ind.name, "year": year}
                )
                continue
            seen.add(key)
            value = parsed.get("value")
            num, den = parsed.get("numerator"), parsed.get("denominator")
            if value is None and num is not None and den:
                from zorgzaam.sectors.services import rate_scale

                value = num / den * rate_scale(ind)
            out.append((ind.pk, code, year, value, num, den))
    if n_errors:
        raise ValidationError(uploads.capped(errors, n_errors))
    if not out:
        raise ValidationError(_("The table contains no values."))
    return out


def remember_mapping(headers: list[str], mapping: dict, name: str) -> ImportSource:
    source, _created = ImportSource.objects.update_or_create(
        signature=signature(headers), defaults={"name": name or _("Indicator table"), "headers": headers}
    )
    ColumnMapping.objects.filter(source=source).delete()
    indicators = {i.code: i for i in Indicator.objects.all()}
    ColumnMapping.objects.bulk_create(
        [
            ColumnMapping(source=source, column=c, role=role, indicator=indicators.get(code))
            for c, (role, code) in mapping.items()
        ]
    )
    return source


def import_table(
    actor: Actor,
    path: str | Path,
    *,
    mapping: dict,
    source_name: str = "",
    default_year: int | None = None,
    filename: str = "",
    job: ImportJob | None = None,
) -> dict[str, int]:
    """Validate the whole table, then write all values in one transaction (existing values for the
    same indicator, year and sector are replaced) and remember the mapping for this kind of file."""
    from zorgzaam.sectors.services import (
        INDICATORS_IMPORTED,
        current_sector_set,
        is_platform_admin,
        report_progress,
    )

    # Indicator values are shared by every network: platform administrator or system work only.
    require(is_platform_admin(actor))
    mapping = {c: (v[0], v[1] or "") for c, v in mapping.items()}
    report_progress(job, 2, _("Reading the file…"))
    headers, rows = read_table(path, filename)
    values = validate_rows(headers, rows, mapping, default_year, job)
    report_progress(job, 50, _("Saving %(n)d values…") % {"n": len(values)})
    sset = current_sector_set()
    with transaction.atomic():
        _upsert_values(values, sset.pk if sset else None)
        remember_mapping(headers, mapping, source_name or filename)
        record(actor, INDICATORS_IMPORTED, data={"values": len(values), "rows": len(rows)})
    return {"rows": len(rows), "values": len(values), "indicators": len({v[0] for v in values})}


def _upsert_values(values: list[tuple], sector_set_id: int | None) -> None:
    """Insert or replace values in bulk. PostgreSQL: COPY into a temporary staging table, then one
    set-based INSERT ... SELECT ... ON CONFLICT (issue 15 item 5: close to a bare COPY). Elsewhere
    (SQLite): one executemany with ON CONFLICT in chunks; Django's bulk_create is limited to ~100
    rows per statement on SQLite (999 parameters)."""
    from django.db import connection

    # In index order (indicator, year, sector): B-tree inserts become appends, several times faster.
    values = sorted(values, key=lambda v: (v[0], v[2], v[1]))
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    columns = "indicator_id, sector_code, year, value, numerator, denominator, sector_set_id"
    conflict = (
        "ON CONFLICT (indicator_id, year, sector_code) DO UPDATE SET value = excluded.value, "
        "numerator = excluded.numerator, denominator = excluded.denominator, "
        "sector_set_id = excluded.sector_set_id"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_upsert(cursor, values, sector_set_id, table, columns, conflict)
            return
        # The table name comes from our own model, never from input.
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s) {conflict}"  # noqa: S608
        for start in range(0, len(values), 50000):
            cursor.executemany(sql, [(*v, sector_set_id) for v in values[start : start + 50000]])


def _copy_upsert(cursor, values, sector_set_id, table, columns, conflict) -> None:
    cursor.execute("DROP TABLE IF EXISTS indicator_staging")
    cursor.execute(
        "CREATE TEMPORARY TABLE indicator_staging (indicator_id bigint, sector_code varchar(12), "
        "year smallint, value double precision, numerator double precision, "
        "denominator double precision, sector_set_id bigint) ON COMMIT DROP"
    )
    with cursor.cursor.copy(f"COPY indicator_staging ({columns}) FROM STDIN") as copy:
        for v in values:
            copy.write_row((*v, sector_set_id))
    # Already sorted in index order and unique per key (validate_rows refuses a second value).
    cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM indicator_staging {conflict}")  # noqa: S608
