"""A helper index kept fresh by deltas: built once, then one helper's change costs milliseconds.

The base `HelperIndex` is never rebuilt for a change: the changed (or gone) helper's base row is
retired, and the helper's new state goes into a small overlay index that is rebuilt instead (it
holds only the helpers changed since the last build). Every answer merges base and overlay with
the same scoring code, so it equals an index built from scratch. When the overlay grows past
`COMPACT_AT` helpers, everything is rebuilt once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import numpy as np

from zorgzaam.matching.index import HelperIndex
from zorgzaam.matching.specs import COMPONENTS, DEFAULT_WEIGHTS, HelperSpec, NeedSpec, Suggestion, reasons_for

COMPACT_AT = 1000


class LiveIndex:
    def __init__(self, helpers: Sequence[HelperSpec], version: int = 0):
        # The caller's change-log position the index reflects (see care.live_index).
        self.version = version
        self._build(helpers)

    def _build(self, helpers: Sequence[HelperSpec]) -> None:
        self.base = HelperIndex(helpers)
        self._pos = dict(zip(self.base.ids.tolist(), range(len(self.base.ids)), strict=True))
        self.overlay: dict[int, HelperSpec] = {}
        self._over = HelperIndex([])

    def apply(self, changed: Iterable[HelperSpec] = (), removed: Iterable[int] = ()) -> None:
        """Take in helpers' new state (`changed`) and helpers who can no longer help (`removed`)."""
        changed, removed = list(changed), list(removed)
        touched = [h.id for h in changed] + removed
        positions = [self._pos[i] for i in touched if i in self._pos]
        if positions:
            self.base.retire(positions)
        for helper_id in removed:
            self.overlay.pop(helper_id, None)
        for helper in changed:
            self.overlay[helper.id] = helper
        if len(self.overlay) > COMPACT_AT:
            self._build(self.helpers())
        elif changed or removed:
            self._over = HelperIndex(sorted(self.overlay.values(), key=lambda h: h.id))

    def helpers(self) -> list[HelperSpec]:
        alive = [h for h, ok in zip(self.base.helpers, self.base.alive.tolist(), strict=True) if ok]
        return alive + sorted(self.overlay.values(), key=lambda h: h.id)

    def parts(self) -> list[tuple[HelperIndex, int]]:
        """The indexes to scan, with the offset of their helper positions (see matching.assign)."""
        return [(self.base, 0), (self._over, len(self.base.ids))]

    def __len__(self) -> int:
        return int(self.base.alive.sum()) + len(self.overlay)

    def top(self, need: NeedSpec, limit: int, weights=DEFAULT_WEIGHTS):
        """Best `limit` (helper spec, score, components) over base and overlay, ties by helper id."""
        found = []
        for index in (self.base, self._over):
            rows, scores, comps = index.top(need, limit, weights)
            for j, row in enumerate(rows.tolist()):
                found.append((-float(scores[j]), int(index.ids[row]), index.helpers[row], comps[:, j]))
        found.sort(key=lambda f: (f[0], f[1]))
        return [(spec, -neg, comps) for neg, _id, spec, comps in found[:limit]]

    def suggest(self, need: NeedSpec, limit: int = 10, weights=DEFAULT_WEIGHTS) -> list[Suggestion]:
        return [
            Suggestion(
                helper_id=spec.id,
                score=score,
                components={c: float(comps[k]) for k, c in enumerate(COMPONENTS)},
                reasons=reasons_for(need, spec),
            )
            for spec, score, comps in self.top(need, limit, weights)
        ]

    def memory_bytes(self) -> int:
        """Rough size: the index arrays plus the helper specs they were built from."""
        total = 0
        for index in (self.base, self._over):
            seen = set()
            for obj in [*vars(index).values(), *(vars(p) for p in index._pools.values())]:
                for value in obj.values() if isinstance(obj, dict) else [obj]:
                    if isinstance(value, np.ndarray) and id(value) not in seen:
                        seen.add(id(value))
                        total += value.nbytes
            total += sum(_spec_size(h) for h in index.helpers)
        return total + sys.getsizeof(self._pos) * 2


def _spec_size(h: HelperSpec) -> int:
    return sys.getsizeof(h) + sum(sys.getsizeof(s) for s in (h.tag_ids, h.languages, h.slots))
