"""What a helper (volunteer, neighbour, buddy) may read of a task they were asked to do.

Access follows the relationship: the task's details (the resident's question, which is often about
health) are readable while the helper's match is active, and for a short per-network grace period after
the helper finished it, so they can still give feedback. After declining, after a cancellation (of the
match or of the whole request), or once the grace period is over, the helper sees only "task closed".
`helper_may_read` is the one place that decides; every page, API answer and list goes through
`task_view(s)`, which applies it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zorgzaam.care.models import CareSettings, Match, Request
from zorgzaam.people.models import Consent

M = Match.State
DEFAULT_GRACE_DAYS = CareSettings._meta.get_field("helper_grace_days").default


def grace_days_for(network_ids) -> dict[int, int]:
    """Network id -> grace period in days, one query for any number of networks."""
    network_ids = set(network_ids)
    days = dict(
        CareSettings.objects.filter(network_id__in=network_ids).values_list("network_id", "helper_grace_days")
    )
    return {nid: days.get(nid, DEFAULT_GRACE_DAYS) for nid in network_ids}


def helper_may_read(match: Match, *, grace_days: int | None = None, now=None) -> bool:
    """May the match's helper read the task's details (question, themes, resident's name)?"""
    req = match.request
    if req.status == Request.Status.WITHDRAWN:
        return False  # the resident withdrew: at once, whatever the match says
    if match.state in Match.ACTIVE:
        return True
    if match.state != M.DONE or match.ended_at is None:
        return False  # declined, too heavy, cancelled: at once
    if grace_days is None:
        grace_days = grace_days_for([req.network_id])[req.network_id]
    return (now or timezone.now()) < match.ended_at + timedelta(days=grace_days)


def _contact_consents(person_ids) -> set[int]:
    """People (of `person_ids`) whose newest 'contact' decision is 'given': one query for a whole list."""
    latest: dict[int, bool] = {}
    rows = (
        Consent.objects.filter(person_id__in=person_ids, purpose="contact", organisation__isnull=True)
        .order_by("person_id", "-recorded_at", "-id")
        .values_list("person_id", "granted")
    )
    for person_id, granted in rows:
        latest.setdefault(person_id, granted)
    return {pid for pid, granted in latest.items() if granted}


def task_views(matches) -> list[dict]:
    matches = list(matches)
    consented = _contact_consents({m.request.person_id for m in matches})
    grace = grace_days_for({m.request.network_id for m in matches})
    now = timezone.now()
    return [
        task_view(
            m,
            contact_ok=m.request.person_id in consented,
            grace_days=grace[m.request.network_id],
            now=now,
        )
        for m in matches
    ]


def task_view(
    match: Match, *, contact_ok: bool | None = None, grace_days: int | None = None, now=None
) -> dict:
    """What a helper may see of a task: never the case, signals, other requests or the timeline.
    The address only once they accepted, the phone only if the resident agreed to be contacted;
    nothing of the task once their access ended (see `helper_may_read`)."""
    data = {
        "id": match.pk,
        "state": match.state,
        "state_label": str(M(match.state).label),
        "closed": True,
        "description": "",
        "themes": [],
        "first_name": "",
        "address": None,
        "phone": None,
        # the helper's own words stay theirs to see
        "helper_rating": match.helper_rating,
        "helper_feedback": match.helper_feedback,
    }
    if not helper_may_read(match, grace_days=grace_days, now=now):
        return data
    req = match.request
    person = req.person
    data.update(
        closed=False,
        description=req.description,
        themes=[t.name for t in req.themes.all()],
        first_name=person.first_name if not person.anonymised_at else "",
    )
    if match.state in (M.ACCEPTED, M.IN_PROGRESS):
        data["address"] = person.address
        if contact_ok is None:
            contact_ok = person.pk in _contact_consents([person.pk])
        if contact_ok:
            data["phone"] = person.phone or None
    return data
