"""Survey results as a policy viewer sees them: respondents per area and every answer count go
through core.disclosure (see docs/disclosure.md)."""

from __future__ import annotations

from zorgzaam.analysis.models import Question
from zorgzaam.core.disclosure import one_way, two_way


def disclosed_blocks(summarise, areas, per_area, everyone, questions, k):
    """Policy viewers: respondents per area and every answer count through core.disclosure, so no
    count below k (zero included) is shown and none follows from the totals. Responses without an
    area count in the total only."""
    keys = [a.pk for a in areas] + [None]
    groups = [per_area.get(key, set()) for key in keys]
    sizes = one_way([len(g) for g in groups], k)
    blocks = [summarise(g, sizes.cells[j].hidden) for j, g in enumerate(groups)]
    total = summarise(everyone, sizes.total.hidden)
    for j, b in enumerate(blocks):
        b["n"] = sizes.cells[j].value
    total["n"] = sizes.total.value
    withheld = [j for j, b in enumerate(blocks) if b["suppressed"]]
    full = [summarise(g, False) for g in groups]  # every group's counts, for the linked table
    for qi, q in enumerate(questions):
        if q.kind == Question.Kind.OPEN:
            for b in (*blocks, total):
                if not b["suppressed"]:
                    item = b["questions"][qi]
                    item["answered"] = item["answered"] if item.get("texts") is not None else None
            continue
        matrix = [[n for _label, n in f["questions"][qi]["distribution"]] for f in full]
        table = two_way(matrix, k, withheld_rows=withheld)
        for j, b in enumerate(blocks):
            if not b["suppressed"]:
                _publish(b["questions"][qi], table.cells[j], table.row_totals[j], q)
        if not total["suppressed"]:
            _publish(total["questions"][qi], table.column_totals, table.total, q)
    return [{"area": a, **blocks[j]} for j, a in enumerate(areas)], total


def _publish(item: dict, cells, row_total, q) -> None:
    item["distribution"] = [
        (label, c.value) for (label, _n), c in zip(item["distribution"], cells, strict=True)
    ]
    # Several choices per person: the row total counts choices, not the people who answered.
    single = q.kind != Question.Kind.MULTIPLE
    item["answered"] = row_total.value if single else None
    if "mean" in item and (row_total.hidden or any(c.hidden for c in cells)):
        item["mean"], item["mean_hidden"] = None, True  # with a hidden count it could give the split away
