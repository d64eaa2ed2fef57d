"""The batch page in plain words (issue 13 item 7): what its total means, why each pair was made
(the same reasons the suggestions page gives), and which other helpers could take each request
instead, so the coordinator can swap one before asking.

Everything is derived from the engine's result: the summary counts the placed and unplaced requests
per reason code, the reasons come from engine.reasons_for, the alternatives from the live index's
suggestions for that request (helpers with room who pass every hard rule). Swapping sends another
(request, helper) pair; suggestions.accept_batch checks that helper again when asking (the same
check for the page and POST /api/care/batch)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zorgzaam.core.lazy import lazy_module

engine = lazy_module("zorgzaam.matching.engine")

ALTERNATIVES = 5  # other helpers offered per request


@dataclass
class Candidate:
    helper_id: int
    score: int  # 0-100
    reasons: list[str]


@dataclass
class PairExplained:
    reasons: list[str]
    candidates: list[Candidate] = field(default_factory=list)  # the chosen helper first


def explain_pairs(needs, result, index) -> dict[int, PairExplained]:
    """Request id -> reasons for its chosen helper and the helpers it could have instead. The caller
    holds the index lock."""
    by_need = {n.id: n for n in needs}
    specs = None
    out = {}
    for need_id, helper_id, score in result.pairs:
        need = by_need[need_id]
        found = index.suggest(need, limit=ALTERNATIVES + 1)
        chosen = next((s for s in found if s.helper_id == helper_id), None)
        if chosen is not None:
            reasons = list(chosen.reasons)
        else:  # outside the top few: explain from the helper's own spec
            specs = specs if specs is not None else {h.id: h for h in index.helpers()}
            spec = specs.get(helper_id)
            reasons = engine.reasons_for(need, spec) if spec is not None else []
        candidates = [Candidate(helper_id, round(score * 100), reasons)]
        candidates += [
            Candidate(s.helper_id, round(s.score * 100), list(s.reasons))
            for s in found
            if s.helper_id != helper_id
        ][:ALTERNATIVES]
        out[need_id] = PairExplained(reasons=reasons, candidates=candidates)
    return out


def summary(total: int, placed: int, unplaced_reasons: dict[int, str]) -> str:
    """'12 of 15 requests get a helper; 3 stay open: 2 because ..., 1 because ...'."""
    if total == 0:
        return ""
    head = ngettext(
        "%(placed)d of %(total)d request gets a helper",
        "%(placed)d of %(total)d requests get a helper",
        total,
    ) % {"placed": placed, "total": total}
    counts = Counter(unplaced_reasons.values())
    parts = []
    for code in ("no_helper", "at_capacity", "taken"):
        n = counts.get(code, 0)
        if n:
            parts.append(_open_because(code, n))
    if not parts:
        return _("%(head)s.") % {"head": head}
    open_n = total - placed
    stay = ngettext("%(n)d stays open", "%(n)d stay open", open_n) % {"n": open_n}
    return _("%(head)s; %(stay)s: %(why)s.") % {"head": head, "stay": stay, "why": "; ".join(parts)}


def _open_because(code: str, n: int) -> str:
    if code == "no_helper":
        text = ngettext(
            "%(n)d because no helper who fits (kind of help, screening, language) lives within the "
            "distance they will travel",
            "%(n)d because no helper who fits (kind of help, screening, language) lives within the "
            "distance they will travel",
            n,
        )
    elif code == "at_capacity":
        text = ngettext(
            "%(n)d because the helpers who fit already help as much as they agreed",
            "%(n)d because the helpers who fit already help as much as they agreed",
            n,
        )
    else:
        text = ngettext(
            "%(n)d because the helpers who fit and have room go to other requests of this batch",
            "%(n)d because the helpers who fit and have room go to other requests of this batch",
            n,
        )
    return text % {"n": n}
