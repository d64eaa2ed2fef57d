"""What comes next for a request (issue 13 item 7), read from the request state machine
(services.TRANSITIONS) so the page never promises a step the service would refuse.

Each forward transition out of the current status is one step with its page: assess (new ->
triaged), find a helper (-> matched, while no helper is active), refer (-> referred), mark as under
way (-> in progress), close (-> closed). Withdrawing and falling back to "assessed" (a declined
helper) are not steps forward and are left out."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zorgzaam.care.models import Request
from zorgzaam.care.services import TRANSITIONS

S = Request.Status

# In the order a coordinator usually takes them; (text, url name or None for a button on the page).
STEPS = {
    S.TRIAGED: (_("assess the request (who follows up, what kind of help, how urgent)"), None),
    S.MATCHED: (_("find a helper among the suggestions"), "care:suggestions"),
    S.REFERRED: (_("refer to a partner service"), "care:referral_create"),
    S.IN_PROGRESS: (_("mark as under way once help has started"), None),
    S.CLOSED: (_("close the request when the question is answered"), None),
}


@dataclass(frozen=True)
class NextStep:
    target: str
    text: str
    url: str | None


def next_steps(req: Request, *, has_active_match: bool = False) -> list[NextStep]:
    allowed = TRANSITIONS.get(req.status, set())
    out = []
    for target, (text, url_name) in STEPS.items():
        if target not in allowed or target == req.status:
            continue
        if target == S.TRIAGED and req.status != S.NEW:
            continue  # back to "assessed" happens when a helper declines, not as a next step
        if target == S.MATCHED and has_active_match:
            continue
        url = reverse(url_name, args=[req.pk]) if url_name else None
        out.append(NextStep(target=target, text=str(text), url=url))
    return out
