"""Matching engine: who could help with what, and the best overall assignment.

A pure library (no database) so it can be used from care, outreach and benchmarks alike. Callers
translate their records into `NeedSpec` / `HelperSpec` and get back suggestions or an assignment.
The parts: `specs` (rules and reference scoring), `index` (vectorised helper index), `live`
(an index kept fresh by deltas), `assign` (optimal batch assignment with a certificate). This module
re-exports them so callers import from one place.
"""

from zorgzaam.matching.assign import (
    all_feasible_edges,
    batch_assign,
    candidate_edges,
    greedy_assign,
    objective,
    optimal_assign,
)
from zorgzaam.matching.index import HelperIndex, block_scores, scan, suggest
from zorgzaam.matching.live import LiveIndex
from zorgzaam.matching.specs import (
    BATCH_TOP_K,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    UNKNOWN,
    BatchResult,
    HelperSpec,
    NeedSpec,
    Suggestion,
    combine,
    explain_exclusion,
    haversine_km,
    pair_components,
    pair_score,
    reasons_for,
)

__all__ = [
    "BATCH_TOP_K",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "UNKNOWN",
    "BatchResult",
    "HelperIndex",
    "HelperSpec",
    "LiveIndex",
    "NeedSpec",
    "Suggestion",
    "all_feasible_edges",
    "batch_assign",
    "block_scores",
    "candidate_edges",
    "combine",
    "explain_exclusion",
    "greedy_assign",
    "haversine_km",
    "objective",
    "optimal_assign",
    "pair_components",
    "pair_score",
    "reasons_for",
    "scan",
    "suggest",
]
