"""Outreach: visit rounds, planning and assigning visits."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.permissions import require as _require
from zorgzaam.outreach.models import Checklist, Round, Visit
from zorgzaam.outreach.services.permissions import (
    ROUND_PLANNED,
    ROUND_VIEWED,
    VISIT_ASSIGNED,
    area_ok,
    can_plan,
    check_helper,
    contact_ok_ids,
    manages_visit,
    visible_rounds,
)
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person

# --- rounds ------------------------------------------------------------------------------------


def street_choices(actor: Actor, area) -> list[str]:
    if area is None or not actor.covers_area(area):
        return []
    return list(
        Person.objects.filter(network=actor.network, area=area, anonymised_at__isnull=True)
        .exclude(street="")
        .order_by("street")
        .values_list("street", flat=True)
        .distinct()
    )


@transaction.atomic
def plan_round(
    actor: Actor,
    *,
    name: str,
    checklist: Checklist,
    starts_on: dt.date,
    ends_on: dt.date,
    area=None,
    streets=(),
    persons=(),
    visitors=(),
) -> Round:
    """Plan visits to everyone on `streets` of `area` and/or to `persons`, spread over `visitors`.

    Only people who agree to be contacted get a visit; the others are kept on the round as
    "ask consent first" for the coach."""
    _require(can_plan(actor) and area_ok(actor, area))
    errors: dict = {}
    name = (name or "").strip()
    streets = [s.strip() for s in streets if s and s.strip()]
    persons = list(persons)
    visitors = list(visitors)
    if not name:
        errors["name"] = _("Give the round a name.")
    if area is not None and area.network_id != actor.network.pk:
        errors["area"] = _("This area belongs to another network.")
    if streets and area is None:
        errors["area"] = _("Choose the area of these streets.")
    if not streets and not persons:
        errors["streets"] = _("Choose streets or people to visit.")
    if checklist is None or checklist.network_id != actor.network.pk:
        errors["checklist"] = _("Choose a checklist.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    for p in persons:
        if p.network_id != actor.network.pk or p.anonymised_at or not actor.covers_area(p.area_id):
            errors["persons"] = _("You cannot plan a visit to one of these people.")
    for v in visitors:
        check_helper(actor.network, v, "visitors", errors)
    if errors:
        raise ValidationError(errors)
    chosen = {p.pk for p in persons}
    if streets:
        chosen |= set(
            Person.objects.filter(
                network=actor.network, area=area, street__in=streets, anonymised_at__isnull=True
            ).values_list("pk", flat=True)
        )
    # Helpers do not visit themselves.
    chosen -= {v.pk for v in visitors}
    if not chosen:
        raise ValidationError({"streets": _("Nobody lives on these streets.")})
    agreed = contact_ok_ids(chosen)
    rnd = Round.objects.create(
        network=actor.network,
        area=area,
        name=name,
        streets=streets,
        checklist=checklist,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor.user,
    )
    to_visit = list(
        Person.objects.filter(pk__in=agreed)
        .order_by("street", "house_number", "id")
        .values_list("pk", flat=True)
    )
    Visit.objects.bulk_create(
        Visit(
            network=actor.network,
            round=rnd,
            person_id=pid,
            visitor=visitors[i % len(visitors)] if visitors else None,
            checklist=checklist,
            planned_on=starts_on,
        )
        for i, pid in enumerate(to_visit)
    )
    rnd.consent_pending.set(chosen - agreed)
    record(
        actor,
        ROUND_PLANNED,
        obj=rnd,
        data={"visits": len(to_visit), "consent_pending": len(chosen - agreed), "streets": len(streets)},
    )
    return rnd


def get_round(actor: Actor, pk: int) -> Round:
    rnd = visible_rounds(actor).select_related("area", "checklist").filter(pk=pk).first()
    _require(rnd is not None)
    record(actor, ROUND_VIEWED, obj=rnd)
    return rnd


def round_visits(rnd: Round) -> QuerySet[Visit]:
    return rnd.visits.select_related("person", "visitor", "visitor__area").order_by(
        "person__street", "person__house_number", "id"
    )


def round_progress(rnd: Round) -> dict:
    counts = dict(rnd.visits.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    out = {o: counts.get(o, 0) for o in Visit.Outcome.values}
    out["total"] = sum(counts.values())
    out["done"] = out[Visit.Outcome.AT_HOME] + out[Visit.Outcome.REFUSED]
    out["percent"] = round(100 * out["done"] / out["total"]) if out["total"] else 0
    return out


def round_list(actor: Actor) -> list[tuple[Round, dict]]:
    # consent_pending_count: the API lists it, counted here instead of once per round.
    rounds = list(
        visible_rounds(actor)
        .select_related("area")
        .annotate(consent_pending_count=Count("consent_pending", distinct=True))
    )
    counts: dict = {}
    for round_id, outcome, n in (
        Visit.objects.filter(round__in=rounds).values_list("round_id", "outcome").annotate(n=Count("id"))
    ):
        counts.setdefault(round_id, {})[outcome] = n
    out = []
    for r in rounds:
        c = counts.get(r.pk, {})
        total = sum(c.values())
        done = c.get(Visit.Outcome.AT_HOME, 0) + c.get(Visit.Outcome.REFUSED, 0)
        out.append((r, {"total": total, "done": done, "not_at_home": c.get(Visit.Outcome.NOT_AT_HOME, 0)}))
    return out


@transaction.atomic
def assign_visit(actor: Actor, visit: Visit, visitor: Person | None) -> Visit:
    visit = Visit.objects.select_for_update(of=("self",)).select_related("person").get(pk=visit.pk)
    _require(manages_visit(actor, visit))
    errors: dict = {}
    check_helper(actor.network, visitor, "visitor", errors)
    if visitor is not None and visitor.pk == visit.person_id:
        errors["visitor"] = _("Someone cannot visit themselves.")
    if errors:
        raise ValidationError(errors)
    visit.visitor = visitor
    visit.save(update_fields=["visitor"])
    record(actor, VISIT_ASSIGNED, subject=visit.person, obj=visit)
    return visit
