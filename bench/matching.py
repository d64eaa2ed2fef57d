"""Benchmark of matching (zorgzaam/matching): live suggestion index and optimal batch assignment.

Two cases, both around Leuven (seeded):
  plentiful: 10,000 open needs, 50,000 helpers (cap 1-3, 40 % with some load);
  scarce:    10,000 open needs,  3,000 helpers (cap 1-3).
Per case: the baseline (a bare OR-Tools SimpleMinCostFlow over ALL feasible pairs after the
eligibility and distance prefilter; the time to list those pairs is shown apart), the product
(batch_assign: top-k edges, dual check over all feasible pairs, column generation; end to end),
their ratio, the objective against the full optimum, the gain over greedy (first come, first served).
For the plentiful case also: live index cold start and memory, suggestion p50/p95 over a mix where
one call in ten follows a helper change (applied as a delta), and the cost of one change.

    .venv/bin/python bench/matching.py              # in memory (engine only), a few minutes
    DATABASE_URL=postgres://app@host/db DATABASE_MIGRATE_URL=postgres://owner@host/db \\
        .venv/bin/python bench/matching.py --db     # generated networks in PostgreSQL, end to end

With --db the networks are written once into that database (reused on the next run), and
suggestions and batches go through care.suggestions (permission check, change log query, index
catch-up, loading the requests) exactly as a page does. Not part of CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.settings")
os.environ.setdefault("DEBUG", "0")  # no query logging

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from zorgzaam.matching import assign  # noqa: E402
from zorgzaam.matching.engine import HelperSpec, LiveIndex, NeedSpec, batch_assign  # noqa: E402

CENTRE = (50.8798, 4.7005)  # Leuven
SLOTS = [f"{d}_{p}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for p in ("am", "pm")]
LANGS = [("nl", 0.92), ("fr", 0.25), ("en", 0.35), ("ar", 0.05), ("tr", 0.04), ("pl", 0.03)]
N_TAGS = 60
RADIUS_KM = 20.0  # about the arrondissement Leuven (~500,000 inhabitants)
CASES = {"plentiful": (10_000, 50_000), "scarce": (10_000, 3_000)}


def _point(rng: random.Random, radius_km: float) -> tuple[float, float]:
    r = radius_km * rng.random() ** 0.8  # denser in the centre, like a town with villages around
    a = rng.random() * 2 * math.pi
    dlat = r * math.cos(a) / 111.2
    dlon = r * math.sin(a) / (111.2 * math.cos(math.radians(CENTRE[0])))
    return CENTRE[0] + dlat, CENTRE[1] + dlon


def _langs(rng: random.Random) -> frozenset[str]:
    return frozenset(code for code, p in LANGS if rng.random() < p)


def make_helper(rng: random.Random, hid: int) -> HelperSpec:
    lat, lon = _point(rng, RADIUS_KM) if rng.random() > 0.02 else (None, None)
    cap = rng.choice((1, 1, 2, 2, 3))
    return HelperSpec(
        id=hid,
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


def make_helpers(rng: random.Random, n: int) -> list[HelperSpec]:
    return [make_helper(rng, i + 1) for i in range(n)]


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
                weight=rng.choice((0.8, 1.0, 1.0, 1.5, 2.0)) + rng.random() * 0.5,
            )
        )
    return out


def baseline(needs, index):
    """Bare min-cost flow over every feasible pair: (list time, flow time, objective, pairs)."""
    t0 = time.perf_counter()
    ni, hi, sc = assign.all_feasible_edges(needs, index)
    t_list = time.perf_counter() - t0
    w = assign.need_weights(needs)
    t0 = time.perf_counter()
    chosen = assign.solve(
        ni, hi, assign.gains(ni, sc, w), assign.helper_free(index), len(needs), big=assign.big_constant(w)
    )
    t_flow = time.perf_counter() - t0
    return t_list, t_flow, assign.objective(ni[chosen], sc[chosen], w), len(ni)


def _ms(values):
    p50, p95 = np.percentile(values, [50, 95])
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"


def report_batch(name, needs, index, product_seconds, result, extra=""):
    t_list, t_flow, best, n_pairs = baseline(needs, index)
    share = result.objective[1] / best[1] * 100 if best[1] else 100.0
    gain = (result.objective[1] - result.greedy_objective[1]) / max(result.greedy_objective[1], 1) * 100
    print(
        f"| {name} | {len(needs):,} x {len(assign.helper_ids(index)):,} | {n_pairs:,} | "
        f"{t_flow:.2f} s (+{t_list:.2f} s listing) | {product_seconds:.2f} s{extra} | "
        f"{product_seconds / t_flow:.2f}x | placed {result.objective[0]:,} = {best[0]:,}; "
        f"score {share:.4f} % of optimum | +{result.objective[0] - result.greedy_objective[0]} placed, "
        f"+{gain:.2f} % score | {result.certificate} |",
        flush=True,
    )


def suggestion_mix_memory(rng, helpers, needs, queries):
    """In-memory live index: cold start, memory, delta cost, suggestions with 1 change in 10."""
    tracemalloc.start()
    t0 = time.perf_counter()
    live = LiveIndex(helpers)
    cold = time.perf_counter() - t0
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times, deltas = [], []
    for q in range(queries):
        need = rng.choice(needs)
        t0 = time.perf_counter()
        if q % 10 == 0:
            changed = make_helper(rng, rng.randint(1, len(helpers)))
            live.apply(changed=[changed])
            deltas.append((time.perf_counter() - t0) * 1000)
        live.suggest(need, 10)
        times.append((time.perf_counter() - t0) * 1000)
    print(
        f"live index: cold start {cold:.2f} s; holds {current / 2**20:.0f} MiB (traced, helper specs "
        f"included); one change {_ms(deltas)}; suggestions ({queries:,}, 1 in 10 after a change) "
        f"{_ms(times)}",
        flush=True,
    )
    return live


HEADER = (
    "| case | needs x helpers | feasible pairs | baseline: bare flow | product end to end | ratio "
    "| objective | gain over greedy | certificate |\n|---|---|---|---|---|---|---|---|---|"
)


def run_memory(args):
    rng = random.Random(args.seed)
    print(HEADER)
    lives = {}
    for name, (n_needs, n_helpers) in CASES.items():
        helpers = make_helpers(rng, n_helpers)
        needs = make_needs(rng, n_needs, n_helpers)
        live = LiveIndex(helpers)
        t0 = time.perf_counter()
        result = batch_assign(needs, live)
        product = time.perf_counter() - t0
        report_batch(name, needs, live, product, result)
        lives[name] = (helpers, needs)
    helpers, needs = lives["plentiful"]
    suggestion_mix_memory(rng, helpers, needs, args.queries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", action="store_true", help="end to end through PostgreSQL (DATABASE_URL)")
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--scale", type=float, default=1.0, help="shrink both cases (quick look)")
    parser.add_argument("--no-batch", action="store_true", help="--db: only the live index and suggestions")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    for name, (n_needs, n_helpers) in CASES.items():
        CASES[name] = (max(1, round(n_needs * args.scale)), max(1, round(n_helpers * args.scale)))
    args.cases = CASES
    load = os.getloadavg()
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} on {os.cpu_count()} CPUs (shared machine: wall times suffer); seed {args.seed}"
    )
    if args.db:
        from bench.matching_db import run_db  # noqa: PLC0415 - only for --db

        run_db(args)
    else:
        run_memory(args)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


if __name__ == "__main__":
    main()
