"""The disclosure service, checked against an independent linear program (scipy's HiGHS, not the
service's GLOP): for every hidden cell, the attacker's feasible interval given everything published
must be at least k wide, or the whole table is hidden."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from zorgzaam.core import disclosure
from zorgzaam.core.disclosure import SYMBOL, Shown, hierarchy, one_way, two_way

SMALL = st.one_of(st.integers(0, 6), st.integers(0, 40))


def attacker_intervals(n_vars, equations, published):
    """equations: list of (total index, [part indices]); published: {index: value}.
    Returns {hidden index: (min, max)} over non-negative reals."""
    a_eq = np.zeros((len(equations), n_vars))
    for r, (total, parts) in enumerate(equations):
        a_eq[r, total] += 1
        for p in parts:
            a_eq[r, p] -= 1
    b_eq = np.zeros(len(equations))
    bounds = [(published[i], published[i]) if i in published else (0, None) for i in range(n_vars)]
    out = {}
    for i in range(n_vars):
        if i in published:
            continue
        c = np.zeros(n_vars)
        c[i] = 1
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, low.message
        hi = math.inf if high.status == 3 else -high.fun
        out[i] = (low.fun, hi)
    return out


def assert_safe(values, equations, shown, k, structural=()):
    published = {i: s.value for i, s in enumerate(shown) if not s.hidden}
    for i, v in published.items():
        assert v == values[i], "a published cell is exact"
        assert v >= k or i in structural, "a small cell or a zero is never published"
    if len(published) == 0:
        return
    for i, (lo, hi) in attacker_intervals(len(values), equations, published).items():
        assert lo <= values[i] + 1e-6 and values[i] <= hi + 1e-6
        assert hi - lo >= k - 1e-6, f"cell {i} ({values[i]}) narrowed to [{lo}, {hi}]"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.integers(1, 4).flatmap(
        lambda r: st.integers(1, 5).flatmap(
            lambda c: st.lists(st.lists(SMALL, min_size=c, max_size=c), min_size=r, max_size=r)
        )
    ),
    k=st.sampled_from([3, 5]),
)
def test_two_way_tables_leave_every_hidden_cell_k_wide(rows, k):
    nr, nc = len(rows), len(rows[0])
    res = two_way(rows, k)
    # Independent layout: cells, row totals, column totals, grand total.
    cell = lambda r, c: r * nc + c  # noqa: E731
    rt = lambda r: nr * nc + r  # noqa: E731
    ct = lambda c: nr * nc + nr + c  # noqa: E731
    grand = nr * nc + nr + nc
    values = [v for row in rows for v in row] + [sum(r) for r in rows]
    values += [sum(r[c] for r in rows) for c in range(nc)] + [sum(map(sum, rows))]
    equations = [(rt(r), [cell(r, c) for c in range(nc)]) for r in range(nr)]
    equations += [(ct(c), [cell(r, c) for r in range(nr)]) for c in range(nc)]
    equations += [(grand, [rt(r) for r in range(nr)])]
    shown = [s for row in res.cells for s in row] + res.row_totals + res.column_totals + [res.total]
    assert_safe(values, equations, shown, k)


@settings(max_examples=50, deadline=None)
@given(
    groups=st.lists(st.lists(st.integers(0, 7), min_size=1, max_size=4, unique=True), min_size=1, max_size=4),
    counts=st.lists(SMALL, min_size=8, max_size=8),
    k=st.sampled_from([3, 5]),
)
def test_hierarchies_with_overlapping_groups_leave_every_hidden_cell_k_wide(groups, counts, k):
    """Sectors (leaves) within areas (groups, which may share a sector) within the municipality."""
    leaves = sorted({leaf for g in groups for leaf in g})
    res = hierarchy({g: members for g, members in enumerate(groups)}, {x: counts[x] for x in leaves}, k)
    pos = {x: j for j, x in enumerate(leaves)}
    values = [counts[x] for x in leaves] + [sum(counts[x] for x in g) for g in groups]
    values.append(sum(counts[x] for x in leaves))
    top = len(values) - 1
    equations = [(len(leaves) + g, [pos[x] for x in members]) for g, members in enumerate(groups)]
    equations.append((top, [pos[x] for x in leaves]))
    shown = [res.leaves[x] for x in leaves] + [res.groups[g] for g in range(len(groups))] + [res.total]
    assert_safe(values, equations, shown, k)


@settings(max_examples=50, deadline=None)
@given(values=st.lists(SMALL, min_size=1, max_size=8), k=st.sampled_from([3, 5]), data=st.data())
def test_one_way_tables_with_structural_zeros(values, k, data):
    zeros = [i for i, v in enumerate(values) if v == 0 and data.draw(st.booleans())]
    res = one_way(values, k, structural_zeros=zeros)
    n = len(values)
    equations = [(n, list(range(n)))]
    all_values = [*values, sum(values)]
    known = set(zeros) | ({n} if len(zeros) == n else set())  # a total of structural zeros is one
    assert_safe(all_values, equations, [*res.cells, res.total], k, structural=known)
    for i in zeros:
        assert res.cells[i].value == 0, "a structural zero is shown as 0"


def test_the_policy_row_5_0_0_1_total_6_hides_enough():
    """The reported leak: 5 · 0 · 0 · <5 · total 6 gives the hidden cell away (6 - 5 = 1)."""
    res = one_way([5, 0, 0, 1], k=5)
    assert [str(c) for c in res.cells] == [SYMBOL] * 4
    assert res.total.value == 6  # the total can stay: four hidden cells share 6, each 0..6


def test_two_way_hides_the_margin_when_nothing_else_helps():
    # One column only: each row total equals its cell, so a small cell's margin must go too.
    res = two_way([[2], [9], [8]], k=5)
    assert res.cells[0][0].hidden and res.row_totals[0].hidden
    assert res.total.value == 19 or res.total.hidden
    shown = [res.cells[r][0] for r in range(3)]
    assert sum(1 for s in shown if s.hidden) >= 2  # one partner hidden with it, not 19 - 9 - 8


def test_zero_table_and_k_off():
    assert one_way([0, 0], k=5).fully_hidden
    assert [c.value for c in one_way([1, 2], k=0).cells] == [1, 2]
    assert str(Shown(7)) == "7" and str(Shown(None)) == SYMBOL


def test_intervals_reports_unbounded_maximum():
    t = disclosure.Table()
    a, b = t.cell(3), t.cell(9)
    t.total([a, b])
    lo, hi = disclosure.intervals(t, {a, b, 2}, [a])[a]
    assert lo == 0 and hi == math.inf


def test_withheld_rows_are_hidden_and_protected():
    """A row the page does not publish (an area too small to break down) cannot be worked out as
    the column totals minus the published rows."""
    res = two_way([[9, 8], [6, 7], [12, 10]], k=5, withheld_rows=[1])
    assert all(c.hidden for c in res.cells[1]) and res.row_totals[1].hidden
    values = [9, 8, 6, 7, 12, 10, 17, 13, 22, 27, 25, 52]
    equations = [(6, [0, 1]), (7, [2, 3]), (8, [4, 5]), (9, [0, 2, 4]), (10, [1, 3, 5]), (11, [6, 7, 8])]
    shown = [c for row in res.cells for c in row] + res.row_totals + res.column_totals + [res.total]
    published = {i: s.value for i, s in enumerate(shown) if not s.hidden}
    for i, (lo, hi) in attacker_intervals(len(values), equations, published).items():
        assert hi - lo >= 5 - 1e-6, i
