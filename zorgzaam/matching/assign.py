"""Batch assignment: each need at most one helper, helpers up to their free places, optimal with a
certificate.

Objective (lexicographic): first place as many needs as possible, then maximise the sum of
``need.weight * score`` (the weight carries urgency and waiting time). Both are folded into one
integer gain per pair, ``BIG + round(weight * score * SCORE_SCALE)``, with ``BIG`` larger than any total
of the second part, so one more placed need always beats any score gain.

Solving over every feasible pair is exact but large (10,000 needs x 50,000 helpers within a few km
gives millions of pairs), so the solver works on the top-k pairs per need and proves the result
(column generation): after each min-cost flow it computes LP duals (u per need, v per helper, from
complementary slackness, see `duals`), checks that they are feasible and that their objective
equals the assignment's (zero duality gap), then scans ALL feasible pairs; a pair left out with
positive reduced gain ``gain - u[need] - v[helper]`` could improve the assignment and is added;
repeat until none is left. Then the duals certify that no excluded pair can improve it (LP
duality; the assignment polytope is integral, so the LP bound holds for integer assignments).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zorgzaam.matching.index import HelperIndex, scan
from zorgzaam.matching.specs import BATCH_TOP_K, DEFAULT_WEIGHTS, SCORE_SCALE, BatchResult, NeedSpec

# Violating pairs added per need and round of column generation (the most violating first).
ADD_PER_NEED = 10
MAX_ROUNDS = 60
# Up to this many feasible pairs are kept from the first scan (about 20 bytes each), so the checks
# need no second scan; beyond it (a very dense city) every check scans again, skipping the needs
# whose left-out pairs are bounded by their k-th best score (see `_bounded`).
STORE_LIMIT = 4_000_000


def _parts(index):
    return index.parts() if hasattr(index, "parts") else [(index, 0)]


def blocks(index, needs: Sequence[NeedSpec], weights=DEFAULT_WEIGHTS, *, with_full=False):
    """(need positions, global helper positions, score matrix) over every part of the index."""
    for part, offset in _parts(index):
        for block, cand, score in scan(part, needs, weights, with_full=with_full):
            yield block, cand + offset, score


def _top_of_block(block, cand, score, k, ids):
    out = []
    counts = np.isfinite(score).sum(axis=1)
    for i, pos in enumerate(block):
        limit = min(k, int(counts[i]))
        if limit <= 0:
            continue
        row = score[i]
        part = np.argpartition(-row, limit - 1)[:limit]
        part = np.flatnonzero(row >= row[part].min())  # keep ties at the cut, then break by id
        order = np.lexsort((ids[cand[part]], -row[part]))[:limit]
        out.append((pos, cand[part[order]], row[part[order]]))
    return out


def _stack(rows):
    if not rows:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    ni = np.concatenate([np.full(len(h), pos, dtype=np.int64) for pos, h, _s in rows])
    return (
        ni,
        np.concatenate([h.astype(np.int64) for _p, h, _s in rows]),
        np.concatenate([s for *_r, s in rows]),
    )


def candidate_edges(needs: Sequence[NeedSpec], index, k: int = BATCH_TOP_K, weights=DEFAULT_WEIGHTS):
    """Sparse edges: the top-k allowed helpers per need, as (need pos, helper pos, score) arrays."""
    ids = helper_ids(index)
    rows = []
    for block, cand, score in blocks(index, needs, weights):
        rows.extend(_top_of_block(block, cand, score, k, ids))
    return _stack(rows)


def all_feasible_edges(needs: Sequence[NeedSpec], index, weights=DEFAULT_WEIGHTS):
    """Every allowed (need pos, helper pos, score): the baseline's edge set."""
    rows = []
    for block, cand, score in blocks(index, needs, weights):
        for i, pos in enumerate(block):
            ok = np.isfinite(score[i])
            rows.append((pos, cand[ok], score[i][ok]))
    return _stack(rows)


def helper_ids(index) -> np.ndarray:
    return np.concatenate([p.ids for p, _o in _parts(index)]) if _parts(index) else np.empty(0, np.int64)


def helper_free(index) -> np.ndarray:
    return np.concatenate([p.free for p, _o in _parts(index)]).astype(np.int64)


def need_weights(needs: Sequence[NeedSpec]) -> np.ndarray:
    return np.array([float(n.weight) for n in needs], dtype=np.float64)


def gains(ni, sc, w: np.ndarray) -> np.ndarray:
    """Integer score part of the objective per edge (weight x score, scaled)."""
    return np.rint(w[ni] * sc * SCORE_SCALE).astype(np.int64)


def big_constant(w: np.ndarray) -> int:
    """Larger than any possible total score part: placing one more need always wins."""
    return int(np.ceil(float(w.max(initial=0.0)) * SCORE_SCALE) + 1) * (len(w) + 1)


def objective(ni, sc, w) -> tuple[int, int]:
    ni = np.asarray(ni, dtype=np.int64)
    return len(ni), int(gains(ni, np.asarray(sc, dtype=np.float64), w).sum())


def solve(ni, hi, g, free, n_needs: int, *, big: int) -> np.ndarray:
    """Min-cost flow over the given edges (gain g without BIG): the mask of chosen edges.

    source -> need (cap 1) -> helper (cost -(BIG + g)) -> sink (cap = free places); a zero-cost
    source -> sink bypass lets needs stay unplaced."""
    from ortools.graph.python import min_cost_flow

    n_h = len(free)
    source, sink = 0, 1
    need_node = 2 + np.arange(n_needs, dtype=np.int64)
    helper_node = 2 + n_needs + np.arange(n_h, dtype=np.int64)
    tails = np.concatenate(([source], np.full(n_needs, source), need_node[ni], helper_node))
    heads = np.concatenate(([sink], need_node, helper_node[hi], np.full(n_h, sink)))
    caps = np.concatenate(([n_needs], np.ones(n_needs, np.int64), np.ones(len(ni), np.int64), free))
    costs = np.concatenate(([0], np.zeros(n_needs, np.int64), -(g + big), np.zeros(n_h, np.int64)))
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int64), heads.astype(np.int64), caps.astype(np.int64), costs.astype(np.int64)
    )
    flow.set_node_supply(source, n_needs)
    flow.set_node_supply(sink, -n_needs)
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the network is always feasible via the bypass
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return flow.flows(arcs[1 + n_needs : 1 + n_needs + len(ni)]) > 0


def duals(ni, hi, g, chosen, free, n_needs: int, *, big: int):
    """LP duals (u per need, v per helper) of an optimal assignment over the given edges.

    Dual of max sum (BIG + g) x: u_n + v_h >= BIG + g_nh, u, v >= 0, minimising sum u + free * v.
    Complementary slackness fixes u_n = 0 for an unplaced need and u_n = G(n, m(n)) - v(m(n)) for
    a placed one, so v is the least solution of v_h >= G_nh (n unplaced) and
    v_h >= v_h' + g_nh - g_nh' (n placed with h'): a longest path over helpers (BIG cancels),
    found by repeated vectorised relaxation (no positive cycle exists at an optimum)."""
    G = g + big
    match = np.full(n_needs, -1, dtype=np.int64)
    match_gain = np.zeros(n_needs, dtype=np.int64)
    match[ni[chosen]] = hi[chosen]
    match_gain[ni[chosen]] = G[chosen]
    v = np.zeros(len(free), dtype=np.int64)
    spare = ~chosen
    lone = spare & (match[ni] < 0)
    np.maximum.at(v, hi[lone], G[lone])
    linked = spare & (match[ni] >= 0)
    src, dst = match[ni[linked]], hi[linked]
    w = G[linked] - match_gain[ni[linked]]
    for _round in range(len(free) + 1):
        new = v.copy()
        np.maximum.at(new, dst, v[src] + w)
        if np.array_equal(new, v):
            break
        v = new
    else:  # pragma: no cover - only a non-optimal assignment has a positive cycle
        raise RuntimeError("no dual solution: the assignment is not optimal")
    u = np.zeros(n_needs, dtype=np.int64)
    placed = match >= 0
    u[placed] = match_gain[placed] - v[match[placed]]
    return u, v


def greedy_assign(edges, index, n_needs: int) -> list[tuple[int, int, float]]:
    """Highest score first; a need once, a helper up to their free places (first come, first served)."""
    ni, hi, sc = edges
    order = np.lexsort((helper_ids(index)[hi], ni, -sc))
    free = helper_free(index).tolist()
    done = [False] * n_needs
    out = []
    for e in order.tolist():
        n, h = int(ni[e]), int(hi[e])
        if not done[n] and free[h] > 0:
            done[n] = True
            free[h] -= 1
            out.append((n, h, float(sc[e])))
    return out


def optimal_assign(edges, index, n_needs: int, w: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """The lexicographic optimum over the given edges only (no certificate)."""
    ni, hi, sc = edges
    if len(ni) == 0:
        return []
    w = np.ones(n_needs) if w is None else w
    chosen, _pn, _ph = solve(ni, hi, gains(ni, sc, w), helper_free(index), n_needs, big=big_constant(w))
    return [(int(ni[e]), int(hi[e]), float(sc[e])) for e in np.flatnonzero(chosen)]


def _violations(needs, index, weights, w, big, u, v, assigned, limit, skip):
    """Scan the feasible pairs of every need not in `skip`: those with positive reduced gain (most
    violating first, at most `limit` per need), the number of pairs checked, the largest violation."""
    rows, checked, worst = [], 0, 0
    sub = np.flatnonzero(~skip)
    for block, cand, score in blocks(index, [needs[p] for p in sub], weights):
        ok = np.isfinite(score)
        checked += int(ok.sum())
        bpos = sub[np.asarray(block, dtype=np.int64)]
        g = np.rint(w[bpos][:, None] * np.where(ok, score, 0.0) * SCORE_SCALE).astype(np.int64) + big
        viol = np.where(ok, g - u[bpos][:, None] - v[cand][None, :], 0)
        viol[assigned[bpos][:, None] == cand[None, :]] = 0  # the pair in use is not "left out"
        for i in np.flatnonzero(viol.max(axis=1, initial=0) > 0):
            pos = np.flatnonzero(viol[i] > 0)
            worst = max(worst, int(viol[i, pos].max()))
            pos = pos[np.argsort(-viol[i, pos], kind="stable")[:limit]]
            rows.append((int(bpos[i]), cand[pos], score[i, pos]))
    return _stack(rows), checked, worst


def _bounded(first, n, k, w, big, u) -> np.ndarray:
    """Needs none of whose left-out pairs can violate, without looking at them: the first scan kept
    each need's best k, so a left-out pair scores at most the k-th; with v >= 0 it cannot violate
    when u >= BIG + gain(k-th). A need with fewer than k kept has no left-out pair at all."""
    ni, _hi, sc = first
    count = np.bincount(ni, minlength=n)
    kth = np.full(n, np.inf)
    np.minimum.at(kth, ni, sc)
    full = count >= k
    bound = np.rint(w * np.where(full, kth, 0.0) * SCORE_SCALE).astype(np.int64) + big
    return ~full | (u >= bound)


def _violations_stored(pairs, n, w, big, u, v, assigned, limit):
    """The same as `_violations`, over the feasible pairs kept from the first scan (vectorised)."""
    ni, hi, sc = pairs
    viol = np.rint(w[ni] * sc * SCORE_SCALE).astype(np.int64) + big - u[ni] - v[hi]
    viol[assigned[ni] == hi] = 0
    bad = np.flatnonzero(viol > 0)
    worst = int(viol[bad].max()) if len(bad) else 0
    bad = bad[np.lexsort((-viol[bad], ni[bad]))]
    if limit is not None and len(bad):
        group = ni[bad]
        first = np.searchsorted(group, group, side="left")
        bad = bad[np.arange(len(bad)) - first < limit]
    feasible = np.bincount(ni, minlength=n) > 0
    return (ni[bad], hi[bad], sc[bad]), len(ni), worst, feasible


def _first_scan(needs, index, weights, k):
    """One scan: the top-k edges per need, and all feasible pairs while they fit in STORE_LIMIT."""
    ids = helper_ids(index)
    top, kept, count = [], [], 0
    for block, cand, score in blocks(index, needs, weights):
        top.extend(_top_of_block(block, cand, score, k, ids))
        if kept is not None:
            r, c = np.nonzero(np.isfinite(score))
            count += len(r)
            kept = None if count > STORE_LIMIT else kept
            if kept is not None:
                kept.append((np.asarray(block, dtype=np.int64)[r], cand[c].astype(np.int64), score[r, c]))
    if kept is None:
        return _stack(top), None
    if not kept:
        return _stack(top), _stack([])
    return _stack(top), tuple(np.concatenate([part[j] for part in kept]) for j in range(3))


def _unplaced_reasons(needs, index, weights, unplaced, feasible) -> dict[int, str]:
    out = {}
    alone = [p for p in unplaced if not feasible[p]]
    for p in unplaced:
        if feasible[p]:
            out[needs[p].id] = "taken"
    if alone:
        sub = [needs[p] for p in alone]
        for block, _cand, score in blocks(index, sub, weights, with_full=True):
            for i, pos in enumerate(block):
                out[sub[pos].id] = "at_capacity" if np.isfinite(score[i]).any() else "no_helper"
    return out


def batch_assign(
    needs: Sequence[NeedSpec], helpers, weights=DEFAULT_WEIGHTS, k: int = BATCH_TOP_K
) -> BatchResult:
    """The lexicographic optimum over ALL allowed pairs, with its certificate (see the module)."""
    index = helpers if hasattr(helpers, "parts") or isinstance(helpers, HelperIndex) else HelperIndex(helpers)
    needs = list(needs)
    n = len(needs)
    w, ids, free = need_weights(needs), helper_ids(index), helper_free(index)
    big = big_constant(w)
    first, stored = _first_scan(needs, index, weights, k)
    ni, hi, sc = first
    assigned = np.full(n, -1, dtype=np.int64)
    rounds = checked = bounded = 0
    feasible = np.zeros(n, dtype=bool)
    while n:
        rounds += 1
        g = gains(ni, sc, w)
        chosen = solve(ni, hi, g, free, n, big=big)
        u, v = duals(ni, hi, g, chosen, free, n, big=big)
        assigned[:] = -1
        assigned[ni[chosen]] = hi[chosen]
        primal = int((g[chosen] + big).sum())
        if (u < 0).any() or (v < 0).any() or int(u.sum() + (free * v).sum()) != primal:
            raise RuntimeError("the duals do not certify the assignment")  # pragma: no cover
        last = rounds >= MAX_ROUNDS
        limit = None if last else ADD_PER_NEED
        if stored is not None:
            add, checked, worst, feasible = _violations_stored(stored, n, w, big, u, v, assigned, limit)
        else:
            skip = _bounded(first, n, k, w, big, u)
            bounded = int(skip.sum())
            add, checked, worst = _violations(needs, index, weights, w, big, u, v, assigned, limit, skip)
            feasible = np.bincount(first[0], minlength=n) > 0
        if not len(add[0]):
            break
        if last:  # pragma: no cover - a safety net; column generation converges far earlier
            raise RuntimeError("column generation did not converge")
        ni, hi, sc = (np.concatenate((a, b)) for a, b in zip((ni, hi, sc), add, strict=True))
    best = [(int(p), int(assigned[p]), 0.0) for p in np.flatnonzero(assigned >= 0)]
    score_of = {(int(a), int(b)): float(c) for a, b, c in zip(ni, hi, sc, strict=True)}
    best = [(p, h, score_of[(p, h)]) for p, h, _s in best]
    greedy = greedy_assign(first, index, n)
    pairs = sorted((needs[p].id, int(ids[h]), s) for p, h, s in best)
    unplaced = [p for p in range(n) if assigned[p] < 0]
    return BatchResult(
        pairs=pairs,
        total=float(sum(s for *_r, s in best)),
        greedy_total=float(sum(s for *_r, s in greedy)),
        unassigned=[needs[p].id for p in unplaced],
        objective=objective([p for p, _h, _s in best], [s for *_r, s in best], w),
        greedy_objective=objective([p for p, _h, _s in greedy], [s for *_r, s in greedy], w),
        certificate={
            "rounds": rounds,
            "pairs_checked": checked,
            "needs_bounded": bounded,
            "edges": len(ni),
            "max_violation": 0,
            "duality_gap": 0,
            "optimal": True,
        },
        unplaced_reasons=_unplaced_reasons(needs, index, weights, unplaced, feasible),
    )
