"""Disclosure control for published tables of counts: the one place that decides which cells of an
aggregate a policy viewer, partner or export may see. Domain-free: it works on non-negative integers
linked by equations "total = sum of parts" (1-D tables with a total, 2-D tables with margins,
hierarchies such as sectors within areas within the municipality, overlapping groups).

Method (see docs/disclosure.md for the attacker model):
1. primary suppression: every cell with 0 <= n < k, unless the caller marks it a structural zero
   (a zero that is known to be zero anyway, e.g. "no area" for a theme that has no area column);
2. complementary suppression: with everything published fixed, every hidden cell must be free to
   move over an interval of width >= k (linear program: non-negative reals, all equations). While a
   hidden cell is too narrow, one more published cell linked to it is hidden: the nearest one that
   widens it, a part before a total (margin), the smallest first. Hiding a cell only widens the
   others, so each cell is checked once and the loop ends at the latest when everything linked is
   hidden.

The linear programs use OR-Tools' GLOP. No maintained PyPI library fits this use: pytauargus is a
file-based batch wrapper around Tau-Argus (percentage protection intervals, microdata or .tab files
per request, beta), sdcMicro and sdcTable are R, and acro only does primary suppression.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

# The one neutral symbol for a hidden cell, primary and complementary alike (explained on each page).
SYMBOL = "×"


@dataclass(frozen=True, slots=True)
class Shown:
    """A published cell: the exact count, or hidden (value None). Carries no hidden value."""

    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SYMBOL if self.value is None else str(self.value)


class Table:
    """Cells and the equations between them. Build with cell() and total(), then protect(k)."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self.structural: set[int] = set()
        self.equations: list[tuple[int, tuple[int, ...]]] = []

    def cell(self, value: int, *, structural_zero: bool = False) -> int:
        value = int(value)
        if value < 0:
            raise ValueError("counts are non-negative")
        if structural_zero and value != 0:
            raise ValueError("only a zero can be structural")
        self.values.append(value)
        if structural_zero:
            self.structural.add(len(self.values) - 1)
        return len(self.values) - 1

    def total(self, parts: Iterable[int]) -> int:
        """A margin: a new cell equal to the sum of the given cells (each counted once)."""
        parts = tuple(dict.fromkeys(parts))
        index = self.cell(sum(self.values[p] for p in parts))
        self.equations.append((index, parts))
        return index

    def protect(self, k: int) -> Protection:
        return Protection(self, _suppress(self, k), k)


class Protection:
    """The outcome: which cells are published. Only shown() leaves here, never a hidden value."""

    def __init__(self, table: Table, hidden: frozenset[int], k: int) -> None:
        self._values = table.values
        self.hidden = hidden
        self.k = k

    def shown(self, index: int) -> Shown:
        return Shown(None if index in self.hidden else self._values[index])

    @property
    def fully_hidden(self) -> bool:
        return len(self.hidden) == len(self._values)


def _structural(table: Table) -> set[int]:
    """Structural zeros, closed under the equations: a total of structural zeros is one, and so are
    the parts of a structural zero total (they must all be zero)."""
    known = set(table.structural)
    changed = True
    while changed:
        changed = False
        for total, parts in table.equations:
            if total not in known and parts and all(p in known for p in parts):
                known.add(total)
                changed = True
            if total in known:
                new = [p for p in parts if p not in known]
                known.update(new)
                changed = changed or bool(new)
    return known


def intervals(table: Table, hidden: set[int], cells: Iterable[int]) -> dict[int, tuple[float, float]]:
    """The attacker's feasible [min, max] of the given hidden cells when every other cell is
    published: non-negative reals satisfying all equations (max may be infinite)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    # GLOP reports an unbounded maximum unreliably, so cap the cells far above any bounded optimum
    # (every bound comes from published totals, each at most the sum of all cells).
    cap = 4.0 * sum(table.values) + 100.0
    x = {i: solver.NumVar(0.0, cap, f"x{i}") for i in sorted(hidden)}
    for total, parts in table.equations:
        terms = [total, *parts]
        if not any(t in hidden for t in terms):
            continue
        # total - sum(parts) == 0 with published cells moved to the right-hand side.
        rhs = -(table.values[total] if total not in hidden else 0) + sum(
            table.values[p] for p in parts if p not in hidden
        )
        coef: dict[int, float] = {}
        if total in hidden:
            coef[total] = 1.0
        for p in parts:
            if p in hidden:
                coef[p] = coef.get(p, 0.0) - 1.0
        ct = solver.Constraint(rhs, rhs)
        for v, c in coef.items():
            ct.SetCoefficient(x[v], c)
    out = {}
    objective = solver.Objective()
    for i in cells:
        bounds = []
        for maximise in (False, True):
            objective.Clear()
            objective.SetCoefficient(x[i], 1.0)
            if maximise:
                objective.SetMaximization()
            else:
                objective.SetMinimization()
            status = solver.Solve()
            if status == pywraplp.Solver.OPTIMAL:
                value = x[i].solution_value()
                bounds.append(math.inf if value >= cap - 1e-6 else value)
            else:  # the true values always satisfy the system: anything else is a solver fault
                raise RuntimeError(f"disclosure LP failed with status {status}")
        out[i] = (bounds[0], bounds[1])
    return out


def _suppress(table: Table, k: int) -> frozenset[int]:
    n = len(table.values)
    if k <= 1 or n == 0:
        return frozenset()  # k <= 1 protects nothing: every count may be shown
    structural = _structural(table)
    hidden = {i for i, v in enumerate(table.values) if v < k and i not in structural}
    linked: dict[int, list[int]] = {i: [] for i in range(n)}  # cell -> equations it is in
    for e, (total, parts) in enumerate(table.equations):
        for c in (total, *parts):
            linked[c].append(e)
    totals = {total for total, _p in table.equations}
    todo = sorted(hidden)
    while todo:
        # One model for every cell still to check; only the narrow ones go on.
        bounds = intervals(table, hidden, todo)
        narrow = [i for i in todo if bounds[i][1] - bounds[i][0] < k - 1e-6]
        if not narrow:
            break
        i = narrow[0]
        extra = _complement(table, i, bounds[i][1] - bounds[i][0], hidden, structural, linked, totals)
        if extra is None:  # nothing left to hide for i: only structural zeros are published
            narrow.remove(i)
        else:
            hidden.add(extra)
            narrow.append(extra)
        todo = narrow
    return frozenset(hidden)


def _width(table: Table, hidden: set[int], i: int) -> float:
    lo, hi = intervals(table, hidden, [i])[i]
    return hi - lo


# Candidates tried per step before settling for the first one (keeps big tables fast).
TRIES = 6


def _complement(table, i, width, hidden, structural, linked, totals) -> int | None:
    """The published cell to hide next for hidden cell i. Candidates in order: nearest by shared
    equations, a part before a total (margin), the smallest value first (least information lost).
    The first one that actually widens i wins; if none does alone, the first one (progress)."""
    ordered, seen, frontier = [], {i}, [i]
    while frontier:
        level, nxt = [], []
        for c in frontier:
            for e in linked[c]:
                total, parts = table.equations[e]
                for d in (total, *parts):
                    if d in seen:
                        continue
                    seen.add(d)
                    nxt.append(d)
                    if d not in hidden and d not in structural:
                        level.append(d)
        ordered += sorted(level, key=lambda d: (d in totals, table.values[d], d))
        frontier = nxt
    for d in ordered[:TRIES]:
        if _width(table, hidden | {d}, i) > width + 1e-6:
            return d
    return ordered[0] if ordered else None


# --- shapes callers use --------------------------------------------------------------------------


@dataclass(frozen=True)
class OneWay:
    cells: list[Shown]
    total: Shown
    fully_hidden: bool


def one_way(values: Sequence[int], k: int, structural_zeros: Iterable[int] = ()) -> OneWay:
    """Cells with their total."""
    zeros = set(structural_zeros)
    t = Table()
    idx = [t.cell(v, structural_zero=j in zeros) for j, v in enumerate(values)]
    tot = t.total(idx)
    p = t.protect(k)
    return OneWay([p.shown(i) for i in idx], p.shown(tot), p.fully_hidden)


@dataclass(frozen=True)
class TwoWay:
    cells: list[list[Shown]]
    row_totals: list[Shown]
    column_totals: list[Shown]
    total: Shown
    fully_hidden: bool


def two_way(
    rows: Sequence[Sequence[int]], k: int, structural_zeros: Iterable[tuple[int, int]] = ()
) -> TwoWay:
    """A rows x columns table with row totals, column totals and the grand total."""
    zeros = set(structural_zeros)
    ncols = len(rows[0]) if rows else 0
    if any(len(r) != ncols for r in rows):
        raise ValueError("every row needs the same number of columns")
    t = Table()
    idx = [
        [t.cell(v, structural_zero=(r, c) in zeros) for c, v in enumerate(row)] for r, row in enumerate(rows)
    ]
    row_tot = [t.total(row) for row in idx]
    col_tot = [t.total([idx[r][c] for r in range(len(rows))]) for c in range(ncols)]
    grand = t.total([i for row in idx for i in row])
    # The grand total is also the sum of each margin: an attacker adds those equations too.
    t.equations.append((grand, tuple(row_tot)))
    if ncols:
        t.equations.append((grand, tuple(col_tot)))
    p = t.protect(k)
    return TwoWay(
        [[p.shown(i) for i in row] for row in idx],
        [p.shown(i) for i in row_tot],
        [p.shown(i) for i in col_tot],
        p.shown(grand),
        p.fully_hidden,
    )


@dataclass(frozen=True)
class Hierarchy:
    leaves: dict
    groups: dict
    total: Shown
    fully_hidden: bool


def hierarchy(
    groups: dict, leaves: dict, k: int, structural_zeros: Iterable = (), group_values: dict | None = None
) -> Hierarchy:
    """Leaves (e.g. sectors) within groups (e.g. areas) within the whole (e.g. the municipality).
    groups: {group key: [leaf keys]}; a leaf may sit in several groups, the whole counts it once.
    leaves: {leaf key: count}. group_values: counts for groups without leaves (e.g. an area whose
    sectors are unknown); such a group is a leaf of the whole itself."""
    zeros = set(structural_zeros)
    t = Table()
    leaf_idx = {key: t.cell(v, structural_zero=key in zeros) for key, v in leaves.items()}
    group_idx, top_parts = {}, set(leaf_idx.values())
    for g, members in groups.items():
        members = [leaf_idx[m] for m in members if m in leaf_idx]
        if members:
            group_idx[g] = t.total(members)
        elif group_values and g in group_values:
            group_idx[g] = t.cell(group_values[g])
            top_parts.add(group_idx[g])
    top = t.total(sorted(top_parts))
    p = t.protect(k)
    return Hierarchy(
        {key: p.shown(i) for key, i in leaf_idx.items()},
        {g: p.shown(i) for g, i in group_idx.items()},
        p.shown(top),
        p.fully_hidden,
    )
