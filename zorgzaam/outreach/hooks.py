"""Navigation, panels, export and erasure hooks (registered in apps.py)."""

from __future__ import annotations

from zorgzaam.core.merging import Move, move_relation
from zorgzaam.outreach import services
from zorgzaam.outreach.models import Call, CircleMember, Visit


def nav_visible(actor) -> bool:
    return services.can_use(actor)


def home_panel(request):
    actor = request.actor
    if not services.can_use(actor):
        return None
    visits = services.my_visits(actor).count()
    calls = len(services.calls_due(actor))
    flagged = services.flagged_members(actor).count() if services.is_staff(actor) else 0
    if services.is_staff(actor):
        open_visits = services.visible_visits(actor).filter(outcome__in=["planned", "not_at_home"]).count()
    else:
        open_visits = 0
        if not visits and not calls:
            return None
    return {"visits": visits, "calls": calls, "flagged": flagged, "open_visits": open_visits}


def person_panel(request, person):
    actor = request.actor
    if not actor.covers_area(person.area_id):
        return None
    if person.network_id != actor.network.pk:
        return None
    visits = list(
        Visit.objects.filter(person=person)
        .select_related("visitor", "round")
        .order_by("-planned_on", "-id")[:10]
    )
    memberships = list(
        CircleMember.objects.filter(person=person, active=True).select_related("circle", "caller")
    )
    return {"person": person, "visits": visits, "memberships": memberships}


def erase_person(person) -> None:
    # What was said on a visit or a call is free text about this person: it goes; counts stay.
    Visit.objects.filter(person=person).update(notes="", answers={})
    Call.objects.filter(member__person=person).update(note="")


def export_person(person) -> dict:
    return {
        "outreach_visits": [
            {
                "planned_on": v.planned_on.isoformat() if v.planned_on else None,
                "visited_on": v.visited_on.isoformat() if v.visited_on else None,
                "outcome": v.outcome,
                "answers": v.answers,
                "notes": v.notes,
            }
            for v in Visit.objects.filter(person=person)
        ],
        "checkin_calls": [
            {"called_on": c.called_on.isoformat(), "outcome": c.outcome, "note": c.note}
            for c in Call.objects.filter(member__person=person)
        ],
    }


def retention_guard(network, person_ids: set, cutoff) -> set:
    """Keep everyone with a visit still to make or who is called in an active telephone circle."""
    keep = set(
        Visit.objects.filter(
            person_id__in=person_ids, outcome__in=[Visit.Outcome.PLANNED, Visit.Outcome.NOT_AT_HOME]
        ).values_list("person_id", flat=True)
    )
    keep |= set(
        CircleMember.objects.filter(person_id__in=person_ids, active=True, circle__active=True).values_list(
            "person_id", flat=True
        )
    )
    return keep


def reach_visits(network, start, end):
    """Reach (analysis): residents visited at home in [start, end]."""
    return Visit.objects.filter(
        person__network=network, visited_on__gte=start, visited_on__lte=end
    ).values_list("person_id", flat=True)


_MOVES = (
    Move("outreach.Round.consent_pending"),
    Move("outreach.Visit.person"),
    Move("outreach.Visit.visitor"),
    Move("outreach.Circle.coach"),
    Move("outreach.CircleMember.caller"),
    Move("outreach.Call.caller"),
)
MERGE_COVERS = ["outreach.CircleMember.person", *(m.label for m in _MOVES)]


def merge_person(actor, survivor, duplicate) -> None:
    """Move the duplicate's visits, calls and circle places to the survivor. In a circle both are
    members of, the duplicate's call log joins the survivor's membership before the duplicate's
    membership goes (one membership per circle and person)."""
    for member in CircleMember.objects.filter(person=duplicate):
        twin = CircleMember.objects.filter(circle_id=member.circle_id, person=survivor).first()
        if twin is None:
            member.person = survivor
            member.save(update_fields=["person"])
        else:
            Call.objects.filter(member=member).update(member=twin)
            member.delete()
    for spec in _MOVES:
        move_relation(spec, survivor, duplicate)
