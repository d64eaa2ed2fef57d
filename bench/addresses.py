"""Benchmark of the address register (zorgzaam/addresses): a Flanders-sized BeST file.

Generates a 3-million-row "openaddress" CSV (about 110,000 streets in 300 municipalities, seeded), then
measures on the configured database (PostgreSQL: give DATABASE_URL and DATABASE_MIGRATE_URL of a
migrated database of your own):
- the import (`services.import_file`: streamed parse, COPY into staging, set-based upsert), against a
  bare COPY of the same file into a table of text columns in the same run (the floor);
- a re-import of the same file (everything updated, nothing added);
- the street autocomplete (`selectors.street_suggestions`, the code the person form calls) p50/p95
  over 500 typed prefixes, limited to one municipality (a network) and over the whole register.

Run from the repository root:
  DATABASE_URL=postgres://app@host/db DATABASE_MIGRATE_URL=postgres://owner@host/db \
      .venv/bin/python bench/addresses.py [--rows 3000000] [--keep-file PATH]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from zorgzaam.addresses import selectors, services  # noqa: E402
from zorgzaam.addresses.demo import HEADER  # noqa: E402
from zorgzaam.core import uploads  # noqa: E402

FIRST = [
    "Kerk", "Molen", "Linden", "Sint-Jozef", "Stations", "School", "Nieuw", "Dorp", "Kapel", "Beuken",
    "Eiken", "Rozen", "Heide", "Bos", "Kouter", "Broek", "Hoeve", "Pastorie", "Markt", "Vijver",
    "Koning Albert", "Leopold", "Sint-Martinus", "Onze-Lieve-Vrouw", "Ter", "Groene", "Hoog", "Kloos",
    "Abdij", "Brouwerij", "Veld", "Akker", "Wilgen", "Populieren", "Kastanje", "Meers", "Beek", "Berg",
]  # fmt: skip
LAST = ["straat", "laan", "weg", "plein", "dreef", "hof", "steenweg", "pad", "wegel", "dries"]
SYLLABLES = ["ba", "ver", "ke", "lo", "mer", "sel", "don", "rik", "tem", "gaar", "wou", "lin", "zee", "hout"]


def _street_names(rng: random.Random, n: int) -> list[str]:
    """Common names (a Kerkstraat in most municipalities) and many rarer, made-up ones."""
    names = [f"{a}{b}" for a in FIRST for b in LAST]
    while len(names) < n:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        names.append(f"{word}{rng.choice(LAST)}")
    return names


def generate(path: Path, rows: int, seed: int = 12) -> list[str]:
    """Write the file; returns the street names used (for typing prefixes)."""
    from pyproj import Transformer

    rng = random.Random(seed)
    to_lambert = Transformer.from_crs(4326, 31370, always_xy=True)
    per_street = 27
    n_streets = rows // per_street + 1
    pool = _street_names(rng, n_streets // 3)
    used = []
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        address_id, written = 1_000_000, 0
        for s in range(n_streets):
            nis = f"{11001 + s % 300}"
            name = pool[rng.randrange(len(pool))] if s % 3 else pool[s // 3 % len(pool)]
            used.append(name)
            lat0, lon0 = 50.7 + rng.random() * 0.6, 2.6 + rng.random() * 3.0
            lons = [lon0 + i * 0.0002 for i in range(per_street)]
            xs, ys = to_lambert.transform(lons, [lat0] * per_street)
            for i in range(per_street):
                if written >= rows:
                    return used
                address_id += 1
                written += 1
                box = str(i % 4) if i % 9 == 0 else ""
                status = "proposed" if i == per_street - 1 else "current"
                w.writerow([
                    f"{xs[i]:.2f}", f"{ys[i]:.2f}", f"{lat0:.7f}", f"{lons[i]:.7f}", address_id, box, i + 1,
                    nis, "", "", f"Gemeente {nis}", f"{1000 + s % 300 * 30}", "", f"Gemeente {nis}",
                    f"st-{s}", "", "", name, "BE-VLG", status,
                ])  # fmt: skip
    return used


def bare_copy(path: Path) -> float:
    """COPY the same CSV into a table of text columns: what any import must at least spend."""
    cols = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE bench_bare ({cols})")
        with (
            path.open("rb") as fh,
            cur.cursor.copy("COPY bench_bare FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while block := fh.read(1 << 20):
                copy.write(block)
        cur.execute("DROP TABLE bench_bare")
    return time.perf_counter() - started


def _actor(nis: str):
    from zorgzaam.accounts.models import User
    from zorgzaam.networks.models import Network
    from zorgzaam.people.actor import build_actor
    from zorgzaam.people.models import Person, Role, RoleAssignment

    network, _ = Network.objects.update_or_create(
        slug=f"bench-{nis or 'all'}", defaults={"name": "Bench", "nis_code": nis}
    )
    user, _ = User.objects.get_or_create(username=f"bench-{nis or 'all'}")
    person, _ = Person.objects.get_or_create(network=network, user=user, defaults={"first_name": "Bench"})
    RoleAssignment.objects.get_or_create(person=person, role=Role.COORDINATOR)
    return build_actor(user, network)


def autocomplete(names: list[str], nis: str, n: int = 500, seed: int = 5) -> dict:
    rng = random.Random(seed)
    actor = _actor(nis)
    typed = [rng.choice(names)[: rng.randint(3, 7)] for _ in range(n)]
    for q in typed[:20]:  # warm the cache like a running server
        selectors.street_suggestions(actor, q)
    times, hits = [], 0
    for q in typed:
        started = time.perf_counter()
        hits += bool(selectors.street_suggestions(actor, q))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * len(times)) - 1],
        "max_ms": times[-1],
        "with_results": hits / n,
    }


def explain(q: str, nis: str) -> str:
    from zorgzaam.addresses.models import Street

    qs = Street.objects.filter(search__contains=q)
    if nis:
        qs = qs.filter(municipality_id=nis)
    return qs[:200].explain(analyze=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--keep-file", default="")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "Run on PostgreSQL (DATABASE_URL): the COPY path and the trigram index are what is measured."
        )
    from zorgzaam.people.actor import system_actor

    tmp = Path(args.keep_file) if args.keep_file else Path(tempfile.mkdtemp()) / "openaddress-bench.csv"
    started = time.perf_counter()
    names = generate(tmp, args.rows)
    size = tmp.stat().st_size / 2**20
    print(f"generated {args.rows:,} rows ({size:.0f} MiB) in {time.perf_counter() - started:.1f} s")
    print(f"bare COPY of the file: {bare_copy(tmp):.1f} s")
    for label in ("import", "re-import"):
        started = time.perf_counter()
        counts = services.import_file(
            system_actor(), tmp, kind=uploads.ADDRESSES_COMMAND, replace_people=False
        )
        print(f"{label}: {time.perf_counter() - started:.1f} s  {counts}")
    with connection.cursor() as cur:
        cur.execute("ANALYZE addresses_street")
        cur.execute("ANALYZE addresses_address")
    for nis in ("11001", ""):
        result = autocomplete(names, nis)
        scope = f"municipality {nis}" if nis else "whole register"
        print(f"autocomplete ({scope}): " + ", ".join(f"{k} {v:.2f}" for k, v in result.items()))
    print("\nEXPLAIN ANALYZE, one municipality, 'kerkst':\n" + explain("kerkst", "11001"))
    print("\nEXPLAIN ANALYZE, whole register, 'kerkst':\n" + explain("kerkst", ""))
    print("\nEXPLAIN ANALYZE, whole register, 'verke':\n" + explain("verke", ""))
    if not args.keep_file:
        tmp.unlink()


if __name__ == "__main__":
    main()
