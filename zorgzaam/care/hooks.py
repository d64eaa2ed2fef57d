"""How the care pathway plugs into shared pages: nav, home and person panels, export and erasure."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.care import open_tasks, services  # services: registers the audit kinds
from zorgzaam.care.batches import forget_user
from zorgzaam.care.models import Match, Referral, Request, Signal, TimelineEntry
from zorgzaam.core import registry
from zorgzaam.core.merging import Move, mover
from zorgzaam.people.models import Role


def _staff(actor) -> bool:
    return actor.is_staff()


def _can_signal(actor) -> bool:
    return services.can_record_signal(actor)


def _requests_visible(actor) -> bool:
    return _staff(actor) or (actor.network is not None and actor.has_role(Role.RESIDENT))


def _volunteer(actor) -> bool:
    return actor.network is not None and actor.has_role(Role.VOLUNTEER)


def _partner(actor) -> bool:
    return bool(actor.network is not None and actor.organisation_ids())


def staff_panel(request):
    actor = request.actor
    if not _staff(actor):
        return None
    open_requests = services.visible_requests(actor).exclude(
        status__in=[Request.Status.CLOSED, Request.Status.WITHDRAWN]
    )
    mine = open_requests.filter(owner=actor.person) if actor.person is not None else open_requests.none()
    return {
        "open": open_requests.count(),
        "mine": list(mine.select_related("person").order_by("last_activity_at")[:5]),
        "mine_count": mine.count(),
        "new": open_requests.filter(status=Request.Status.NEW).count(),
        "signals": services.visible_signals(actor).filter(status=Signal.Status.OPEN).count(),
    }


def volunteer_panel(request):
    actor = request.actor
    if not _volunteer(actor) and not services.my_tasks(actor).exists():
        return None
    active = services.my_tasks(actor).filter(state__in=Match.ACTIVE)
    return {
        "tasks": services.task_views(active[:5]),
        "proposed": active.filter(state="proposed").count(),
    }


def partner_panel(request):
    actor = request.actor
    if not _partner(actor):
        return None
    qs = services.inbox(actor)
    return {"open": qs.filter(status__in=Referral.ACTIVE).count(), "new": qs.filter(status="sent").count()}


def resident_panel(request):
    actor = request.actor
    person = actor.on_behalf_of or actor.person
    if person is None or _staff(actor) and actor.on_behalf_of is None:
        return None
    if not (actor.has_role(Role.RESIDENT) or actor.on_behalf_of is not None):
        return None
    reqs = services.visible_requests(actor).filter(person=person)
    return {"requests": list(reqs[:3]), "person": person}


def person_panel(request, person):
    actor = request.actor
    if not _staff(actor):
        return None
    reqs = services.visible_requests(actor).filter(person=person).prefetch_related("themes")
    sigs = services.visible_signals(actor).filter(person=person).prefetch_related("themes")
    return {
        "person": person,
        "requests": list(reqs[:20]),
        "signals": list(sigs[:20]),
        "can_print": actor.is_coordinator(),
    }


def export_person(person) -> dict:
    return {
        "care_requests": [
            {
                "id": r.pk,
                "created_at": r.created_at.isoformat(),
                "status": r.status,
                "description": r.description,
                "themes": [t.code for t in r.themes.all()],
                "outcome": r.outcome,
                "your_verdict": r.resident_verdict,
                "your_words": r.resident_verdict_note,
            }
            for r in Request.objects.filter(person=person).prefetch_related("themes")
        ],
        "care_signals_about_you": [
            {"id": s.pk, "created_at": s.created_at.isoformat(), "description": s.description}
            for s in Signal.objects.filter(person=person)
        ],
        "care_tasks_as_helper": [
            {"id": m.pk, "state": m.state, "your_rating": m.helper_rating, "your_feedback": m.helper_feedback}
            for m in Match.objects.filter(helper=person)
        ],
    }


def erase_person(person) -> None:
    """Wipe free text about the person; statuses, themes and outcomes stay for the statistics."""
    blank_signal = dict(
        description="", address_text="", description_of_person="", consent_reason="", policy_note=""
    )
    Signal.objects.filter(person=person).update(**blank_signal)
    # A signal that suggests this person is a text about them too.
    Signal.objects.filter(suggested_person=person).update(suggested_person=None, **blank_signal)
    reqs = Request.objects.filter(person=person)
    reqs.update(description="", outcome_note="", resident_verdict_note="", policy_note="")
    TimelineEntry.objects.filter(request__in=reqs).update(text="", note="", params={})
    Match.objects.filter(request__in=reqs).update(helper_note="", helper_feedback="", resident_feedback="")
    # As a helper: their notes, and what the resident wrote about them.
    helped = Match.objects.filter(helper=person)
    helped.update(helper_note="", helper_feedback="", resident_feedback="")
    # Timeline lines on other people's requests that name them ("Helper proposed: <name>",
    # "Handed over to <name>"): the line stays, its text goes (steps name them in params["person"]).
    TimelineEntry.objects.filter(request__in=helped.values("request_id"), what__startswith="match").update(
        text="", params={}
    )
    TimelineEntry.objects.filter(request__network_id=person.network_id, params__person=person.pk).update(
        params={}
    )
    if person.full_name:
        TimelineEntry.objects.filter(
            request__network_id=person.network_id, what="owner", text__contains=person.full_name
        ).update(text="")
    Referral.objects.filter(request__in=reqs).update(message="", partner_note="", outcome="", shared_data={})
    if person.user_id:
        forget_user(person.network, person.user)


def register() -> None:
    registry.register_nav(_("Signals"), "care:signals", _can_signal, order=20, group="care")
    registry.register_nav(_("Requests"), "care:requests", _requests_visible, order=21, group="care")
    registry.register_nav(_("My tasks"), "care:tasks", _volunteer, order=22, group="today")
    registry.register_nav(_("Open tasks"), "care:open_tasks", open_tasks.may_pick, order=22, group="today")
    registry.register_nav(_("Inbox"), "care:inbox", _partner, order=23, group="today")
    registry.register_nav(
        _("Bottlenecks"), "care:policy", services.can_view_policy, order=60, group="figures"
    )
    registry.register_home_panel("care/_home_staff.html", staff_panel, order=20)
    registry.register_home_panel("care/_home_tasks.html", volunteer_panel, order=21)
    registry.register_home_panel("care/_home_inbox.html", partner_panel, order=22)
    registry.register_home_panel("care/_home_resident.html", resident_panel, order=23)
    registry.register_person_panel("care/_person_panel.html", person_panel, order=20)
    registry.register_person_export(export_person)
    registry.register_erasure(
        erase_person,
        covers=[
            "care.Signal",
            "care.Request",
            "care.TimelineEntry",
            "care.Match",
            "care.Referral",
            "care.BatchRun",
        ],
    )
    registry.register_merge(
        *mover(
            Move("care.Signal.person"),
            Move("care.Signal.suggested_person"),
            Move("care.Request.person"),
            Move("care.Request.owner"),
            Move("care.Match.helper"),
        )
    )
    registry.register_retention_guard(retention_guard)
    registry.register_reach_source("care.Request", reach_requests)
    registry.register_reach_source("care.Match", reach_matches)


def retention_guard(network, person_ids: set, cutoff) -> set:
    """Keep everyone with an open request, an open signal or a running match (asking or helping)."""
    open_match = [Match.State.PROPOSED, Match.State.ACCEPTED, Match.State.IN_PROGRESS]
    keep = set(
        Request.objects.filter(person_id__in=person_ids)
        .exclude(status__in=[Request.Status.CLOSED, Request.Status.WITHDRAWN])
        .values_list("person_id", flat=True)
    )
    keep |= set(
        Signal.objects.filter(person_id__in=person_ids, status=Signal.Status.OPEN).values_list(
            "person_id", flat=True
        )
    )
    keep |= set(
        Match.objects.filter(helper_id__in=person_ids, state__in=open_match).values_list(
            "helper_id", flat=True
        )
    )
    return keep


def reach_requests(network, start, end):
    """Reach (analysis): residents who asked for help in [start, end]."""
    return Request.objects.filter(
        person__network=network, created_at__date__gte=start, created_at__date__lte=end
    ).values_list("person_id", flat=True)


def reach_matches(network, start, end):
    """Reach (analysis): residents for whom a helper was proposed in [start, end]."""
    return Match.objects.filter(
        request__person__network=network, created_at__date__gte=start, created_at__date__lte=end
    ).values_list("request__person_id", flat=True)
