"""Offline helpers: staff write down a helper's steps for them ("said yes on the phone", started, done,
too heavy, feedback), so a request never gets stuck because its helper has no smartphone.

One rule decides who may act as a helper (`acts_as_helper`); the helper's own task pages, the
assisted-use session and the buttons on the request page all end there. A step recorded for a helper
is logged "X for Y": the audit event carries the helper as `on_behalf_of` and the timeline says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.care import services
from zorgzaam.care.models import Match
from zorgzaam.core.permissions import deny, require

if TYPE_CHECKING:
    from zorgzaam.people.actor import Actor

M = Match.State

# step -> (label for the buttons, states the task may be in for that step)
STEPS: dict[str, tuple] = {
    "accept": (gettext_lazy("Said yes (by phone)"), {M.PROPOSED}),
    "decline": (gettext_lazy("Said no"), {M.PROPOSED}),
    "start": (gettext_lazy("Started"), {M.ACCEPTED}),
    "done": (gettext_lazy("Done"), {M.ACCEPTED, M.IN_PROGRESS}),
    "too_heavy": (gettext_lazy("Too heavy for them"), {M.PROPOSED, M.ACCEPTED, M.IN_PROGRESS}),
    "feedback": (gettext_lazy("Their feedback"), {M.DONE}),
}


def _acting_for(actor: Actor, person) -> Actor:
    """The same user, acting for `person` (None: for themselves). `actor.__class__` also sees through
    the lazy `request.actor` of the middleware."""
    return actor.__class__(
        user=actor.user,
        network=actor.network,
        person=actor.person,
        on_behalf_of=person,
        via=actor.via,
        ip=actor.ip,
        _roles=actor.roles,
    )


def _staff_side(actor: Actor) -> Actor:
    """The same user without assisted use: whether they cover the request is decided by their roles."""
    return _acting_for(actor, None)


def can_record_for_helper(actor: Actor, match: Match) -> bool:
    """Coordinators and the coaches who cover the request (its area, or they follow it up)."""
    return services.can_manage_request(_staff_side(actor), match.request)


def acts_as_helper(actor: Actor, match: Match) -> bool:
    """The helper themselves, or staff covering the request acting for that helper."""
    if actor.on_behalf_of is None:
        return actor.person is not None and match.helper_id == actor.person.pk
    return actor.on_behalf_of.pk == match.helper_id and can_record_for_helper(actor, match)


def for_helper_text(actor: Actor, match: Match, text):
    """Timeline text of a helper step, naming the helper when someone acted for them ("X for Y": the
    entry's actor is X). A typed step (kind without parameters) stays typed, rendered per reader."""
    if actor.on_behalf_of is None or actor.on_behalf_of.pk != match.helper_id:
        return text
    name = match.helper.first_name
    kind = getattr(text, "kind", None)
    if kind is not None and not getattr(text, "params", None) and _TIMELINE_KIND is not None:
        return type(text)(_TIMELINE_KIND, {"name": name, "person": match.helper_id, "text": kind})
    return _("For %(name)s: %(text)s") % {"name": name, "text": text}


def _register_timeline_kind() -> str | None:
    """Typed timeline texts (core.texts.TIMELINE), where present: "For Maria: The helper accepted",
    rendered in each reader's language."""
    try:
        from zorgzaam.core.texts import TIMELINE
    except ImportError:
        return None

    def inner(kind) -> str:
        return TIMELINE.render(kind, {}).title

    return TIMELINE.register(
        "care.for_helper",
        gettext_lazy("For %(name)s: %(text)s"),
        formats={"text": inner},
        sample={"name": "Maria", "person": 1, "text": "care.helper_accepted"},
    )


_TIMELINE_KIND = _register_timeline_kind()


def steps_for(actor: Actor, match: Match) -> list[tuple[str, str]]:
    """(step, label) a staff member may record for this helper now; empty when they may not."""
    if not can_record_for_helper(actor, match):
        return []
    out = []
    for step, (label, states) in STEPS.items():
        if match.state not in states:
            continue
        if step == "feedback" and match.helper_rating is not None:
            continue
        out.append((step, str(label)))
    return out


def record_for_helper(
    actor: Actor,
    match: Match,
    *,
    step: str,
    note: str = "",
    rating: int | None = None,
    feedback: str = "",
) -> Match:
    """Record one step of the helper's side for them. Refused for anyone who does not cover the
    request; an impossible step (e.g. 'started' on a declined task) is a ValidationError."""
    match = Match.objects.select_related("request", "helper").filter(pk=match.pk).first()
    if match is None:
        deny()
    require(can_record_for_helper(actor, match))
    if step not in STEPS:
        raise ValidationError({"step": _("Unknown step.")})
    if len(note or "") > 500:
        raise ValidationError({"note": _("Keep it shorter (at most 500 characters).")})
    helper_actor = _acting_for(actor, match.helper)
    if step == "accept":
        services.accept_match(helper_actor, match, note=note)
    elif step == "decline":
        services.decline_match(helper_actor, match, note=note)
    elif step == "too_heavy":
        services.decline_match(helper_actor, match, too_heavy=True, note=note)
    elif step == "start":
        services.start_match(helper_actor, match, note=note)
    elif step == "done":
        services.finish_match(helper_actor, match, rating=rating, feedback=feedback, note=note)
    else:
        services.give_feedback(helper_actor, match, rating=rating, feedback=feedback)
    match.refresh_from_db()
    return match
