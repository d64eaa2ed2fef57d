"""Matching engine: hard rules, scoring, ordering, and batch assignment optimality."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from zorgzaam.matching.engine import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    HelperIndex,
    HelperSpec,
    NeedSpec,
    batch_assign,
    candidate_edges,
    combine,
    explain_exclusion,
    haversine_km,
    pair_components,
    pair_score,
    suggest,
)

LEUVEN = (50.8798, 4.7005)
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

coords = st.one_of(
    st.none(),
    st.tuples(
        st.floats(LEUVEN[0] - 0.08, LEUVEN[0] + 0.08, allow_nan=False),
        st.floats(LEUVEN[1] - 0.12, LEUVEN[1] + 0.12, allow_nan=False),
    ),
)
tag_sets = st.frozensets(st.integers(1, 6), max_size=4)
lang_sets = st.frozensets(st.sampled_from(["nl", "fr", "en", "ar"]), max_size=2)
slot_sets = st.frozensets(st.sampled_from(["mon_am", "mon_pm", "tue_am", "sat_pm"]), max_size=3)


@st.composite
def helper_lists(draw, min_size=0, max_size=12):
    n = draw(st.integers(min_size, max_size))
    out = []
    for i in range(n):
        point = draw(coords)
        cap = draw(st.integers(0, 3))
        out.append(
            HelperSpec(
                id=i + 1,
                tag_ids=draw(tag_sets),
                lat=point[0] if point else None,
                lon=point[1] if point else None,
                languages=draw(lang_sets),
                slots=draw(slot_sets),
                load=draw(st.integers(0, cap)),
                cap=cap,
                screened=draw(st.booleans()),
                max_distance_km=draw(st.sampled_from([0.5, 2.0, 5.0, 10.0])),
            )
        )
    return out


@st.composite
def need_specs(draw, need_id=1, n_helpers=12):
    point = draw(coords)
    helper_ids = st.integers(1, max(1, n_helpers))
    return NeedSpec(
        id=need_id,
        tag_ids=draw(tag_sets),
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        languages=draw(lang_sets),
        slots=draw(slot_sets),
        needs_screening=draw(st.booleans()),
        previous_helper_ids=draw(st.frozensets(helper_ids, max_size=2)),
        excluded_helper_ids=draw(st.frozensets(helper_ids, max_size=2)),
    )


@st.composite
def need_lists(draw, n_helpers=12, max_size=6):
    n = draw(st.integers(0, max_size))
    return [draw(need_specs(need_id=i + 1, n_helpers=n_helpers)) for i in range(n)]


def helper(hid=1, **kw):
    base = dict(
        id=hid,
        tag_ids=frozenset({1, 2}),
        lat=LEUVEN[0],
        lon=LEUVEN[1],
        languages=frozenset({"nl"}),
        slots=frozenset({"mon_am"}),
        load=0,
        cap=2,
        screened=True,
        max_distance_km=5.0,
    )
    base.update(kw)
    return HelperSpec(**base)


def need(nid=1, **kw):
    base = dict(
        id=nid,
        tag_ids=frozenset({1, 2, 3}),
        lat=LEUVEN[0] + 0.01,
        lon=LEUVEN[1],
        languages=frozenset({"nl"}),
        slots=frozenset({"mon_am", "tue_am"}),
        needs_screening=False,
    )
    base.update(kw)
    return NeedSpec(**base)


# --- hard rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "h, n, fragment",
    [
        (helper(load=2, cap=2), need(), "as much as agreed"),
        (helper(cap=0), need(), "as much as agreed"),
        (helper(screened=False), need(needs_screening=True), "screened"),
        (helper(), need(excluded_helper_ids=frozenset({1})), "asked not to be matched"),
        (helper(max_distance_km=1.0), need(lat=LEUVEN[0] + 0.05), "further than"),
        (helper(languages=frozenset({"fr"})), need(), "No shared language"),
    ],
)
def test_each_hard_rule_excludes_and_explains(h, n, fragment):
    with translation.override("en"):
        assert fragment in explain_exclusion(n, h)
    assert pair_components(n, h) is None
    assert suggest(n, [h]) == []
    assert batch_assign([n], [h]).pairs == []


def test_allowed_pair_has_no_exclusion_and_unknowns_are_neutral():
    assert explain_exclusion(need(), helper()) is None
    comps = pair_components(need(lat=None, lon=None, languages=frozenset(), slots=frozenset()), helper())
    assert comps["distance"] == comps["language"] == comps["availability"] == 0.5
    # A helper without languages is not excluded by a need with languages (nothing known to clash).
    assert pair_components(need(), helper(languages=frozenset())) is not None


def test_components_follow_the_formulas():
    n = need(previous_helper_ids=frozenset({1}))
    h = helper(load=1, cap=4, tag_ids=frozenset({1, 3, 9}), slots=frozenset({"tue_am", "sat_pm"}))
    comps = pair_components(n, h)
    km = haversine_km(n.lat, n.lon, h.lat, h.lon)
    assert comps["talent"] == pytest.approx(2 / 3)
    assert comps["distance"] == pytest.approx(1 - km / 5.0)
    assert comps["language"] == 1.0
    assert comps["availability"] == pytest.approx(1 / 2)
    assert comps["capacity"] == pytest.approx(0.75)
    assert comps["continuity"] == 1.0
    expected = sum(DEFAULT_WEIGHTS[c] * comps[c] for c in COMPONENTS) / sum(DEFAULT_WEIGHTS.values())
    assert pair_score(n, h) == pytest.approx(expected)


def test_haversine_matches_known_distance():
    # Leuven Grote Markt to Brussels Grote Markt is about 24.4 km as the crow flies.
    assert haversine_km(50.8790, 4.7010, 50.8467, 4.3525) == pytest.approx(24.6, abs=0.5)
    assert haversine_km(*LEUVEN, *LEUVEN) == 0.0


# --- suggestions -------------------------------------------------------------------------------


def test_suggestions_ranked_with_reasons():
    near = helper(1, lat=LEUVEN[0] + 0.011)
    far = helper(2, lat=LEUVEN[0] + 0.04)
    continuity = helper(3, lat=LEUVEN[0] + 0.025)
    n = need(previous_helper_ids=frozenset({3}))
    with translation.override("en"):
        result = suggest(n, [far, near, continuity])
    assert [s.helper_id for s in result] == [3, 1, 2]
    assert result[0].score > result[1].score > result[2].score
    assert result[0].components["continuity"] == 1.0
    reasons = result[1].reasons
    assert len(reasons) == len(COMPONENTS)
    assert reasons[0] == "Shares 2 of 3 needed talents"
    assert reasons[1] == "0.1 km away"
    assert reasons[2] == "Speaks Dutch"
    assert reasons[3] == "Available in 1 of 2 asked time slots"
    assert reasons[4] == "Has room for 2 more tasks"
    assert result[0].reasons[5] == "Helped this person before"


def test_reasons_are_translated():
    with translation.override("nl"):
        reasons = suggest(need(), [helper()])[0].reasons
    assert reasons[0] == "Heeft 2 van de 3 gevraagde talenten"
    assert reasons[1] == "1,1 km ver" and reasons[2] == "Spreekt Nederlands"


def test_one_asked_talent_reads_as_singular():
    with translation.override("nl"):
        reasons = suggest(need(tag_ids=frozenset({1})), [helper()])[0].reasons
    assert reasons[0] == "Heeft 1 van 1 gevraagd talent"
    with translation.override("fr"):
        reasons = suggest(need(tag_ids=frozenset({1}), languages=frozenset({"nl", "xx"})), [helper()])[
            0
        ].reasons
    assert reasons[0] == "A 1 talent demandé sur 1" and reasons[2] == "Parle néerlandais"


def test_weights_change_the_ranking():
    close = helper(1, lat=LEUVEN[0] + 0.0101, tag_ids=frozenset())
    talented = helper(2, lat=LEUVEN[0] + 0.04, tag_ids=frozenset({1, 2, 3}))
    only_distance = {c: 0.0 for c in COMPONENTS} | {"distance": 1.0}
    only_talent = {c: 0.0 for c in COMPONENTS} | {"talent": 1.0}
    assert suggest(need(), [close, talented], weights=only_distance)[0].helper_id == 1
    assert suggest(need(), [close, talented], weights=only_talent)[0].helper_id == 2


def test_limit_and_ties_break_by_id():
    helpers = [helper(i, lat=LEUVEN[0]) for i in (5, 3, 9, 1)]
    result = suggest(need(), helpers, limit=3)
    assert [s.helper_id for s in result] == [1, 3, 5]
    assert len({s.score for s in result}) == 1


@SETTINGS
@given(helpers=helper_lists(), n=need_specs())
def test_index_agrees_with_reference(helpers, n):
    """The vectorised index allows exactly the pairs the rules allow, with the same scores."""
    index = HelperIndex(helpers)
    rows, scores, comps, _km = index.score_candidates(n)
    got = {int(index.ids[r]): float(s) for r, s in zip(rows, scores, strict=True)}
    expected = {h.id: pair_score(n, h) for h in helpers if pair_components(n, h) is not None}
    assert got.keys() == expected.keys()
    for hid, score in expected.items():
        assert got[hid] == pytest.approx(score, abs=1e-9)
    for j, r in enumerate(rows):
        ref = pair_components(n, helpers[r])
        for k, c in enumerate(COMPONENTS):
            assert comps[k, j] == pytest.approx(ref[c], abs=1e-9)


@SETTINGS
@given(helpers=helper_lists(), n=need_specs(), limit=st.integers(1, 5))
def test_suggest_order_is_best_first(helpers, n, limit):
    result = suggest(n, helpers, limit=limit)
    ranked = sorted(
        ((-pair_score(n, h), h.id) for h in helpers if pair_components(n, h) is not None),
    )[:limit]
    assert [s.helper_id for s in result] == [hid for _s, hid in ranked] or all(
        # equal scores up to float noise may swap places
        math.isclose(s.score, -ranked[i][0], abs_tol=1e-9)
        for i, s in enumerate(result)
    )
    assert len(result) == len(ranked)
    assert all(a.score >= b.score for a, b in zip(result, result[1:], strict=False))
    assert all(combine(s.components) == pytest.approx(s.score) for s in result)


# --- batch assignment --------------------------------------------------------------------------


def brute_force_optimum(needs, helpers):
    """Best (needs placed, total score) over every way of giving each need one allowed helper or
    none: placing more needs comes first (lexicographic)."""
    options = [[None] + [h for h in helpers if pair_components(n, h) is not None] for n in needs]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        used = {}
        total = 0.0
        ok = True
        for n, h in zip(needs, choice, strict=True):
            if h is None:
                continue
            used[h.id] = used.get(h.id, 0) + 1
            if used[h.id] > h.cap - h.load:
                ok = False
                break
            total += pair_score(n, h)
        if ok:
            placed = sum(h is not None for h in choice)
            if (placed, total) > (best[0], best[1] + 1e-9):
                best = (placed, total)
    return best


def lp_optimum(needs, helpers):
    """(placed, total) via the Hungarian method on helpers expanded to one column per free place;
    a placement is worth BIG more than any score total, as in the engine."""
    slots = [h for h in helpers for _ in range(max(0, h.cap - h.load))]
    if not needs or not slots:
        return 0, 0.0
    big = len(needs) + 1.0
    gain = np.zeros((len(needs), len(slots) + len(needs)))  # extra columns = stay unassigned
    for i, n in enumerate(needs):
        for j, h in enumerate(slots):
            s = pair_score(n, h)
            gain[i, j] = -1e6 if s is None else big + s
    r, c = linear_sum_assignment(gain, maximize=True)
    chosen = [(i, j) for i, j in zip(r, c, strict=True) if j < len(slots) and gain[i, j] > 0]
    return len(chosen), float(sum(gain[i, j] - big for i, j in chosen))


def check_assignment(result, needs, helpers):
    by_id = {h.id: h for h in helpers}
    needs_by_id = {n.id: n for n in needs}
    assigned_needs = [p[0] for p in result.pairs]
    assert len(assigned_needs) == len(set(assigned_needs)), "a need is assigned twice"
    per_helper = {}
    for nid, hid, score in result.pairs:
        per_helper[hid] = per_helper.get(hid, 0) + 1
        assert pair_components(needs_by_id[nid], by_id[hid]) is not None, "excluded pair assigned"
        assert score == pytest.approx(pair_score(needs_by_id[nid], by_id[hid]))
    for hid, count in per_helper.items():
        assert by_id[hid].load + count <= by_id[hid].cap, "cap exceeded"
    assert sorted(result.unassigned + assigned_needs) == sorted(needs_by_id)
    assert result.objective >= result.greedy_objective
    assert result.certificate["optimal"] and result.certificate["max_violation"] == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(helpers=helper_lists(max_size=4), needs=need_lists(n_helpers=4, max_size=4))
def test_batch_equals_brute_force_on_tiny_instances(helpers, needs):
    result = batch_assign(needs, helpers)
    check_assignment(result, needs, helpers)
    placed, total = brute_force_optimum(needs, helpers)
    assert len(result.pairs) == placed
    assert result.total == pytest.approx(total, abs=1e-5)


@SETTINGS
@given(helpers=helper_lists(max_size=12), needs=need_lists(n_helpers=12, max_size=10))
def test_batch_respects_rules_and_matches_lp(helpers, needs):
    result = batch_assign(needs, helpers)
    check_assignment(result, needs, helpers)
    placed, total = lp_optimum(needs, helpers)
    assert len(result.pairs) == placed
    assert result.total == pytest.approx(total, abs=1e-5)


def test_optimal_beats_greedy_when_greedy_blocks():
    # Greedy gives the only helper of need 2 to need 1 (slightly better score), leaving need 2 empty.
    shared = helper(1, cap=1, tag_ids=frozenset({1, 2, 3}))
    other = helper(2, cap=1, tag_ids=frozenset({1}), lat=LEUVEN[0] + 0.02)
    n1 = need(1)
    n2 = need(2, excluded_helper_ids=frozenset({2}))
    result = batch_assign([n1, n2], [shared, other])
    assert sorted((p[0], p[1]) for p in result.pairs) == [(1, 2), (2, 1)]
    assert result.total > result.greedy_total
    assert result.unassigned == []


def test_batch_with_nothing():
    assert batch_assign([], [helper()]).pairs == []
    result = batch_assign([need(7)], [])
    assert result.pairs == [] and result.unassigned == [7] and result.total == 0.0


@SETTINGS
@given(helpers=helper_lists(max_size=15), needs=need_lists(n_helpers=15, max_size=8), k=st.integers(1, 5))
def test_block_scoring_gives_the_same_edges_as_one_by_one(helpers, needs, k):
    """candidate_edges scores located needs in blocks; the edges must equal per-need `top`."""
    index = HelperIndex(helpers)
    ni, hi, sc = candidate_edges(needs, index, k)
    got: dict[int, list] = {}
    for n, h, s in zip(ni.tolist(), hi.tolist(), sc.tolist(), strict=True):
        got.setdefault(n, []).append((h, s))
    for pos, n in enumerate(needs):
        rows, scores, _comps = index.top(n, k)
        assert [h for h, _s in got.get(pos, [])] == rows.tolist()
        assert [s for _h, s in got.get(pos, [])] == scores.tolist()


def test_block_scoring_on_a_crowded_street():
    """Many needs in one block, many helpers: block and one-by-one agree, ties broken by id."""
    import random

    rng = random.Random(7)
    helpers = [
        helper(
            i,
            lat=LEUVEN[0] + rng.uniform(-0.03, 0.03),
            lon=LEUVEN[1] + rng.uniform(-0.04, 0.04),
            tag_ids=frozenset(rng.sample(range(1, 8), 2)),
            languages=frozenset(rng.sample(["nl", "fr", "en"], 1)),
            max_distance_km=rng.choice([1.0, 2.0, 5.0]),
        )
        for i in range(1, 400)
    ]
    needs = [
        need(j, lat=LEUVEN[0] + rng.uniform(-0.005, 0.005), lon=LEUVEN[1] + rng.uniform(-0.005, 0.005))
        for j in range(1, 120)
    ]
    index = HelperIndex(helpers)
    ni, hi, _sc = candidate_edges(needs, index, 10)
    for pos, n in enumerate(needs):
        assert hi[ni == pos].tolist() == index.top(n, 10)[0].tolist()
