"""Vectorised helper index: hard rules and scores for many helpers at once.

Performance: `HelperIndex` is built once from a helper list: numpy arrays, tag/language/slot
bitsets (overlaps by popcount), and per pool (helpers with room; screened helpers with room) the
helpers sorted by a lat/lon grid cell, bucketed by travel distance. A radius query reads a few
contiguous grid rows inside the exact bounding box of the reachable spherical cap, then applies the
exact great-circle rule. (A scipy cKDTree was tried first: building its Python result lists for
thousands of hits per query cost more than scoring them.) `suggest()` builds a temporary index,
which is fine for small lists; keep an index around for large ones. `block_scores` scores
neighbouring needs in blocks for the batch.

Helpers can be retired (`retire`: they drop out of every answer) without a rebuild; `live.py` uses
that to apply one helper's change as a delta.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from zorgzaam.matching.specs import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    EARTH_RADIUS_KM,
    UNKNOWN,
    HelperSpec,
    NeedSpec,
    Suggestion,
    arc_km,
    is_located,
    reasons_for,
    unit_xyz,
)


def _vocab(sets: Iterable[Iterable]) -> dict:
    vocab: dict = {}
    for s in sets:
        for v in s:
            if v not in vocab:
                vocab[v] = len(vocab)
    return vocab


def _words(vocab: dict) -> int:
    return max(1, (len(vocab) + 63) // 64)


def _mask_int(values: Iterable, vocab: dict) -> int:
    m = 0
    for v in values:
        b = vocab.get(v)
        if b is not None:
            m |= 1 << b
    return m


def _split(masks: list[int], n_words: int) -> np.ndarray:
    """Python int bitmasks -> (n, n_words) uint64 array."""
    low = (1 << 64) - 1
    arr = np.empty((len(masks), n_words), dtype=np.uint64)
    for w in range(n_words):
        arr[:, w] = np.fromiter(((m >> (64 * w)) & low for m in masks), dtype=np.uint64, count=len(masks))
    return arr


def _popcount_and(bits: np.ndarray, mask: np.ndarray) -> np.ndarray:
    if bits.shape[1] == 1:
        return np.bitwise_count(bits[:, 0] & mask[0]).astype(np.int32)
    return np.bitwise_count(bits & mask).sum(axis=1, dtype=np.int32)


def _chord(km: float) -> float:
    """Straight-line distance on the unit sphere for an arc of `km`: exact radius queries."""
    return 2.0 * math.sin(min(math.pi, km / EARTH_RADIUS_KM) / 2.0)


_MAX_BUCKETS = 6
_CELLS_PER_REACH = 6
_KM_PER_RAD = EARTH_RADIUS_KM


class _Grid:
    """One travel-distance bucket of a pool, sorted by a lat/lon grid cell.

    A radius query is a handful of contiguous ranges (one per grid row), so the candidate data is
    read almost sequentially: far cheaper than a KD-tree's Python result lists for thousands of hits.
    The query box is the exact bounding box of a spherical cap, so nobody within reach is missed;
    the exact distance rule is applied afterwards.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, reach: float, offset: int):
        self.reach, self.offset, self.size = reach, offset, len(lat)
        self.cell = max(reach, 0.05) / _CELLS_PER_REACH / _KM_PER_RAD  # radians
        cy = np.floor(np.radians(lat) / self.cell).astype(np.int64)
        cx = np.floor(np.radians(lon) / self.cell).astype(np.int64)
        self.cy0, self.cx0 = int(cy.min()), int(cx.min())
        self.height = int(cy.max()) - self.cy0 + 1
        self.width = int(cx.max()) - self.cx0 + 1
        keys = (cy - self.cy0) * self.width + (cx - self.cx0)
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]

    def ranges(self, lat: float, lon: float) -> tuple[np.ndarray, np.ndarray]:
        """Start and end offsets (in pool order) of the grid rows that may be within reach."""
        return self.box_ranges(lat, lat, lon, lon)

    def box_ranges(self, lat0: float, lat1: float, lon0: float, lon1: float):
        """Like `ranges`, for every point of the box [lat0, lat1] x [lon0, lon1] at once."""
        ang = self.reach * (1 + 1e-9) / _KM_PER_RAD + 1e-12
        la0, la1 = math.radians(lat0), math.radians(lat1)
        lo0, lo1 = math.radians(lon0), math.radians(lon1)
        widest = max(abs(la0), abs(la1))
        if widest + ang >= math.pi / 2 - 1e-6 or math.sin(ang) >= math.cos(widest):
            # Near a pole: take the whole bucket, the exact rule filters later.
            return np.array([self.offset]), np.array([self.offset + self.size])
        # The longitude reach of a spherical cap grows with latitude: use the box's widest point.
        dlon = math.asin(math.sin(ang) / math.cos(widest))
        y0 = max(0, math.floor((la0 - ang) / self.cell) - self.cy0)
        y1 = min(self.height - 1, math.floor((la1 + ang) / self.cell) - self.cy0)
        x0 = max(0, math.floor((lo0 - dlon) / self.cell) - self.cx0)
        x1 = min(self.width - 1, math.floor((lo1 + dlon) / self.cell) - self.cx0)
        if y0 > y1 or x0 > x1:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        ys = np.arange(y0, y1 + 1, dtype=np.int64) * self.width
        starts = np.searchsorted(self.keys, ys + x0, "left") + self.offset
        ends = np.searchsorted(self.keys, ys + x1, "right") + self.offset
        return starts, ends


class _Pool:
    """Helpers that pass the need-independent hard rules (free capacity, screening).

    Located helpers are split into buckets by travel distance, each queried with its own largest
    distance, so a query returns few helpers that are out of reach anyway. All buckets (and then
    the helpers without a location) are stored back to back in one copy of the index arrays.
    """

    def __init__(self, members: np.ndarray, index: HelperIndex, lat: np.ndarray, lon: np.ndarray):
        located = index.located[members]
        with_xy, no_xy = members[located], members[~located]
        self.grids: list[_Grid] = []
        ordered = []
        if len(with_xy):
            reach = index.maxd[with_xy]
            uppers = np.unique(reach)
            if len(uppers) > _MAX_BUCKETS:
                qs = np.linspace(0, 1, _MAX_BUCKETS + 1)[1:]
                uppers = np.unique(np.quantile(reach, qs, method="higher"))
            lower, offset = -np.inf, 0
            for upper in uppers:
                rows = with_xy[(reach > lower) & (reach <= upper)]
                lower = upper
                if len(rows):
                    grid = _Grid(lat[rows], lon[rows], float(upper), offset)
                    self.grids.append(grid)
                    ordered.append(rows[grid.order])
                    offset += len(rows)
        ordered.append(no_xy)
        self.rows = np.concatenate(ordered)
        self.num, self.bits = index._num[self.rows], index._bits[self.rows]
        self.no_xy = (np.array([len(self.rows) - len(no_xy)]), np.array([len(self.rows)]))

    def near(self, need: NeedSpec):
        """(helper positions, numeric rows, bit rows) of pool members that may be within reach."""
        if not is_located(need):
            return self.rows, self.num, self.bits
        return self.near_box(need.lat, need.lat, need.lon, need.lon)

    def near_box(self, lat0: float, lat1: float, lon0: float, lon1: float):
        """Pool members that may be within reach of any point of the box."""
        parts = [g.box_ranges(lat0, lat1, lon0, lon1) for g in self.grids]
        parts.append(self.no_xy)
        starts = np.concatenate([p[0] for p in parts])
        ends = np.concatenate([p[1] for p in parts])
        lengths = ends - starts
        total = int(lengths.sum())
        # Concatenated aranges [start, end) without a Python loop.
        idx = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(total)
        return self.rows[idx], self.num[idx], self.bits[idx]


class HelperIndex:
    """Helpers as arrays, built once; `suggest` and `top` are vectorised per need."""

    def __init__(self, helpers: Sequence[HelperSpec]):
        self.helpers = list(helpers)
        n = len(self.helpers)
        hs = self.helpers
        self.ids = np.fromiter((h.id for h in hs), dtype=np.int64, count=n)
        self.located = np.fromiter((is_located(h) for h in hs), dtype=bool, count=n)
        lat = np.fromiter((h.lat if is_located(h) else 0.0 for h in hs), dtype=np.float64, count=n)
        lon = np.fromiter((h.lon if is_located(h) else 0.0 for h in hs), dtype=np.float64, count=n)
        xyz = unit_xyz(lat, lon) if n else np.empty((0, 3))
        self.maxd = np.fromiter((h.max_distance_km for h in hs), dtype=np.float64, count=n)
        self.load = np.fromiter((h.load for h in hs), dtype=np.int64, count=n)
        self.cap = np.fromiter((h.cap for h in hs), dtype=np.int64, count=n)
        self.screened = np.fromiter((h.screened for h in hs), dtype=bool, count=n)
        self.tag_vocab = _vocab(h.tag_ids for h in hs)
        self.lang_vocab = _vocab(h.languages for h in hs)
        self.slot_vocab = _vocab(h.slots for h in hs)
        tags = _split([_mask_int(h.tag_ids, self.tag_vocab) for h in hs], _words(self.tag_vocab))
        langs = _split([_mask_int(h.languages, self.lang_vocab) for h in hs], _words(self.lang_vocab))
        slots = _split([_mask_int(h.slots, self.slot_vocab) for h in hs], _words(self.slot_vocab))
        self._bits = np.hstack((tags, langs, slots))
        t, lw = tags.shape[1], langs.shape[1]
        self._cols = (slice(0, t), slice(t, t + lw), slice(t + lw, None))
        has_lang = np.fromiter((bool(h.languages) for h in hs), dtype=bool, count=n)
        has_slots = np.fromiter((bool(h.slots) for h in hs), dtype=bool, count=n)
        free_share = np.where(self.cap > 0, 1.0 - self.load / np.maximum(self.cap, 1), 0.0)
        # columns: x, y, z (unit sphere, nan when unknown), max km, has language, has slots,
        # capacity component, helper id
        xyz_or_nan = np.where(self.located[:, None], xyz, np.nan)
        self._num = np.column_stack(
            (xyz_or_nan, self.maxd, has_lang, has_slots, free_share, self.ids.astype(np.float64))
        )
        self._lat, self._lon = lat, lon
        # False once a helper is retired (changed or gone): filtered out of every answer.
        self.alive = np.ones(n, dtype=bool)
        free = self.load < self.cap
        self._pools = {
            False: _Pool(np.flatnonzero(free), self, lat, lon),
            True: _Pool(np.flatnonzero(free & self.screened), self, lat, lon),
        }

    def retire(self, positions) -> None:
        """Drop helpers from every answer (their row stays, so nothing is rebuilt)."""
        self.alive[np.asarray(positions, dtype=np.int64)] = False

    @property
    def free(self) -> np.ndarray:
        """Free places per helper position (0 when retired)."""
        return np.where(self.alive, np.maximum(self.cap - self.load, 0), 0)

    def pool(self, screening: bool, *, with_full: bool = False) -> _Pool:
        """The pool a need searches; `with_full` also holds helpers at their cap (built on demand,
        not kept: only used to explain why a need stayed unplaced)."""
        if not with_full:
            return self._pools[bool(screening)]
        members = self.screened if screening else np.ones(len(self.ids), dtype=bool)
        return _Pool(np.flatnonzero(members), self, self._lat, self._lon)

    def __len__(self) -> int:
        return len(self.helpers)

    def _mask(self, values, vocab) -> np.ndarray:
        return _split([_mask_int(values, vocab)], _words(vocab))[0]

    def _score_near(self, need: NeedSpec, weights):
        """Score everyone the pool query returns; excluded helpers get score -inf.

        Filtering happens only at the end (on the few best), because copying candidate arrays at
        every rule costs more than computing a component for a helper that turns out excluded.
        """
        cand, num, bits = self._pools[bool(need.needs_screening)].near(need)
        m = len(cand)
        allowed = self.alive[cand]
        if need.excluded_helper_ids:
            allowed &= ~np.isin(num[:, 7], np.fromiter(need.excluded_helper_ids, dtype=np.float64))
        if is_located(need):
            point = unit_xyz(np.array([need.lat]), np.array([need.lon]))[0]
            km = arc_km(num[:, 0:3], point)  # nan for helpers without a location
            allowed &= ~(km > num[:, 3])  # nan is never too far
        else:
            km = np.full(m, np.nan)
        tcol, lcol, scol = self._cols
        if need.languages:
            shared = _popcount_and(bits[:, lcol], self._mask(need.languages, self.lang_vocab))
            allowed &= (shared > 0) | (num[:, 4] == 0)
        comps = np.empty((len(COMPONENTS), m))
        if need.tag_ids:
            shared = _popcount_and(bits[:, tcol], self._mask(need.tag_ids, self.tag_vocab))
            comps[0] = shared / len(need.tag_ids)
        else:
            comps[0] = UNKNOWN
        comps[1] = np.where(np.isnan(km), UNKNOWN, np.clip(1.0 - km / np.maximum(num[:, 3], 1e-9), 0.0, 1.0))
        comps[2] = np.where(num[:, 4] > 0, 1.0, UNKNOWN) if need.languages else UNKNOWN
        if need.slots:
            shared = _popcount_and(bits[:, scol], self._mask(need.slots, self.slot_vocab))
            comps[3] = np.where(num[:, 5] > 0, shared / len(need.slots), UNKNOWN)
        else:
            comps[3] = UNKNOWN
        comps[4] = num[:, 6]
        if need.previous_helper_ids:
            comps[5] = np.isin(num[:, 7], np.fromiter(need.previous_helper_ids, dtype=np.float64))
        else:
            comps[5] = 0.0
        w = np.array([weights[c] for c in COMPONENTS], dtype=np.float64)
        # Summed in COMPONENTS order, exactly as _block_top does, so both give identical floats.
        scores = w[0] * comps[0]
        for j in range(1, len(COMPONENTS)):
            scores = scores + w[j] * comps[j]
        scores = scores / w.sum()
        scores[~allowed] = -np.inf
        return cand, scores, comps, km, allowed

    def score_candidates(self, need: NeedSpec, weights=DEFAULT_WEIGHTS):
        """(helper positions, scores, components (6 x m), km or nan) of every allowed helper."""
        cand, scores, comps, km, allowed = self._score_near(need, weights)
        return cand[allowed], scores[allowed], comps[:, allowed], km[allowed]

    def top(self, need: NeedSpec, limit: int, weights=DEFAULT_WEIGHTS):
        """Best `limit` (positions, scores, components): highest score first, ties by helper id."""
        cand, scores, comps, _km, allowed = self._score_near(need, weights)
        limit = min(limit, int(np.count_nonzero(allowed)))
        if limit <= 0:
            return cand[:0], scores[:0], comps[:, :0]
        if len(cand) > limit:
            part = np.argpartition(-scores, limit - 1)[:limit]
            # Keep every helper tied with the cut-off score so ties break by id, not by chance.
            part = np.flatnonzero(scores >= scores[part].min())
            cand, scores, comps = cand[part], scores[part], comps[:, part]
        order = np.lexsort((self.ids[cand], -scores))[:limit]
        return cand[order], scores[order], comps[:, order]

    def suggest(self, need: NeedSpec, limit: int = 10, weights=DEFAULT_WEIGHTS) -> list[Suggestion]:
        rows, scores, comps = self.top(need, limit, weights)
        out = []
        for j, row in enumerate(rows):
            helper = self.helpers[row]
            out.append(
                Suggestion(
                    helper_id=helper.id,
                    score=float(scores[j]),
                    components={c: float(comps[k, j]) for k, c in enumerate(COMPONENTS)},
                    reasons=reasons_for(need, helper),
                )
            )
        return out


def suggest(
    need: NeedSpec, helpers: Sequence[HelperSpec] | HelperIndex, limit: int = 10, weights=DEFAULT_WEIGHTS
) -> list[Suggestion]:
    """Best helpers for one need, highest score first (ties: lowest helper id first)."""
    index = helpers if isinstance(helpers, HelperIndex) else HelperIndex(helpers)
    return index.suggest(need, limit, weights)


def _bit_overlap(bits: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """(C, W) helper bits and (B, W) need masks -> (B, C) number of shared bits."""
    out = np.bitwise_count(bits[None, :, 0] & masks[:, None, 0]).astype(np.int32)
    for w in range(1, bits.shape[1]):
        out += np.bitwise_count(bits[None, :, w] & masks[:, None, w])
    return out


def block_scores(index: HelperIndex, needs: Sequence[NeedSpec], weights=DEFAULT_WEIGHTS, pool=None):
    """(helper positions, B x C scores with -inf where a hard rule excludes) for located needs close
    together with the same screening rule.

    The same rules and formulas as `HelperIndex._score_near`, computed as need x helper matrices
    over the helpers that may be within reach of any of these needs: the helper rows are read once
    per block instead of once per need, which is what makes 10,000 needs cheap."""
    pool = pool or index.pool(bool(needs[0].needs_screening))
    lats = np.array([n.lat for n in needs], dtype=np.float64)
    lons = np.array([n.lon for n in needs], dtype=np.float64)
    cand, num, bits = pool.near_box(lats.min(), lats.max(), lons.min(), lons.max())
    if not len(cand):
        return cand, np.empty((len(needs), 0))
    tcol, lcol, scol = index._cols
    pts = unit_xyz(lats, lons)
    d2 = sum((num[None, :, c] - pts[:, c, None]) ** 2 for c in range(3))
    km = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(d2) / 2.0))  # nan: unknown
    allowed = ~(km > num[None, :, 3]) & index.alive[cand][None, :]
    for i, n in enumerate(needs):
        if n.excluded_helper_ids:
            allowed[i] &= ~np.isin(num[:, 7], np.fromiter(n.excluded_helper_ids, dtype=np.float64))
    has_lang = num[None, :, 4] > 0
    need_lang = np.array([bool(n.languages) for n in needs])[:, None]
    if need_lang.any():
        masks = np.stack([index._mask(n.languages, index.lang_vocab) for n in needs])
        allowed &= ~need_lang | ~has_lang | (_bit_overlap(bits[:, lcol], masks) > 0)
    w = np.array([weights[c] for c in COMPONENTS], dtype=np.float64)
    n_tags = np.array([len(n.tag_ids) for n in needs], dtype=np.float64)[:, None]
    masks = np.stack([index._mask(n.tag_ids, index.tag_vocab) for n in needs])
    score = w[0] * np.where(n_tags > 0, _bit_overlap(bits[:, tcol], masks) / np.maximum(n_tags, 1), UNKNOWN)
    score += w[1] * np.where(
        np.isnan(km), UNKNOWN, np.clip(1.0 - km / np.maximum(num[None, :, 3], 1e-9), 0, 1)
    )
    score += w[2] * np.where(need_lang & has_lang, 1.0, UNKNOWN)
    n_slots = np.array([len(n.slots) for n in needs], dtype=np.float64)[:, None]
    masks = np.stack([index._mask(n.slots, index.slot_vocab) for n in needs])
    shared = _bit_overlap(bits[:, scol], masks) / np.maximum(n_slots, 1)
    score += w[3] * np.where((n_slots > 0) & (num[None, :, 5] > 0), shared, UNKNOWN)
    score += w[4] * num[None, :, 6]
    for i, n in enumerate(needs):
        if n.previous_helper_ids:
            score[i] += w[5] * np.isin(num[:, 7], np.fromiter(n.previous_helper_ids, dtype=np.float64))
    score /= w.sum()
    score[~allowed] = -np.inf
    return cand, score


def scan(index: HelperIndex, needs: Sequence[NeedSpec], weights=DEFAULT_WEIGHTS, *, with_full=False):
    """Every (need positions, helper positions, score matrix) block over all needs: located needs in
    blocks of neighbours (about 1.5 km cells, same screening rule), the others one by one."""
    groups: dict[tuple, list[int]] = {}
    pools = {s: index.pool(s, with_full=True) for s in (False, True)} if with_full else None
    for pos, need in enumerate(needs):
        if is_located(need):
            key = (bool(need.needs_screening), math.floor(need.lat * 75), math.floor(need.lon * 45))
            groups.setdefault(key, []).append(pos)
        elif with_full:
            cand, score = block_scores_unlocated(index, need, weights, pools[bool(need.needs_screening)])
            yield [pos], cand, score
        else:
            cand, scores, _c, _km, _allowed = index._score_near(need, weights)
            yield [pos], cand, scores[None, :]
    for key in sorted(groups):
        members = groups[key]
        for start in range(0, len(members), _BLOCK):
            block = members[start : start + _BLOCK]
            pool = pools[key[0]] if pools else None
            cand, score = block_scores(index, [needs[p] for p in block], weights, pool)
            yield block, cand, score


def block_scores_unlocated(index: HelperIndex, need: NeedSpec, weights, pool):
    """Hard rules only (scores 0 or -inf) for a need without a location against `pool`."""
    cand, num, bits = pool.rows, pool.num, pool.bits
    allowed = index.alive[cand].copy()
    if need.excluded_helper_ids:
        allowed &= ~np.isin(num[:, 7], np.fromiter(need.excluded_helper_ids, dtype=np.float64))
    if need.languages:
        lcol = index._cols[1]
        shared = _popcount_and(bits[:, lcol], index._mask(need.languages, index.lang_vocab))
        allowed &= (shared > 0) | (num[:, 4] == 0)
    return cand, np.where(allowed, 0.0, -np.inf)[None, :]


_BLOCK = 48
