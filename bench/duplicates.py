"""Benchmark of the duplicate check (zorgzaam/people/duplicates.py, issue 12 item 3) at 300k people.

Fills one network with generated people (COPY; surnames Zipf-distributed over the common Flemish
ones plus many rarer made-up ones, so "Jan Peeters" occurs often), then times
`duplicates.find_candidates` (the query the person form and the API run before saving) for 500 new
identities: half copied from existing people (with a spelling variant), half new; and the worst case,
the most common name without birth year or street. Prints p50/p95/max and the query plan.

Run from the repository root on a migrated PostgreSQL database of your own:
  DATABASE_URL=postgres://app@host/db DATABASE_MIGRATE_URL=postgres://owner@host/db \
      .venv/bin/python bench/duplicates.py [--people 300000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from zorgzaam.networks.models import Network  # noqa: E402
from zorgzaam.people.duplicates import Identity, find_candidates  # noqa: E402
from zorgzaam.people.models import Person  # noqa: E402
from zorgzaam.people.namekey import name_key  # noqa: E402

COMMON = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Hermans", "Van den Broeck", "Vermeulen",
    "Aerts", "Smets", "Desmet", "Lefèvre", "El Amrani", "Yilmaz", "Nguyen", "Van Damme",
]  # fmt: skip
FIRST = [
    "Jan", "Marie", "Georgette", "Youssef", "Mohamed", "Els", "Luc", "Anna", "Rik", "Fatima", "Sofie",
    "Koen", "Emma", "Lotte", "Tom", "Sarah", "Jozef", "Lucienne", "Ahmed", "Inge", "Bart", "Nora",
    "Lucas", "Noah", "Louise", "Mila", "Arthur", "Olivia", "Jules", "Amira", "Hanne", "Wim",
]  # fmt: skip
SYLLABLES = ["ba", "ver", "ke", "lo", "mer", "sel", "don", "rik", "tem", "gaar", "wou", "lin", "zee", "hout"]
STREETS = [f"{a}{b}" for a in ("Kerk", "Molen", "Linden", "Dorp", "Kapel", "Veld", "Beek", "Markt") for b in (
    "straat", "laan", "weg", "plein")]  # fmt: skip


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.3:  # the common names, most common first
        return COMMON[min(int(rng.paretovariate(1.2)) - 1, len(COMMON) - 1)]
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def fill(network: Network, n: int, rng: random.Random) -> None:
    # Filled once: deleting 300k people again takes minutes (every table that refers to Person is checked).
    have = Person.objects.filter(network=network).count()
    if have >= n:
        print(f"using the {have} people filled before")
        return
    columns = (
        "network_id, first_name, last_name, birth_year, street, house_number, name_key, contact_preferences, "
        "phone, email, postcode, municipality, capacity_note, availability, created_at, updated_at"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.copy(f"COPY people_person ({columns}) FROM STDIN") as copy:
        for _ in range(n):
            first, last = rng.choice(FIRST), _surname(rng)
            year, street, number = rng.randint(1925, 2010), rng.choice(STREETS), str(rng.randint(1, 200))
            copy.write_row(
                (network.pk, first, last, year, street, number, name_key(first, last), "[]", "", "", "", "",
                 "", "[]", "2026-01-01", "2026-01-01")
            )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_person")
    print(f"filled {n} people in {time.perf_counter() - started:.1f} s")


def _timed(visible, identity: Identity) -> float:
    started = time.perf_counter()
    find_candidates(visible, identity)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300_000)
    args = parser.parse_args()
    rng = random.Random(12)
    network, _ = Network.objects.get_or_create(
        slug="bench-dup", defaults={"name": "Bench", "municipality": "B"}
    )
    fill(network, args.people, rng)
    visible = Person.objects.filter(network=network)  # a coordinator sees the whole network
    known = list(visible.order_by("?").values_list("first_name", "last_name", "birth_year", "street")[:250])
    probes = [Identity(f.upper(), last.replace(" ", ""), year, street) for f, last, year, street in known]
    probes += [Identity(rng.choice(FIRST), _surname(rng), rng.randint(1925, 2010), "") for _ in range(250)]
    _timed(visible, probes[0])  # warm the connection and caches
    times = sorted(_timed(visible, p) for p in probes)
    found = sum(1 for p in probes[:250] if find_candidates(visible, p))
    print(
        f"find_candidates over {len(probes)} identities: p50 {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms; "
        f"{found}/250 copies of existing people found"
    )
    worst = Identity("Jan", "Peeters")
    same_key = visible.filter(name_key=name_key("Jan", "Peeters")).count()
    worst_times = sorted(_timed(visible, worst) for _ in range(20))
    print(f"worst case 'Jan Peeters' ({same_key} with that key, no birth year or street): "
          f"p50 {statistics.median(worst_times):.1f} ms, max {worst_times[-1]:.1f} ms")  # fmt: skip
    sql, params = visible.filter(name_key__in=[name_key("Jan", "Peeters")]).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql} LIMIT 200", params)
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
