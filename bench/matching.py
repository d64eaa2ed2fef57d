"""Benchmark of the matching engine (zorgzaam/matching/engine.py).

Generates 10,000 open needs and 50,000 helpers around Leuven (seeded), then measures:
index build time, suggestion latency p50/p95 over 1,000 random needs, batch assignment time,
optimal vs greedy objective, and peak memory.

Run from the repository root:  /work/main/.venv/bin/python bench/matching.py [--needs N --helpers N]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from zorgzaam.matching.engine import (  # noqa: E402
    HelperIndex,
    HelperSpec,
    NeedSpec,
    batch_assign,
    candidate_edges,
    optimal_assign,
)

CENTRE = (50.8798, 4.7005)  # Leuven
SLOTS = [f"{d}_{p}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for p in ("am", "pm")]
LANGS = [("nl", 0.92), ("fr", 0.25), ("en", 0.35), ("ar", 0.05), ("tr", 0.04), ("pl", 0.03)]
N_TAGS = 60
RADIUS_KM = 20.0  # about the arrondissement Leuven (~500,000 inhabitants)


def _point(rng: random.Random, radius_km: float) -> tuple[float, float]:
    # Denser in the centre (sqrt-less radius), like a town with surrounding villages.
    r = radius_km * rng.random() ** 0.8
    a = rng.random() * 2 * math.pi
    dlat = r * math.cos(a) / 111.2
    dlon = r * math.sin(a) / (111.2 * math.cos(math.radians(CENTRE[0])))
    return CENTRE[0] + dlat, CENTRE[1] + dlon


def _langs(rng: random.Random) -> frozenset[str]:
    return frozenset(code for code, p in LANGS if rng.random() < p)


def make_helpers(rng: random.Random, n: int) -> list[HelperSpec]:
    out = []
    for i in range(n):
        lat, lon = _point(rng, RADIUS_KM) if rng.random() > 0.02 else (None, None)
        cap = rng.choice((1, 1, 2, 2, 3))
        out.append(
            HelperSpec(
                id=i + 1,
                tag_ids=frozenset(rng.sample(range(N_TAGS), rng.randint(1, 6))),
                lat=lat,
                lon=lon,
                languages=_langs(rng),
                slots=frozenset(rng.sample(SLOTS, rng.randint(0, 8))),
                load=rng.randint(0, cap) if rng.random() < 0.4 else 0,
                cap=cap,
                screened=rng.random() < 0.4,
                max_distance_km=rng.choice((2.0, 3.0, 5.0, 5.0, 8.0)),
            )
        )
    return out


def make_needs(rng: random.Random, n: int, n_helpers: int) -> list[NeedSpec]:
    out = []
    for i in range(n):
        lat, lon = _point(rng, RADIUS_KM)
        out.append(
            NeedSpec(
                id=i + 1,
                tag_ids=frozenset(rng.sample(range(N_TAGS), rng.randint(1, 3))),
                lat=lat,
                lon=lon,
                languages=frozenset({"nl"}) if rng.random() < 0.8 else _langs(rng),
                slots=frozenset(rng.sample(SLOTS, rng.randint(0, 4))),
                needs_screening=rng.random() < 0.1,
                previous_helper_ids=frozenset(rng.randint(1, n_helpers) for _ in range(rng.randint(0, 2))),
                excluded_helper_ids=frozenset(rng.randint(1, n_helpers) for _ in range(rng.randint(0, 1))),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--helpers", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    helpers = make_helpers(rng, args.helpers)
    needs = make_needs(rng, args.needs, args.helpers)
    print(
        f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times suffer)"
    )
    print(f"data: {len(needs):,} open needs, {len(helpers):,} helpers around Leuven (seed {args.seed})")

    t0 = time.perf_counter()
    index = HelperIndex(helpers)
    build = time.perf_counter() - t0
    print(f"index build: {build * 1000:.0f} ms")

    sample = rng.sample(needs, min(args.queries, len(needs)))
    index.suggest(sample[0], 10)  # warm-up
    times, found = [], []
    c0 = time.process_time()
    for need in sample:
        t = time.perf_counter()
        found.append(len(index.suggest(need, 10)))
        times.append((time.perf_counter() - t) * 1000)
    cpu_mean = (time.process_time() - c0) / len(sample) * 1000
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    print(
        f"suggest (limit 10, {len(sample):,} needs): p50 {p50:.2f} ms, p95 {p95:.2f} ms, "
        f"p99 {p99:.2f} ms, max {max(times):.2f} ms (mean CPU {cpu_mean:.2f} ms); "
        f"mean suggestions {np.mean(found):.1f}"
    )

    t0 = time.perf_counter()
    edges = candidate_edges(needs, index)
    t_edges = time.perf_counter() - t0
    t0 = time.perf_counter()
    optimal_assign(edges, index, len(needs))
    t_flow = time.perf_counter() - t0
    print(f"  parts: candidate edges {t_edges:.2f} s ({len(edges[0]):,} edges), min-cost flow {t_flow:.2f} s")
    t0, c0 = time.perf_counter(), time.process_time()
    result = batch_assign(needs, index)
    batch, batch_cpu = time.perf_counter() - t0, time.process_time() - c0
    gain = (result.total - result.greedy_total) / result.greedy_total * 100 if result.greedy_total else 0.0
    print(
        f"batch assignment: {batch:.2f} s wall, {batch_cpu:.2f} s CPU; "
        f"assigned {len(result.pairs):,}, unassigned "
        f"{len(result.unassigned):,}; optimal total {result.total:.2f} vs greedy {result.greedy_total:.2f} "
        f"(+{gain:.2f}%)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # tracemalloc slows numpy down, so it only watches a separate index build (not the timings above).
    del index
    tracemalloc.start()
    HelperIndex(helpers)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak memory: max RSS {rss:.0f} MiB (whole run, incl. data); "
        f"index build allocates {peak / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
