"""Several periods of one table (docs/disclosure.md, attacker model point 5: the previous period is
known). Checked against an independent linear program over BOTH periods at once (scipy's HiGHS, not
the service's GLOP): no figure is exact in one period and hidden in another, every hidden cell of
either period is at least k wide given everything published in both, and so is the change of a
hidden figure between the periods."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from zorgzaam.core import disclosure
from zorgzaam.core.disclosure import hierarchies, hierarchy

SMALL = st.one_of(st.integers(0, 6), st.integers(0, 40))


def joint_intervals(n_vars, equations, published, targets):
    """equations: (total, [parts]) over all periods' cells; targets: a cell index, or a pair
    (later, earlier) for the change later - earlier. {target: (min, max)} over non-negative reals."""
    a_eq = np.zeros((len(equations), n_vars))
    for r, (total, parts) in enumerate(equations):
        a_eq[r, total] += 1
        for p in parts:
            a_eq[r, p] -= 1
    bounds = [(published[i], published[i]) if i in published else (0, None) for i in range(n_vars)]
    out = {}
    for target in targets:
        c = np.zeros(n_vars)
        if isinstance(target, int):
            c[target] = 1
        else:
            c[target[0]], c[target[1]] = 1, -1
        low = linprog(c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds, method="highs")
        assert low.status in (0, 3) and high.status in (0, 3), (low.message, high.message)
        out[target] = (-math.inf if low.status == 3 else low.fun, math.inf if high.status == 3 else -high.fun)
    return out


def layout(groups, counts):
    """One period of a hierarchy, laid out independently of the service: leaves, groups, whole."""
    leaves = sorted(counts)
    pos = {x: j for j, x in enumerate(leaves)}
    members = {g: [x for x in m if x in counts] for g, m in groups.items()}
    members = {g: m for g, m in members.items() if m}
    values = [counts[x] for x in leaves] + [sum(counts[x] for x in m) for m in members.values()]
    values.append(sum(counts.values()))
    equations = [(len(leaves) + j, [pos[x] for x in m]) for j, m in enumerate(members.values())]
    equations.append((len(values) - 1, list(range(len(leaves)))))
    keys = [("leaf", x) for x in leaves] + [("group", g) for g in members] + [("whole",)]
    return values, equations, keys


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups=st.lists(st.lists(st.integers(0, 4), min_size=1, max_size=3, unique=True), min_size=1, max_size=3),
    before=st.lists(st.one_of(st.none(), SMALL), min_size=5, max_size=5),
    after=st.lists(st.one_of(st.none(), SMALL), min_size=5, max_size=5),
    k=st.sampled_from([3, 5]),
)
def test_two_periods_protected_together_leave_every_hidden_cell_and_change_k_wide(groups, before, after, k):
    """Random two-period hierarchies (a sector may exist in one period only: None)."""
    groups = dict(enumerate(groups))
    leaves = sorted({x for m in groups.values() for x in m})
    periods = {
        year: {x: counts[x] for x in leaves if counts[x] is not None}
        for year, counts in ((2024, before), (2025, after))
    }
    periods = {y: c for y, c in periods.items() if c}
    if not periods:
        return
    res = hierarchies({y: (groups, c, None) for y, c in periods.items()}, k)
    values, equations, cells = [], [], {}  # cells: (year, key) -> joint index
    for y, counts in periods.items():
        v, eqs, keys = layout(groups, counts)
        off = len(values)
        values += v
        equations += [(off + t, [off + p for p in parts]) for t, parts in eqs]
        cells.update({(y, key): off + j for j, key in enumerate(keys)})

    def shown(y, key):
        r = res[y]
        return r.total if key[0] == "whole" else (r.leaves if key[0] == "leaf" else r.groups)[key[1]]

    published = {}
    for (y, key), i in cells.items():
        s = shown(y, key)
        if not s.hidden:
            assert s.value == values[i] and s.value >= k, "published cells are exact and not small"
            published[i] = s.value
    for key in {key for _y, key in cells}:
        seen = {shown(y, key).hidden for y in periods if (y, key) in cells}
        assert len(seen) == 1, f"{key} is published in one period and hidden in the other"
    if not published:
        return
    hidden = [i for i in range(len(values)) if i not in published]
    changes = [
        (cells[(2025, key)], cells[(2024, key)])
        for (y, key) in cells
        if y == 2024 and (2025, key) in cells and cells[(2024, key)] in hidden
    ]
    for target, (lo, hi) in joint_intervals(len(values), equations, published, hidden + changes).items():
        assert hi - lo >= k - 1e-6, f"{target} narrowed to [{lo}, {hi}]"


@settings(max_examples=25, deadline=None)
@given(
    first=st.lists(SMALL, min_size=1, max_size=4),
    newcomers=st.lists(st.integers(0, 8), min_size=4, max_size=4),
    k=st.sampled_from([3, 5]),
)
def test_cumulative_periods_linked_by_an_equation_keep_the_newcomers_k_wide(first, newcomers, k):
    """Periods linked by an equation (a cumulative count: this year = last year + newcomers, the
    newcomers never published): the joint program decides, and the newcomers (the change) stay at
    least k wide."""
    n = len(first)
    t = disclosure.Table()
    a = [t.cell(v) for v in first]
    ta = t.total(a)
    new = [t.cell(newcomers[j], withheld=True) for j in range(n)]
    b = [t.total([a[j], new[j]]) for j in range(n)]
    tb = t.total(b)
    for j in range(n):
        t.tie([a[j], b[j]])
    t.tie([ta, tb])
    p = t.protect(k)
    values = t.values
    equations = [(ta, a), (tb, b), *((b[j], [a[j], new[j]]) for j in range(n))]
    published = {i: values[i] for i in range(len(values)) if not p.shown(i).hidden}
    for j in range(n):
        assert p.shown(a[j]).hidden == p.shown(b[j]).hidden
        assert p.shown(new[j]).hidden
    if not published:
        return
    hidden = [i for i in range(len(values)) if i not in published]
    changes = [(b[j], a[j]) for j in range(n) if a[j] in hidden]
    for target, (lo, hi) in joint_intervals(len(values), equations, published, hidden + changes).items():
        assert hi - lo >= k - 1e-6, f"{target} narrowed to [{lo}, {hi}]"


def test_a_year_that_publishes_what_the_other_hides_gives_it_away_and_joint_protection_does_not():
    """One area, sectors a, b, c. 2024: a=3 is small, so b=9 is hidden with it (a + b = 24 - 12).
    2025: a=8, b=9, c=12 are all large. Protected year by year, 2025 publishes b=9: a reader who
    takes b as unchanged recovers a=3 in 2024. Protected together, a and b stay hidden in 2025 too."""
    groups = {"area": ["a", "b", "c"]}
    y24, y25 = {"a": 3, "b": 9, "c": 12}, {"a": 8, "b": 9, "c": 12}
    alone24, alone25 = hierarchy(groups, y24, 5), hierarchy(groups, y25, 5)
    assert alone24.leaves["a"].hidden and alone24.leaves["b"].hidden and alone24.total.value == 24
    assert alone25.leaves["b"].value == 9  # the leak: 24 - 12 - 9 = 3
    joint = hierarchies({2024: (groups, y24, None), 2025: (groups, y25, None)}, 5)
    for year in (2024, 2025):
        assert joint[year].leaves["a"].hidden and joint[year].leaves["b"].hidden
        assert joint[year].leaves["c"].value == 12
    # Even with the guess "b did not change" (b24 = b25), a stays at least k wide in both years.
    values = [3, 9, 12, 24, 24, 8, 9, 12, 29, 29]  # a b c area whole, per year
    equations = [(3, [0, 1, 2]), (4, [0, 1, 2]), (8, [5, 6, 7]), (9, [5, 6, 7])]
    published = {2: 12, 3: 24, 4: 24, 7: 12, 8: 29, 9: 29}
    equations.append((1, [6]))  # the guess b24 = b25, written as an equation
    for target, (lo, hi) in joint_intervals(len(values), equations, published, [0, 5]).items():
        assert hi - lo >= 5, (target, lo, hi)


def test_a_figure_only_in_one_period_and_structural_zeros():
    """A sector new in 2025 has no 2024 cell to tie; a structural zero stays shown in every period."""
    groups = {"area": ["a", "b", "z"]}
    res = hierarchies(
        {2024: (groups, {"a": 20, "z": 0}, None), 2025: (groups, {"a": 20, "b": 2, "z": 0}, None)},
        5,
        structural_zeros=["z"],
    )
    assert res[2025].leaves["b"].hidden and res[2025].leaves["a"].hidden  # a is b's complement
    # a is hidden in 2024 too, and so are the totals that would equal it there (a + structural 0).
    assert res[2024].leaves["a"].hidden and res[2024].groups["area"].hidden and res[2024].total.hidden
    assert res[2024].leaves["z"].value == 0 and res[2025].leaves["z"].value == 0
    assert not res[2024].fully_hidden and not res[2025].fully_hidden
