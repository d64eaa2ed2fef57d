"""Hospiscore: how well a neighbourhood can absorb a given support or care (seed 003, in words only).

Made explicit as a weighted sum of normalised components (a profile per network):
    score(area) = sum_c weight_c * norm_c(direction_c * value_c(area)) / sum_c |weight_c|
norm is min-max over the areas compared (0 = lowest area, 1 = highest) or a z-score
(distance from the mean in standard deviations). An area without a value for a component gets
0 contribution for it and is flagged. The default profile is an ASSUMPTION, shown as such.
"""

from __future__ import annotations

import statistics

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zorgzaam.analysis.data import measure_label
from zorgzaam.analysis.models import HospiscoreComponent, HospiscoreProfile

DEFAULT_COMPONENTS = [
    ("volunteers_per_100_65plus", 1, 2.0),
    ("connecting_places", 1, 1.0),
    ("services_serving_area", 1, 1.0),
    ("observed_strengths", 1, 1.0),
    ("observed_needs", -1, 1.0),
]

DEFAULT_DESCRIPTION = _(
    "Assumption, not a validated scale: more active volunteers per older resident, more connecting "
    "places, more services and more observed strengths raise the score; more observed needs lower it. "
    "Every part is compared across the areas of the network (lowest area 0, highest 1). Change the parts "
    "and weights to fit your own view."
)


@transaction.atomic
def ensure_default_profile(network) -> HospiscoreProfile:
    profile = HospiscoreProfile.objects.filter(network=network, is_default=True).first()
    if profile is not None:
        return profile
    profile = HospiscoreProfile.objects.create(
        network=network,
        name=str(_("Default hospiscore (assumption)")),
        description=str(DEFAULT_DESCRIPTION),
        is_default=True,
    )
    for i, (measure, direction, weight) in enumerate(DEFAULT_COMPONENTS):
        HospiscoreComponent.objects.create(
            profile=profile, measure=measure, direction=direction, weight=weight, order=i
        )
    return profile


def normalise(values: dict, method: str) -> dict:
    """values: {key: float|None} -> {key: float|None} on the chosen scale."""
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return {k: None for k in values}
    if method == HospiscoreComponent.Normalisation.ZSCORE:
        mean = statistics.fmean(known.values())
        sd = statistics.pstdev(known.values()) if len(known) > 1 else 0.0
        return {k: (None if v is None else ((v - mean) / sd if sd else 0.0)) for k, v in values.items()}
    lo, hi = min(known.values()), max(known.values())
    return {k: (None if v is None else ((v - lo) / (hi - lo) if hi > lo else 0.5)) for k, v in values.items()}


def compute(
    profile: HospiscoreProfile, measures: dict[int, dict], labels: dict | None = None
) -> dict[int, dict]:
    """measures: {area_id: {measure_code: value}} -> {area_id: {"total", "components": [...]}}."""
    components = list(profile.components.all())
    total_weight = sum(abs(c.weight) for c in components) or 1.0
    out = {aid: {"total": 0.0, "components": [], "missing": []} for aid in measures}
    for c in components:
        raw = {aid: m.get(c.measure) for aid, m in measures.items()}
        directed = {aid: (None if v is None else c.direction * v) for aid, v in raw.items()}
        norm = normalise(directed, c.normalisation)
        label = c.label or measure_label(c.measure, labels)
        for aid in measures:
            contribution = 0.0 if norm[aid] is None else c.weight * norm[aid] / total_weight
            out[aid]["total"] += contribution
            out[aid]["components"].append(
                {
                    "measure": c.measure,
                    "label": str(label),
                    "value": raw[aid],
                    "normalised": norm[aid],
                    "weight": c.weight,
                    "direction": c.direction,
                    "contribution": contribution,
                }
            )
            if norm[aid] is None:
                out[aid]["missing"].append(c.measure)
    for v in out.values():
        v["total"] = round(v["total"], 4)
    return out
