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
   hidden;
3. several periods of one table (e.g. the years of an indicator) are one table whose cells of the
   same figure are tied: a figure hidden in one period is hidden in all (the union of the periods'
   patterns, grown until stable), and the change of a hidden figure between neighbouring periods
   must be k wide too, on the joint program (the attacker knows the previous period).

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
        # The same figure in successive periods (e.g. a sector's count in 2024 and in 2025): hidden
        # together, and the change between neighbours must be as uncertain as a hidden cell.
        self.ties: list[tuple[int, ...]] = []

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

    def tie(self, cells: Iterable[int]) -> None:
        """Cells that are one figure in successive periods, oldest first (see docs/disclosure.md,
        "the previous period")."""
        cells = tuple(dict.fromkeys(cells))
        if len(cells) > 1:
            self.ties.append(cells)

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

    def interval(self, target: int | tuple[int, int], freed: Iterable[int] = ()) -> tuple[float, float]:
        """[min, max] of a cell, or of a change (later, earlier): x_later - x_earlier."""
        terms = ((target, 1.0),) if isinstance(target, int) else ((target[0], 1.0), (target[1], -1.0))
        for f in freed:
            self.x[f].SetBounds(0.0, self.cap)
        objective, bounds = self.solver.Objective(), []
        for maximise in (False, True):
            objective.Clear()
            for v, c in terms:
                objective.SetCoefficient(self.x[v], c)
            objective.SetOptimizationDirection(maximise)
            status = self.solver.Solve()
            if status != self.optimal:  # the true values always fit: a solver fault
                raise RuntimeError(f"disclosure LP failed with status {status}")
            value = sum(self.x[v].solution_value() * c for v, c in terms)
            bounds.append(value if abs(value) < self.cap - 1e-6 else math.copysign(math.inf, value))
        for f in freed:
            self.x[f].SetBounds(self.table.values[f], self.table.values[f])
        return bounds[0], bounds[1]


def _components(table: Table, hidden: set[int]) -> dict[int, int]:
    """Hidden cell -> its component: hidden cells linked through equations (published cells are
    constants). The attacker's program splits into independent programs, one per component."""
    parent = {h: h for h in hidden}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for total, parts in table.equations:
        free = [c for c in (total, *parts) if c in parent]
        for c in free[1:]:
            parent[find(c)] = find(free[0])
    return {h: find(h) for h in hidden}


def intervals(table: Table, hidden: set[int], cells: Iterable) -> dict:
    """The attacker's feasible [min, max] of the given hidden cells (or changes: (later, earlier)
    pairs of hidden cells in one component) when every other cell is published (max may be
    infinite). One small program per component rather than one for everything: much faster."""
    comp = _components(table, hidden)
    members: dict[int, set[int]] = {}
    for h, root in comp.items():
        members.setdefault(root, set()).add(h)
    models: dict[int, _Model] = {}
    out = {}
    for target in cells:
        root = comp[target if isinstance(target, int) else target[0]]
        if root not in models:
            models[root] = _Model(table, members[root])
        out[target] = models[root].interval(target)
    return out


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


class _Search:
    """What the suppression loop needs besides the hidden set (computed once per table)."""

    def __init__(self, table: Table, k: int) -> None:
        n = len(table.values)
        self.table, self.k = table, k
        self.structural = _structural(table)
        self.linked: dict[int, list[int]] = {i: [] for i in range(n)}  # cell -> equations it is in
        for e, (total, parts) in enumerate(table.equations):
            for c in (total, *parts):
                self.linked[c].append(e)
        self.coverage = _coverage(table)
        self.mates: dict[int, set[int]] = {}
        self.changes: list[tuple[int, int]] = []  # (later, earlier) neighbours of a tie
        # What hiding a cell costs: its value, or the values of all its periods (all are hidden).
        self.cost = list(table.values)
        for tied in table.ties:
            cells = [c for c in tied if c not in self.structural]
            for c in cells:
                self.mates.setdefault(c, set()).update(d for d in cells if d != c)
                self.cost[c] = sum(table.values[d] for d in cells)
            self.changes += [(b, a) for a, b in zip(cells, cells[1:], strict=False)]

    def tied(self, cells: Iterable[int]) -> set[int]:
        """The cells with every period of the same figure (a figure hidden once is hidden always)."""
        out = set(cells)
        for c in list(out):
            out.update(self.mates.get(c, ()))
        return out


def _suppress(table: Table, k: int) -> frozenset[int]:
    n = len(table.values)
    if k <= 1 or n == 0:
        return frozenset()  # k <= 1 protects nothing: every count may be shown
    search = _Search(table, k)
    primary = {i for i, v in enumerate(table.values) if v < k or i in table.withheld}
    hidden = search.tied(primary - search.structural)
    todo: list = sorted(hidden)
    settled: set = set()  # targets nothing more can widen (only structural zeros left)
    while todo:
        # One program per component for every target still to check; only the narrow ones go on.
        bounds = intervals(table, hidden, todo)
        narrow = [t for t in todo if bounds[t][1] - bounds[t][0] < k - 1e-6 and t not in settled]
        if not narrow:
            # Cells are settled: now the changes between periods of one figure (those in one
            # component; in different components a change is at least 2k wide).
            todo = _changes_to_check(search, hidden, settled)
            if not todo:
                break
            continue
        t = narrow[0]
        extra = _complement(search, t, bounds[t][1] - bounds[t][0], hidden)
        if not extra:  # nothing left to hide for t: only structural zeros are published
            settled.add(t)
        new = search.tied(extra) - hidden
        hidden.update(new)
        todo = narrow + sorted(new)
    return frozenset(hidden)


def _changes_to_check(search: _Search, hidden: set[int], settled: set) -> list[tuple[int, int]]:
    comp = _components(search.table, hidden)
    out = []
    for later, earlier in search.changes:
        pair = (later, earlier)
        if later in hidden and earlier in hidden and comp[later] == comp[earlier] and pair not in settled:
            out.append(pair)
    if not out:
        return []
    bounds = intervals(search.table, hidden, out)
    return [p for p in out if bounds[p][1] - bounds[p][0] < search.k - 1e-6]


# Candidates tried per step, singly and (the first PAIRS) two at a time: keeps big tables fast.
TRIES, PAIRS = 40, 10


def _candidates(search: _Search, target, hidden: set[int]) -> list[int]:
    """Published cells linked to the target, cheapest first: the least aggregated (a part before a
    margin, a margin before the grand total), then the nearest, then the smallest (over all its
    periods)."""
    table = search.table
    start = [target] if isinstance(target, int) else list(target)
    ordered, seen, frontier, distance = [], set(start), start, 0
    while frontier:
        distance += 1
        nxt = []
        for c in frontier:
            for e in search.linked[c]:
                total, parts = table.equations[e]
                for d in (total, *parts):
                    if d in seen:
                        continue
                    seen.add(d)
                    nxt.append(d)
                    if d not in hidden and d not in search.structural:
                        ordered.append((search.coverage[d], distance, search.cost[d], d))
        frontier = nxt
    return [d for *_key, d in sorted(ordered)][:TRIES]


def _complement(search: _Search, target, width: float, hidden: set[int]) -> list[int]:
    """The published cells to hide next for a narrow target (a hidden cell or a change). One cell
    that widens it, or two less aggregated ones that do together (e.g. an area and one of its
    sectors rather than the whole municipality); if nothing widens it on its own, the cheapest cell
    (progress)."""
    ordered = _candidates(search, target, hidden)
    if not ordered:
        return []
    coverage, values = search.coverage, search.cost
    model = _Model(search.table, _reachable(search, target, ordered, hidden), ordered)

    def widens(cells) -> bool:
        lo, hi = model.interval(target, freed=cells)
        return hi - lo > width + 1e-6

    single = next((d for d in ordered if widens([d])), None)
    ceiling = coverage[single] if single is not None else math.inf
    cheaper = [d for d in ordered[:PAIRS] if coverage[d] < ceiling]
    pairs = sorted(
        ((a, b) for n, a in enumerate(cheaper) for b in cheaper[n + 1 :]),
        key=lambda ab: (max(coverage[ab[0]], coverage[ab[1]]), values[ab[0]] + values[ab[1]]),
    )
    pair = next((list(ab) for ab in pairs if widens(ab)), None)
    if pair is not None:
        return pair
    return [single] if single is not None else [ordered[0]]


def _reachable(search: _Search, target, candidates: list[int], hidden: set[int]) -> set[int]:
    """The hidden cells whose components the target and the candidates touch: the only part of
    the program that freeing candidates can change for the target."""
    comp = _components(search.table, hidden)
    start = [target] if isinstance(target, int) else list(target)
    roots = {comp[c] for c in start}
    for d in candidates:
        for e in search.linked[d]:
            total, parts = search.table.equations[e]
            roots.update(comp[c] for c in (total, *parts) if c in comp)
    return {h for h, r in comp.items() if r in roots}


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


@dataclass(frozen=True, slots=True)
class Magnitude:
    """A published sum over contributors (hours, credits) with its number of contributors, or hidden
    (both None). Carries no hidden value."""

    value: object | None
    contributors: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SYMBOL if self.value is None else str(self.value)


def magnitudes(rows: Sequence[tuple[object, int]], k: int) -> list[Magnitude]:
    """Rows of (sum, contributors) published side by side with no total (e.g. the months of a year):
    the threshold rule. A row is shown only when at least k people contributed; fewer, zero included
    ("nobody" tells as much as "one person"), hides the sum and the count together. A caller that also
    publishes a total over the rows has equations and must protect the contributor counts with
    `one_way` and hide a row's sum wherever its count is hidden."""
    out = []
    for value, n in rows:
        shown = n >= max(k, 1)
        out.append(Magnitude(value if shown else None, n if shown else None))
    return out


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
    return hierarchies({None: (groups, leaves, group_values)}, k, structural_zeros)[None]


def hierarchies(periods: dict, k: int, structural_zeros: Iterable = ()) -> dict:
    """The same hierarchy in several periods (e.g. the years of an indicator), protected together:
    {period: (groups, leaves, group_values or None)} -> {period: Hierarchy}. A leaf, group or
    whole hidden in one period is hidden in every period that has it, and the change of a hidden
    figure between neighbouring periods is as uncertain as a hidden cell (docs/disclosure.md)."""
    zeros = set(structural_zeros)
    t = Table()
    built, figures = {}, {}  # figures: key -> its cells, oldest period first
    for period in sorted(periods, key=lambda p: (p is not None, p)):
        groups, leaves, group_values = periods[period]
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
        for key, i in leaf_idx.items():
            figures.setdefault(("leaf", key), []).append(i)
        for g, i in group_idx.items():
            figures.setdefault(("group", g), []).append(i)
        figures.setdefault(("whole",), []).append(top)
        built[period] = (leaf_idx, group_idx, top)
    for cells in figures.values():
        t.tie(cells)
    p = t.protect(k)
    return {
        period: Hierarchy(
            {key: p.shown(i) for key, i in leaf_idx.items()},
            {g: p.shown(i) for g, i in group_idx.items()},
            p.shown(top),
            all(i in p.hidden for i in (*leaf_idx.values(), *group_idx.values(), top)),
        )
        for period, (leaf_idx, group_idx, top) in built.items()
    }
