"""Panels on the home and person pages, and the person's export and erasure hooks."""

from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.community.models import Attendance, Invitation, Registration


def home_panel(request):
    actor = request.actor
    if not services.is_member(actor):
        return None
    upcoming = list(services.upcoming_occurrences(actor, days=14).filter(cancelled=False)[:5])
    mine = list(services.my_registrations(actor)[:5])
    return {"upcoming": upcoming, "mine": mine, "show_mine": actor.person is not None or actor.on_behalf_of}


def person_panel(request, person):
    return services.person_history(request.actor, person)


def export_person(person) -> dict:
    regs = person.registrations.select_related("occurrence__activity")
    return {
        "community_registrations": [
            {
                "activity": r.occurrence.activity.title,
                "starts_at": timezone.localtime(r.occurrence.starts_at).isoformat(),
                "status": r.status,
                "on_behalf": r.on_behalf,
            }
            for r in regs
        ],
        "community_attendance": [
            {
                "activity": a.occurrence.activity.title,
                "starts_at": timezone.localtime(a.occurrence.starts_at).isoformat(),
            }
            for a in person.attendances.select_related("occurrence__activity")
        ],
        "community_invitations": [
            {
                "channel": i.channel,
                "outcome": i.outcome,
                "note": i.note,
                "created_at": i.created_at.isoformat(),
            }
            for i in person.invitations.all()
        ],
    }


def erase_person(person) -> None:
    # Registrations and attendance stay (they only count); the free-text notes about the person go.
    person.invitations.update(note="")


def retention_guard(network, person_ids: set, cutoff) -> set:
    """Keep everyone registered or on a waiting list for a date still to come, or with an open invitation."""
    from django.utils import timezone

    keep = set(
        Registration.objects.filter(person_id__in=person_ids, occurrence__starts_at__gte=timezone.now())
        .exclude(status="cancelled")
        .values_list("person_id", flat=True)
    )
    keep |= set(
        Invitation.objects.filter(person_id__in=person_ids, created_at__gte=cutoff).values_list(
            "person_id", flat=True
        )
    )
    return keep


def reach_registrations(network, start, end):
    """Reach (analysis): residents who registered for an activity in [start, end]."""
    return Registration.objects.filter(
        person__network=network, created_at__date__gte=start, created_at__date__lte=end
    ).values_list("person_id", flat=True)


def reach_attendances(network, start, end):
    """Reach (analysis): residents recorded as present at an activity in [start, end]."""
    return Attendance.objects.filter(
        person__network=network, recorded_at__date__gte=start, recorded_at__date__lte=end
    ).values_list("person_id", flat=True)
