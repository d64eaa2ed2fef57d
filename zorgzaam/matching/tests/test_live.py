"""The live index: deltas give the same answers as an index built from scratch, without a rebuild."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgzaam.matching import live
from zorgzaam.matching.engine import HelperIndex, LiveIndex
from zorgzaam.matching.tests.test_engine import LEUVEN, helper, helper_lists, need, need_specs

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _answer(index, n, limit=5):
    return [(s.helper_id, round(s.score, 12), s.reasons) for s in index.suggest(n, limit)]


@st.composite
def changes(draw, helpers):
    """Some helpers changed (capacity, load, screening, place, reach, talents, languages), some gone."""
    out, removed = [], []
    for h in helpers:
        what = draw(st.sampled_from(["keep", "keep", "change", "remove"]))
        if what == "remove":
            removed.append(h.id)
        elif what == "change":
            cap = draw(st.integers(0, 3))
            out.append(
                dataclasses.replace(
                    h,
                    cap=cap,
                    load=draw(st.integers(0, cap)),
                    screened=draw(st.booleans()),
                    lat=None if h.lat is None else h.lat + draw(st.floats(-0.02, 0.02)),
                    max_distance_km=draw(st.sampled_from([1.0, 5.0])),
                    tag_ids=draw(st.frozensets(st.integers(1, 9), max_size=3)),
                    languages=draw(st.frozensets(st.sampled_from(["nl", "fr", "pl"]), max_size=2)),
                )
            )
    new = [
        helper(100 + i, lat=LEUVEN[0] + 0.001 * i, tag_ids=frozenset({i % 4 + 1}))
        for i in range(draw(st.integers(0, 3)))
    ]
    return out + new, removed


@FAST
@given(data=st.data(), helpers=helper_lists(max_size=12))
def test_deltas_equal_a_fresh_build(data, helpers):
    index = LiveIndex(helpers)
    base = index.base
    for _step in range(2):
        changed, removed = data.draw(changes(helpers))
        index.apply(changed=changed, removed=removed)
        by_id = {h.id: h for h in helpers if h.id not in removed}
        by_id.update({h.id: h for h in changed})
        helpers = sorted(by_id.values(), key=lambda h: h.id)
        fresh = HelperIndex(helpers)
        for j in range(3):
            n = data.draw(need_specs(need_id=j + 1, n_helpers=12))
            assert _answer(index, n) == _answer(fresh, n)
    assert index.base is base  # no rebuild
    assert len(index) == len(helpers)


def test_one_change_is_a_delta_and_many_compact(monkeypatch):
    helpers = [helper(i, lat=LEUVEN[0] + 0.001 * i) for i in range(1, 30)]
    index = LiveIndex(helpers)
    base = index.base
    index.apply(changed=[dataclasses.replace(helpers[0], cap=0)])
    assert index.base is base and 1 not in [s.helper_id for s in index.suggest(need(), 50)]
    index.apply(removed=[2])
    assert 2 not in [s.helper_id for s in index.suggest(need(), 50)]
    index.apply(changed=[dataclasses.replace(helpers[1], cap=3)])  # back again
    assert 2 in [s.helper_id for s in index.suggest(need(), 50)]
    monkeypatch.setattr(live, "COMPACT_AT", 3)
    index.apply(changed=[dataclasses.replace(h, cap=1) for h in helpers[5:10]])
    assert index.base is not base and not index.overlay  # rebuilt once, overlay emptied
    assert [s.helper_id for s in index.suggest(need(), 50)] == [
        s.helper_id for s in HelperIndex(index.helpers()).suggest(need(), 50)
    ]
    assert index.memory_bytes() > 0
