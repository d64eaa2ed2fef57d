"""API for work done for offline helpers: the same service as the request page's buttons
(care/on_behalf.py), registered on the care router (imported at the end of care/api.py)."""

from __future__ import annotations

from ninja import Field, Schema

from zorgzaam.care import on_behalf
from zorgzaam.care.api import MatchOut, api_actor, router
from zorgzaam.care.models import Match
from zorgzaam.core.permissions import deny


class HelperStepIn(Schema):
    step: str = Field(..., description="accept, decline, start, done, too_heavy or feedback")
    note: str = Field("", max_length=500)
    rating: int | None = None
    feedback: str = Field("", max_length=500)


@router.post("/matches/{match_id}/for-helper", response=MatchOut)
def record_for_helper(request, match_id: int, payload: HelperStepIn, network: str | None = None):
    """Record a step of the helper's side for them (said yes by phone, started, done, too heavy,
    feedback); logged as the caller acting for the helper."""
    actor = api_actor(request, network)
    match = Match.objects.filter(pk=match_id, request__network=actor.network).first()
    if match is None:
        deny()
    return on_behalf.record_for_helper(actor, match, **payload.dict())
