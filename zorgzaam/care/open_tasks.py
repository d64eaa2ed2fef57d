"""Volunteers pick work themselves (issue 13 item 3).

Staff who manage a request may open it for volunteers to pick (off by default). A volunteer sees the
open requests of their network (and of the areas their volunteer role serves) only when they are
screened and have room under their load cap: both come from the matching engine's own helper spec
(`suggestions.helper_specs`), so the open list and the suggestions never disagree about a helper.
They see what a proposed task shows (`helper_access.task_view`): first name, question, themes; never
the address or last name. Offering to take one creates the same Match a staff proposal creates,
directly accepted (staff opened the request to exactly this), and tells whoever follows it up; they
can cancel it like any other task."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.care import services
from zorgzaam.care.helper_access import task_view
from zorgzaam.care.models import Match, Request
from zorgzaam.care.texts import step
from zorgzaam.core.permissions import deny, require
from zorgzaam.core.texts import NOTIFICATIONS, TIMELINE
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, Role

OPENED = kinds.register(
    "care.open_to_volunteers_changed",
    gettext_lazy("Request opened or closed for volunteers to pick"),
)
OFFERED = kinds.register("care.task_offered", gettext_lazy("A volunteer took a task themselves"))

# Requests a helper can still be found for (the same states propose_match accepts for a first helper).
PICKABLE_STATUSES = (Request.Status.TRIAGED, Request.Status.REFERRED)
S = Request.Status

# Why a volunteer may not pick: code -> sentence (shown on the page, sent by the API).
NOT_SCREENED, AT_CAP = "not_screened", "at_cap"


def _reason_text(code: str) -> str:
    if code == NOT_SCREENED:
        return _("Picking tasks yourself needs a valid criminal record extract and insurance.")
    return _("You already help as much as you agreed. Finish a task first.")


def register_texts() -> None:
    """Audit sentences, notification and timeline texts (called from care/texts.register)."""
    kinds.describe(
        OPENED,
        _open_sentence,
        sample={"open": True},
    )
    kinds.describe(
        OFFERED, gettext_lazy("The volunteer took the task themselves"), sample={"state": "accepted"}
    )
    NOTIFICATIONS.register(
        "care.task_offered",
        gettext_lazy("A volunteer took a task themselves"),
        url_name="care:request_detail",
        url_args=("request",),
        sample={"request": 1},
    )
    TIMELINE.register(
        "care.helper_took",
        gettext_lazy("%(name)s took the task themselves"),
        sample={"name": "Maria", "person": 1},
    )
    TIMELINE.register("care.opened_to_volunteers", gettext_lazy("Open for volunteers to pick"))
    TIMELINE.register("care.closed_to_volunteers", gettext_lazy("No longer open for volunteers to pick"))


def _open_sentence(params) -> str:
    if params.get("open"):
        return str(gettext_lazy("Open for volunteers to pick"))
    return str(gettext_lazy("No longer open for volunteers to pick"))


# --- staff: open or close a request ------------------------------------------------------------------


@transaction.atomic
def set_open_to_volunteers(actor: Actor, req: Request, open_: bool) -> Request:
    """Staff who manage the request decide; every change is audited and on the timeline."""
    req = services.request_for_manage(actor, req.pk, lock=True)
    if not isinstance(open_, bool):
        raise ValidationError({"open_to_volunteers": _("Choose one of the answers.")})
    if req.open_to_volunteers == open_:
        return req
    req.open_to_volunteers = open_
    req.save(update_fields=["open_to_volunteers", "updated_at"])
    kind = "care.opened_to_volunteers" if open_ else "care.closed_to_volunteers"
    services.timeline_step(req, actor, "open_to_volunteers", step(kind))
    record(actor, OPENED, subject=req.person, obj=req, data={"open": open_})
    return req


# --- volunteers: who may pick, what they see ---------------------------------------------------------


def _picker(actor: Actor) -> Person:
    """The volunteer acting for themselves in this network, or a refusal (never in assisted use)."""
    if (
        actor.network is None
        or not actor.is_authenticated
        or actor.person is None
        or actor.on_behalf_of is not None
        or actor.person.network_id != actor.network.pk
        or not actor.has_role(Role.VOLUNTEER)
    ):
        deny()
    return actor.person


def may_pick(actor: Actor) -> bool:
    """The nav predicate: volunteers (the page explains when they cannot pick right now)."""
    return (
        actor.network is not None
        and actor.person is not None
        and actor.on_behalf_of is None
        and actor.has_role(Role.VOLUNTEER)
    )


def refusal(actor: Actor) -> str | None:
    """Why this volunteer may not pick now (NOT_SCREENED, AT_CAP) or None: the matching engine's
    spec of the helper, so screening and load are computed exactly as for suggestions."""
    from zorgzaam.care.suggestions import helper_specs

    person = _picker(actor)
    specs = helper_specs(actor.network, person_ids=[person.pk])
    if not specs or not specs[0].screened:
        return NOT_SCREENED
    if specs[0].load >= specs[0].cap:
        return AT_CAP
    return None


def _open_requests(actor: Actor, person: Person) -> QuerySet[Request]:
    qs = Request.objects.filter(
        network=actor.network, open_to_volunteers=True, status__in=PICKABLE_STATUSES
    ).exclude(person=person)
    qs = qs.exclude(Exists(Match.objects.filter(request=OuterRef("pk"), state__in=Match.ACTIVE)))
    # A helper who declined or found it too heavy is not offered it again (as in need_spec).
    qs = qs.exclude(
        Exists(
            Match.objects.filter(
                request=OuterRef("pk"),
                helper=person,
                state__in=(Match.State.DECLINED, Match.State.TOO_HEAVY),
            )
        )
    )
    areas = actor.area_ids(Role.VOLUNTEER)
    if areas is not None:
        qs = qs.filter(area__in=sorted(areas))
    return qs


def open_view(req: Request) -> dict:
    """Exactly what a proposed task shows (task_view of a proposed match), keyed by the request."""
    shown = task_view(Match(request=req, state=Match.State.PROPOSED))
    return {
        "id": req.pk,
        "first_name": shown["first_name"],
        "description": shown["description"],
        "themes": shown["themes"],
    }


def open_tasks(actor: Actor) -> tuple[list[dict], str]:
    """The open list of a volunteer, and why it is empty when they are not screened or at their cap."""
    person = _picker(actor)
    code = refusal(actor)
    if code is not None:
        return [], _reason_text(code)
    qs = (
        _open_requests(actor, person)
        .select_related("person")
        .prefetch_related("themes")
        .order_by("-created_at", "-id")
    )
    return [open_view(req) for req in qs], ""


# --- volunteers: offer to take one ---------------------------------------------------------------------


@transaction.atomic
def offer_to_take(actor: Actor, req: Request) -> Match:
    """Check everything again under locks: the volunteer's row (two offers of the same volunteer
    cannot both pass the cap) and the request's row (with the one-active-match constraint, two
    volunteers cannot both take it)."""
    person = _picker(actor)
    Person.objects.select_for_update().filter(pk=person.pk).first()
    locked = Request.objects.select_for_update(of=("self",)).filter(pk=req.pk).first()
    require(locked is not None and locked.network_id == actor.network.pk and locked.open_to_volunteers)
    areas = actor.area_ids(Role.VOLUNTEER)
    require(areas is None or locked.area_id in areas)
    require(locked.person_id != person.pk)
    reason = refusal(actor)
    if reason is not None:
        raise ValidationError({"request": _reason_text(reason)})
    taken = _("Someone else already took this task.")
    if (
        locked.status not in PICKABLE_STATUSES
        or not _open_requests(actor, person).filter(pk=locked.pk).exists()
    ):
        raise ValidationError({"request": taken})
    try:
        with transaction.atomic():
            match = Match.objects.create(
                request=locked, helper=person, state=Match.State.ACCEPTED, proposed_by=actor.user
            )
    except IntegrityError:
        raise ValidationError({"request": taken}) from None
    services.set_status(
        actor, locked, S.MATCHED, step("care.helper_took", name=person.first_name, person=person.pk)
    )
    record(
        actor,
        OFFERED,
        subject=locked.person,
        obj=match,
        data={"helper": person.pk, "state": match.state},
    )
    services.notify_owner(locked, kind="care.task_offered")
    return match
