"""Imports at COPY speed (issue 15 item 5): the sector layer and indicator values, each against the
bare baseline of the same work in the same run (this machine is shared and noisy: read the ratios).

- Sector layer (N sectors, GeoPackage in Lambert-72): `import_sector_file` against a bare pyogrio read
  of the same file plus a COPY (PostgreSQL) / executemany (SQLite) of its rows into an unindexed table.
- Indicator values (M values): the write step of `indicators.import_table` (staging COPY and one
  set-based upsert on PostgreSQL, executemany with ON CONFLICT on SQLite) into an empty table and again
  over the same keys (every value replaced), against a bare COPY / executemany of the same rows into an
  unindexed table. The whole `import_table` (reading and checking the CSV included) is printed too.

Run from the repository root, on PostgreSQL with a database of your own that the URL may migrate:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/zorgzaam_bench .venv/bin/python bench/imports.py
Without DATABASE_URL it uses a temporary SQLite database. Options: --sectors 20000 --values 1000000.
The bench removes what it wrote (its layer, indicators and values) at the end.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def _bare_sectors(cursor, path, pg: bool) -> int:
    """The floor: read the file with pyogrio and write its rows unchanged into an unindexed table."""
    import pyogrio

    _meta, _fids, geometry, fields = pyogrio.raw.read(str(path))
    rows = list(zip(*[f.tolist() for f in fields], [bytes(g) for g in geometry], strict=True))
    ncols = len(fields) + 1
    cursor.execute("DROP TABLE IF EXISTS bench_bare_sectors")
    cols = ", ".join(f"c{i} text" for i in range(ncols - 1))
    cursor.execute(f"CREATE TEMPORARY TABLE bench_bare_sectors ({cols}, geom {'bytea' if pg else 'blob'})")
    if pg:
        with cursor.cursor.copy("COPY bench_bare_sectors FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * ncols)
        cursor.executemany(f"INSERT INTO bench_bare_sectors VALUES ({marks})", rows)  # noqa: S608
    return len(rows)


def _bare_values(cursor, values, pg: bool) -> None:
    cursor.execute("DROP TABLE IF EXISTS bench_bare_values")
    cursor.execute(
        "CREATE TEMPORARY TABLE bench_bare_values (indicator_id bigint, sector_code varchar(12), "
        "year smallint, value double precision, numerator double precision, "
        "denominator double precision, sector_set_id bigint)"
    )
    if pg:
        with cursor.cursor.copy("COPY bench_bare_values FROM STDIN") as copy:
            for v in values:
                copy.write_row((*v, None))
    else:
        sql = "INSERT INTO bench_bare_values VALUES (%s, %s, %s, %s, %s, %s, %s)"
        for start in range(0, len(values), 50000):
            cursor.executemany(sql, [(*v, None) for v in values[start : start + 50000]])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sectors", type=int, default=20000)
    parser.add_argument("--values", type=int, default=1_000_000)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="zorgzaam-bench-imports-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgzaam.settings"
    os.environ.setdefault("ZORGZAAM_VAR_DIR", str(tmp))
    os.environ.setdefault("DEBUG", "0")  # production-like: no query logging
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench._layers import national_layer
    from zorgzaam.people.actor import system_actor
    from zorgzaam.sectors import indicators, services
    from zorgzaam.sectors.models import Indicator, IndicatorValue, SectorSet

    call_command("migrate", verbosity=0)
    pg = connection.vendor == "postgresql"
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {connection.vendor}; {_load()}")
    rng = np.random.default_rng(2026)
    path, codes, vertices = national_layer(tmp, args.sectors, rng)
    print(
        f"Layer: {len(codes):,} sectors, {vertices:,} vertices, {path.stat().st_size / 1e6:.1f} MB GeoPackage"
    )
    before = set(SectorSet.objects.values_list("pk", flat=True))
    made_indicators: list[int] = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            t0 = time.perf_counter()
            _bare_sectors(cursor, path, pg)
            t_bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        sset = services.import_sector_file(system_actor(), path, reference_year=2099)
        t_import = time.perf_counter() - t0
        print(
            f"1. Sector layer: import_sector_file {t_import:.2f} s; bare pyogrio read + "
            f"{'COPY' if pg else 'executemany'} {t_bare:.2f} s; ratio {t_import / t_bare:.2f} (target <= 1.5)"
        )

        n_ind = max(1, args.values // len(codes))
        for k in range(n_ind):
            ind = Indicator.objects.create(
                code=f"bench_imp_{k}", name_nl=f"Bench {k}", kind="count", aggregation="sum"
            )
            made_indicators.append(ind.pk)
        values = [
            (ind_pk, code, 2099, float(v), None, None)
            for ind_pk, row in zip(
                made_indicators, rng.integers(0, 2000, size=(n_ind, len(codes))), strict=True
            )
            for code, v in zip(codes, row.tolist(), strict=True)
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            t0 = time.perf_counter()
            _bare_values(cursor, values, pg)
            t_bare_v = time.perf_counter() - t0
        runs = []
        for label in ("into an empty table", "again, every value replaced"):
            t0 = time.perf_counter()
            with transaction.atomic():
                indicators._upsert_values(values, sset.pk)
            runs.append((label, time.perf_counter() - t0))
        floor = "COPY" if pg else "executemany"
        print(f"2. Indicator values: {len(values):,} values; bare {floor} (unindexed table) {t_bare_v:.2f} s")
        for label, secs in runs:
            print(f"   write step {label}: {secs:.2f} s; ratio {secs / t_bare_v:.2f} (target <= 2)")

        table = tmp / "values.csv"
        ind_codes = list(
            Indicator.objects.filter(pk__in=made_indicators).order_by("pk").values_list("code", flat=True)
        )
        with table.open("w", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow(["CD_SECTOR", "CD_YEAR", *ind_codes])
            grid = np.array([v[3] for v in values]).reshape(n_ind, len(codes)).T
            for code, row in zip(codes, grid, strict=True):
                w.writerow([code, 2099, *[int(x) for x in row]])
        mapping = {"CD_SECTOR": ("sector", ""), "CD_YEAR": ("year", "")} | {
            c: ("value", c) for c in ind_codes
        }
        t0 = time.perf_counter()
        counts = indicators.import_table(system_actor(), table, mapping=mapping, source_name="bench-imports")
        t_whole = time.perf_counter() - t0
        print(
            f"   whole import_table (read and check {table.stat().st_size / 1e6:.0f} MB CSV, write): "
            f"{t_whole:.2f} s for {counts['values']:,} values ({counts['values'] / t_whole:,.0f} values/s)"
        )
    finally:
        IndicatorValue.objects.filter(indicator_id__in=made_indicators).delete()
        Indicator.objects.filter(pk__in=made_indicators).delete()
        SectorSet.objects.exclude(pk__in=before).delete()
    print(f"Done; {_load()}")


if __name__ == "__main__":
    main()
