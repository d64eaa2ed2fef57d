"""Community: attendance, head counts and evaluations of an occurrence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.community.models import (
    Activity,
    Attendance,
    Evaluation,
    Occurrence,
)
from zorgzaam.community.services.permissions import (
    ATTENDANCE_SET,
    EVALUATED,
    HEAD_COUNT_SET,
    can_evaluate,
    can_manage_activity,
    has_started,
)
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person


@transaction.atomic
def set_attendance(actor: Actor, occurrence: Occurrence, person: Person, present: bool) -> bool:
    _require(can_manage_activity(actor, occurrence.activity))
    if person.network_id != occurrence.activity.network_id:
        raise ValidationError({"person": _("This person belongs to another network.")})
    if not has_started(occurrence):
        raise ValidationError(_("Attendance can be recorded once the activity has started."))
    if present:
        _row, changed = Attendance.objects.get_or_create(
            occurrence=occurrence, person=person, defaults={"recorded_by": actor.user}
        )
    else:
        changed = bool(Attendance.objects.filter(occurrence=occurrence, person=person).delete()[0])
    if changed:
        record(actor, ATTENDANCE_SET, subject=person, obj=occurrence, data={"present": present})
    return changed


@transaction.atomic
def set_head_count(actor: Actor, occurrence: Occurrence, count: int | None) -> Occurrence:
    _require(can_manage_activity(actor, occurrence.activity))
    if count is not None and not (0 <= count <= 10000):
        raise ValidationError({"head_count": _("Give a number between 0 and 10000.")})
    if not has_started(occurrence):
        raise ValidationError(_("Attendance can be recorded once the activity has started."))
    Occurrence.objects.filter(pk=occurrence.pk).update(head_count=count)
    occurrence.head_count = count
    record(actor, HEAD_COUNT_SET, obj=occurrence, data={"head_count": count})
    return occurrence


def attendance_total(occurrence: Occurrence) -> dict:
    """Named and anonymous presences are separate: the head count is people without a name."""
    named = occurrence.attendances.count()
    return {
        "named": named,
        "anonymous": occurrence.head_count or 0,
        "total": named + (occurrence.head_count or 0),
    }


@transaction.atomic
def evaluate(actor: Actor, occurrence: Occurrence, *, score: int, comment: str = "") -> Evaluation:
    _require(can_evaluate(actor, occurrence))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose one of the five faces.")})
    if len(comment or "") > 2000:
        raise ValidationError({"comment": _("Keep it under 2000 characters.")})
    by_organiser = can_manage_activity(actor, occurrence.activity) and actor.on_behalf_of is None
    ev = Evaluation.objects.create(
        occurrence=occurrence, score=score, comment=comment.strip(), by_organiser=by_organiser
    )
    record(actor, EVALUATED, obj=occurrence, data={"by_organiser": by_organiser})
    return ev


def evaluation_summary(occurrences) -> dict:
    """Aggregated and anonymous: counts per face and the average, never who said what."""
    rows = Evaluation.objects.filter(occurrence__in=occurrences)
    dist = {n: 0 for n in range(1, 6)}
    for row in rows.values("score").annotate(n=Count("id")):
        dist[row["score"]] = row["n"]
    total = sum(dist.values())
    average = round(sum(k * v for k, v in dist.items()) / total, 1) if total else None
    return {"count": total, "average": average, "distribution": dist}


def evaluation_comments(actor: Actor, activity: Activity, limit: int = 20) -> list[str]:
    _require(can_manage_activity(actor, activity))
    return list(
        Evaluation.objects.filter(occurrence__activity=activity)
        .exclude(comment="")
        .values_list("comment", flat=True)[:limit]
    )
