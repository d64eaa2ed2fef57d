"""Benchmark of the sectors data layer at national scale (never touches the demo database).

    /work/main/.venv/bin/python bench/analysis.py [--sectors 20000] [--values 1000000] [--points 1000000]

Generates a synthetic national sector layer in Lambert-72 (GeoPackage, jittered quadrilaterals with
~40 vertices each so they look like real sectors), then times:
  1. importing it (target < 30 s),
  2. importing 1,000,000 indicator values from a ;-separated CSV (report),
  3. point-to-sector assignment throughput (target >= 50,000 points/s),
  4. an area report: all indicators aggregated for an area of ~50 sectors (target < 1 s).
Uses a temporary SQLite database (ZORGZAAM_VAR_DIR in a temp dir, migrated from scratch).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sectors", type=int, default=20000)
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--area-sectors", type=int, default=50)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="zorgzaam-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgzaam.settings"
    os.environ["ZORGZAAM_VAR_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DEBUG", "0")  # production-like: no query logging
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    import numpy as np
    import shapely

    from bench._layers import national_layer
    from zorgzaam.people.actor import build_actor, system_actor
    from zorgzaam.sectors import indicators, services
    from zorgzaam.sectors.models import Indicator, IndicatorValue, Sector

    rng = np.random.default_rng(2026)
    import datetime as dt

    load = os.getloadavg()
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"Temporary database in {tmp}")

    # --- 1. a national-size layer ---------------------------------------------------------------
    t0 = time.perf_counter()
    path, codes, vertices = national_layer(tmp, args.sectors, rng)
    size_mb = path.stat().st_size / 1e6
    print(
        f"Generated {len(codes)} sectors ({vertices} vertices, {size_mb:.1f} MB GeoPackage) "
        f"in {time.perf_counter() - t0:.1f} s"
    )

    t0 = time.perf_counter()
    sset = services.import_sector_file(system_actor(), path, reference_year=2024)
    t_import = time.perf_counter() - t0
    print(f"1. Sector import: {sset.feature_count} sectors in {t_import:.1f} s (target < 30 s)")

    t0 = time.perf_counter()
    sset2 = services.import_sector_file(system_actor(), path, reference_year=2025)
    t_reimport = time.perf_counter() - t0
    print(
        f"   Re-import as 2025 with change detection: {t_reimport:.1f} s ({services.change_summary(sset2)})"
    )

    # --- 2. one million indicator values -------------------------------------------------------
    n_ind = max(1, args.values // len(codes))
    existing = list(Indicator.objects.filter(kind="count").values_list("code", flat=True))
    for k in range(max(0, n_ind - len(existing))):
        Indicator.objects.create(
            code=f"bench_count_{k}", name_nl=f"Bench {k}", kind="count", aggregation="sum"
        )
    ind_codes = list(Indicator.objects.filter(kind="count").values_list("code", flat=True))[:n_ind]
    table = tmp / "values.csv"
    t0 = time.perf_counter()
    with table.open("w", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["CD_SECTOR", "CD_YEAR", *ind_codes])
        vals = rng.integers(0, 2000, size=(len(codes), len(ind_codes)))
        for code, row in zip(codes, vals, strict=True):
            w.writerow([code, 2025, *row.tolist()])
    mapping = {"CD_SECTOR": ("sector", ""), "CD_YEAR": ("year", "")} | {c: ("value", c) for c in ind_codes}
    t_csv = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = indicators.import_table(system_actor(), table, mapping=mapping, source_name="bench")
    t_values = time.perf_counter() - t0
    print(
        f"2. Indicator import: {counts['values']} values "
        f"({counts['rows']} rows x {counts['indicators']} indicators, "
        f"{table.stat().st_size / 1e6:.0f} MB CSV written in {t_csv:.1f} s) in {t_values:.1f} s "
        f"({counts['values'] / t_values:,.0f} values/s)"
    )
    assert IndicatorValue.objects.count() >= counts["values"]

    # --- 3. point-to-sector assignment ---------------------------------------------------------
    sector_geoms = [
        shapely.geometry.shape(g)
        for g in Sector.objects.filter(sector_set=sset2).values_list("geometry", flat=True)
    ]
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(sector_geoms, dtype=object))
    lon = rng.uniform(minx, maxx, args.points)
    lat = rng.uniform(miny, maxy, args.points)
    t0 = time.perf_counter()
    found = services.locate(lon, lat, sector_geoms)
    t_locate = time.perf_counter() - t0
    print(
        f"3. Assignment: {args.points:,} points in {len(sector_geoms)} sectors in {t_locate:.2f} s "
        f"= {args.points / t_locate:,.0f} points/s (target >= 50,000); "
        f"{int((found >= 0).sum()):,} inside a sector"
    )
    sample = rng.choice(args.points, 200, replace=False)
    for p in sample:
        hit = found[p]
        if hit >= 0:
            assert sector_geoms[hit].intersects(shapely.Point(lon[p], lat[p]))

    # --- 4. an area report ---------------------------------------------------------------------
    from zorgzaam.accounts.models import User
    from zorgzaam.networks.models import Area, Network
    from zorgzaam.people.models import Person, RoleAssignment

    net = Network.objects.create(name="Bench", slug="bench")
    area = Area.objects.create(network=net, name="Bench area", slug="bench-area")
    user = User.objects.create_user(username="bench", password="bench-bench-bench")
    RoleAssignment.objects.create(
        person=Person.objects.create(network=net, user=user, first_name="B"), role="coordinator"
    )
    actor = build_actor(user, net)
    services.set_area_sectors(actor, area, codes[: args.area_sectors], recompute=False)
    n_all = Indicator.objects.count()
    services.area_report(actor, area)  # warm up
    t0 = time.perf_counter()
    report = services.area_report(actor, area)
    t_report = time.perf_counter() - t0
    print(
        f"4. Area report: {len(report['sectors'])} sectors x {n_all} indicators in {t_report * 1000:.0f} ms "
        f"(target < 1 s)"
    )
    print("Done.")


if __name__ == "__main__":
    main()
