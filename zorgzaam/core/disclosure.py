"""Disclosure control for published tables of counts: the one place that decides which cells of an
aggregate a policy viewer, partner or export may see. Domain-free: it works on non-negative integers
linked by equations "total = sum of parts" (1-D tables with a total, 2-D tables with margins,
hierarchies such as sectors within areas within the municipality, overlapping groups).

Method (see docs/disclosure.md for the attacker model):
1. primary suppression: every cell with 0 <= n < k, unless the caller marks it a structural zero
   (a zero that is known to be zero anyway, e.g. "no area" for a theme that has no area column);
2. complementary suppression: with everything published fixed, every hidden cell must be free to
   move over an interval of width >= k (linear program: non-negative reals, all equations). While a
   hidden cell is too narrow, one more published cell linked to it is hidden: one that widens it,
   the least aggregated first (a part before a margin, a margin before the grand total), then the
   nearest and the smallest. Hiding a cell only widens the
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
        self.withheld: set[int] = set()  # hidden whatever their value (the caller does not publish them)
        self.equations: list[tuple[int, tuple[int, ...]]] = []

    def cell(self, value: int, *, structural_zero: bool = False, withheld: bool = False) -> int:
        value = int(value)
        if value < 0:
            raise ValueError("counts are non-negative")
        if structural_zero and value != 0:
            raise ValueError("only a zero can be structural")
        self.values.append(value)
        if structural_zero:
            self.structural.add(len(self.values) - 1)
        if withheld:
            self.withheld.add(len(self.values) - 1)
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


class _Model:
    """The attacker's linear program: non-negative reals satisfying every equation, with the
    published cells fixed. Cells in `variables` but not in `hidden` start fixed at their value and
    can be freed one at a time to see whether hiding them would help."""

    def __init__(self, table: Table, hidden: set[int], variables: Iterable[int] = ()) -> None:
        # OR-Tools costs ~22 MB: imported only when a table has hidden cells (zorgzaam/core/lazy.py).
        from ortools.linear_solver import pywraplp

        self.table = table
        self.optimal = pywraplp.Solver.OPTIMAL
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        # GLOP reports an unbounded maximum unreliably, so cap the cells far above any bounded
        # optimum (every bound comes from published totals, each at most the sum of all cells).
        self.cap = 4.0 * sum(table.values) + 100.0
        free = set(hidden) | set(variables)
        self.x = {}
        for v in sorted(free):
            lo, hi = (0.0, self.cap) if v in hidden else (table.values[v], table.values[v])
            self.x[v] = self.solver.NumVar(lo, hi, f"x{v}")
        for total, parts in table.equations:
            if total not in free and not any(p in free for p in parts):
                continue
            # total - sum(parts) == 0, published cells moved to the right-hand side.
            coef: dict[int, float] = {}
            rhs = 0.0 if total in free else -float(table.values[total])
            if total in free:
                coef[total] = 1.0
            for p in parts:
                if p in free:
                    coef[p] = coef.get(p, 0.0) - 1.0
                else:
                    rhs += table.values[p]
            ct = self.solver.Constraint(rhs, rhs)
            for v, c in coef.items():
                ct.SetCoefficient(self.x[v], c)

    def interval(self, i: int, freed: Iterable[int] = ()) -> tuple[float, float]:
        for f in freed:
            self.x[f].SetBounds(0.0, self.cap)
        objective, bounds = self.solver.Objective(), []
        for maximise in (False, True):
            objective.Clear()
            objective.SetCoefficient(self.x[i], 1.0)
            objective.SetOptimizationDirection(maximise)
            status = self.solver.Solve()
            if status != self.optimal:  # the true values always fit: a solver fault
                raise RuntimeError(f"disclosure LP failed with status {status}")
            value = self.x[i].solution_value()
            bounds.append(math.inf if value >= self.cap - 1e-6 else value)
        for f in freed:
            self.x[f].SetBounds(self.table.values[f], self.table.values[f])
        return bounds[0], bounds[1]


def intervals(table: Table, hidden: set[int], cells: Iterable[int]) -> dict[int, tuple[float, float]]:
    """The attacker's feasible [min, max] of the given hidden cells when every other cell is
    published (max may be infinite)."""
    model = _Model(table, hidden)
    return {i: model.interval(i) for i in cells}


def _coverage(table: Table) -> list[int]:
    """How many base cells each cell adds up (1 for a base cell): a row total covers its row, the
    grand total everything. Complements are taken from the least aggregated cells first."""
    defined: dict[int, tuple[int, ...]] = {}
    for total, parts in table.equations:
        defined.setdefault(total, parts)
    memo: dict[int, int] = {}

    def cover(c: int) -> int:
        if c not in memo:
            memo[c] = 1 if c not in defined else sum(cover(p) for p in defined[c]) or 1
        return memo[c]

    return [cover(c) for c in range(len(table.values))]


def _suppress(table: Table, k: int) -> frozenset[int]:
    n = len(table.values)
    if k <= 1 or n == 0:
        return frozenset()  # k <= 1 protects nothing: every count may be shown
    structural = _structural(table)
    hidden = {i for i, v in enumerate(table.values) if v < k or i in table.withheld} - structural
    linked: dict[int, list[int]] = {i: [] for i in range(n)}  # cell -> equations it is in
    for e, (total, parts) in enumerate(table.equations):
        for c in (total, *parts):
            linked[c].append(e)
    coverage = _coverage(table)
    todo = sorted(hidden)
    while todo:
        # One model for every cell still to check; only the narrow ones go on.
        bounds = intervals(table, hidden, todo)
        narrow = [i for i in todo if bounds[i][1] - bounds[i][0] < k - 1e-6]
        if not narrow:
            break
        i = narrow[0]
        extra = _complement(table, i, bounds[i][1] - bounds[i][0], hidden, structural, linked, coverage)
        if not extra:  # nothing left to hide for i: only structural zeros are published
            narrow.remove(i)
        hidden.update(extra)
        todo = narrow + extra
    return frozenset(hidden)


# Candidates tried per step, singly and (the first PAIRS) two at a time: keeps big tables fast.
TRIES, PAIRS = 40, 10


def _complement(table, i, width, hidden, structural, linked, coverage) -> list[int]:
    """The published cells to hide next for hidden cell i, from the cells linked to it. Cheapest
    first: the least aggregated (a part before a margin, a margin before the grand total), then the
    nearest, then the smallest (least information lost). One cell that widens i, or two less
    aggregated ones that do together (e.g. an area and one of its sectors rather than the whole
    municipality); if nothing widens i on its own, the cheapest cell (progress)."""
    ordered, seen, frontier, distance = [], {i}, [i], 0
    while frontier:
        distance += 1
        nxt = []
        for c in frontier:
            for e in linked[c]:
                total, parts = table.equations[e]
                for d in (total, *parts):
                    if d in seen:
                        continue
                    seen.add(d)
                    nxt.append(d)
                    if d not in hidden and d not in structural:
                        ordered.append((coverage[d], distance, table.values[d], d))
        frontier = nxt
    ordered = [d for *_key, d in sorted(ordered)][:TRIES]
    if not ordered:
        return []
    model = _Model(table, hidden, ordered)

    def widens(cells) -> bool:
        lo, hi = model.interval(i, freed=cells)
        return hi - lo > width + 1e-6

    single = next((d for d in ordered if widens([d])), None)
    ceiling = coverage[single] if single is not None else math.inf
    cheaper = [d for d in ordered[:PAIRS] if coverage[d] < ceiling]
    pairs = sorted(
        ((a, b) for n, a in enumerate(cheaper) for b in cheaper[n + 1 :]),
        key=lambda ab: (max(coverage[ab[0]], coverage[ab[1]]), table.values[ab[0]] + table.values[ab[1]]),
    )
    pair = next((list(ab) for ab in pairs if widens(ab)), None)
    if pair is not None:
        return pair
    return [single] if single is not None else [ordered[0]]


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
    rows: Sequence[Sequence[int]],
    k: int,
    structural_zeros: Iterable[tuple[int, int]] = (),
    withheld_rows: Iterable[int] = (),
) -> TwoWay:
    """A rows x columns table with row totals, column totals and the grand total. Withheld rows are
    not published at all (e.g. an area whose breakdown is not shown): their cells and total are
    hidden and protected like any hidden cell."""
    zeros, withheld = set(structural_zeros), set(withheld_rows)
    ncols = len(rows[0]) if rows else 0
    if any(len(r) != ncols for r in rows):
        raise ValueError("every row needs the same number of columns")
    t = Table()
    idx = [
        [t.cell(v, structural_zero=(r, c) in zeros, withheld=r in withheld) for c, v in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    row_tot = [t.total(row) for row in idx]
    t.withheld.update(row_tot[r] for r in withheld)
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
    sectors are unknown); such a group is a leaf of the whole itself. The table is built in key
    order, so two pages that protect the same figures hide the same cells."""
    zeros = set(structural_zeros)
    t = Table()
    leaf_idx = {key: t.cell(leaves[key], structural_zero=key in zeros) for key in sorted(leaves)}
    group_idx, top_parts = {}, set(leaf_idx.values())
    for g in sorted(groups):
        members = sorted({leaf_idx[m] for m in groups[g] if m in leaf_idx})
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
