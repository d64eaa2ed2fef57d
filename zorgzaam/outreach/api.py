"""Outreach over the API: the same services, so the same permission rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zorgzaam.core.api_types import Id
from zorgzaam.networks.models import Area
from zorgzaam.outreach import call_help, services
from zorgzaam.outreach.models import Checklist, CircleMember, Visit
from zorgzaam.people.actor import api_actor
from zorgzaam.people.models import Person

router = Router(tags=["outreach"])


class VisitOut(Schema):
    id: int
    round_id: int | None
    name: str
    address: str
    phone: str
    planned_on: dt.date | None
    visited_on: dt.date | None
    outcome: str


class QuestionOut(Schema):
    id: int
    theme: str
    kind: str
    text: str


class VisitDetailOut(VisitOut):
    questions: list[QuestionOut]


class VisitSignalIn(Schema):
    description: str = Field(..., max_length=5000)
    themes: list[str] = []
    urgency: str = "normal"
    consent_status: str  # required: never pre-selected (issue 13 item 5)
    consent_reason: str = ""


class VisitIn(Schema):
    outcome: str
    visited_on: dt.date | None = None
    answers: dict[str, str] = {}
    notes: str = Field("", max_length=5000)
    talents: list[str] = []
    dreams: list[str] = []
    needs: list[str] = []
    signals: list[VisitSignalIn] = []


class RoundIn(Schema):
    name: str = Field(..., max_length=150)
    area_id: Id | None = None
    streets: list[str] = []
    person_ids: list[Id] = []
    checklist_id: Id | None = None
    starts_on: dt.date
    ends_on: dt.date
    visitor_ids: list[Id] = []


class RoundOut(Schema):
    id: int
    name: str
    area_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    total: int
    done: int
    not_at_home: int
    consent_pending: int


class CallDueOut(Schema):
    member_id: int
    first_name: str
    circle: str
    next_due_on: dt.date
    missed_in_row: int
    phone: str = Field("", description="Only for people who consented to being contacted")
    next_steps: list[str] = Field([], description="visit, neighbour, coach: after N missed calls in a row")


class OutreachSettingsIn(Schema):
    missed_calls_before_next_step: int


class OutreachSettingsOut(Schema):
    missed_calls_before_next_step: int


class CallIn(Schema):
    outcome: str
    note: str = Field("", max_length=500)
    called_on: dt.date | None = None
    signal: VisitSignalIn | None = None


class CallOut(Schema):
    id: int
    outcome: str
    called_on: dt.date
    signal_id: int | None
    missed_in_row: int
    next_due_on: dt.date


def _card_out(card) -> dict:
    v = card.visit
    return {
        "id": v.pk,
        "round_id": v.round_id,
        "name": card.name,
        "address": card.address,
        "phone": card.phone,
        "planned_on": v.planned_on,
        "visited_on": v.visited_on,
        "outcome": v.outcome,
    }


def _by_pk(model, network, pk, field):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, network=network).first()
    if obj is None:
        raise ValidationError({field: _("Unknown choice.")})
    return obj


@router.get("/visits", response=list[VisitOut])
def list_visits(request, network: str | None = None, mine: bool = True):
    """My open visits (default), or with mine=false every visit this actor may see."""
    actor = api_actor(request, network)
    if not services.can_use(actor):
        raise PermissionDenied
    if mine:
        qs = services.my_visits(actor)
    else:
        qs = (
            services.visible_visits(actor)
            .select_related("person", "round")
            .order_by("planned_on", "id")[:500]
        )
    cards = services.visit_cards(actor, qs)
    services.record(actor, services.LIST_VIEWED, data={"visits": len(cards)})
    return [_card_out(c) for c in cards]


@router.get("/visits/{visit_id}", response=VisitDetailOut)
def get_visit(request, visit_id: int, network: str | None = None):
    actor = api_actor(request, network)
    visit = services.get_visit(actor, visit_id)
    out = _card_out(services.visit_cards(actor, [visit])[0])
    out["questions"] = [
        {"id": q.pk, "theme": q.theme, "kind": q.kind, "text": q.text}
        for q in visit.checklist.questions.filter(active=True)
    ]
    return out


@router.post("/visits/{visit_id}/record", response=VisitOut)
def record_visit(request, visit_id: int, payload: VisitIn, network: str | None = None):
    actor = api_actor(request, network)
    visit = services.get_visit(actor, visit_id, log_view=False)
    data = payload.dict()
    visit = services.record_visit(actor, visit, **data)
    visit = Visit.objects.select_related("person", "round").get(pk=visit.pk)
    return _card_out(services.visit_cards(actor, [visit])[0])


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request, network: str | None = None):
    actor = api_actor(request, network)
    if not services.is_staff(actor):
        raise PermissionDenied
    rows = services.round_list(actor)
    return [
        {
            "id": r.pk,
            "name": r.name,
            "area_id": r.area_id,
            "starts_on": r.starts_on,
            "ends_on": r.ends_on,
            "consent_pending": r.consent_pending_count,
            **p,
        }
        for r, p in rows
    ]


@router.post("/rounds", response={201: RoundOut})
def plan_round(request, payload: RoundIn, network: str | None = None):
    actor = api_actor(request, network)
    if not services.can_plan(actor):
        raise PermissionDenied
    net = actor.network
    checklist = (
        _by_pk(Checklist, net, payload.checklist_id, "checklist_id")
        if payload.checklist_id
        else services.ensure_default_checklist(net)
    )
    persons = list(Person.objects.filter(network=net, pk__in=payload.person_ids))
    visitors = list(Person.objects.filter(network=net, pk__in=payload.visitor_ids))
    if len(persons) != len(set(payload.person_ids)):
        raise ValidationError({"person_ids": _("Unknown person.")})
    if len(visitors) != len(set(payload.visitor_ids)):
        raise ValidationError({"visitor_ids": _("Unknown person.")})
    rnd = services.plan_round(
        actor,
        name=payload.name,
        area=_by_pk(Area, net, payload.area_id, "area_id"),
        streets=payload.streets,
        persons=persons,
        checklist=checklist,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        visitors=visitors,
    )
    p = services.round_progress(rnd)
    return Status(
        201,
        {
            "id": rnd.pk,
            "name": rnd.name,
            "area_id": rnd.area_id,
            "starts_on": rnd.starts_on,
            "ends_on": rnd.ends_on,
            "total": p["total"],
            "done": p["done"],
            "not_at_home": p["not_at_home"],
            "consent_pending": rnd.consent_pending.count(),
        },
    )


@router.get("/calls/due", response=list[CallDueOut])
def calls_due(request, network: str | None = None):
    actor = api_actor(request, network)
    if not services.can_use(actor):
        raise PermissionDenied
    return [
        {
            "member_id": m.pk,
            "first_name": m.person.first_name,
            "circle": m.circle.name,
            "next_due_on": m.next_due_on,
            "missed_in_row": m.missed_in_row,
            "phone": m.phone,
            "next_steps": [code for code, _text in m.next_steps],
        }
        for m in call_help.annotate_calls(actor.network, services.calls_due(actor))
    ]


@router.put("/settings", response=OutreachSettingsOut)
def put_settings(request, payload: OutreachSettingsIn, network: str | None = None):
    """Coordinators: after how many missed calls in a row the caller is offered a next step."""
    actor = api_actor(request, network)
    return call_help.set_missed_calls_threshold(actor, payload.missed_calls_before_next_step)


@router.post("/members/{member_id}/calls", response={201: CallOut})
def log_call(request, member_id: int, payload: CallIn, network: str | None = None):
    actor = api_actor(request, network)
    member = services.visible_members(actor).select_related("circle").filter(pk=member_id).first()
    if member is None:
        raise PermissionDenied
    call = services.log_call(
        actor,
        member,
        outcome=payload.outcome,
        note=payload.note,
        called_on=payload.called_on,
        signal=payload.signal.dict() if payload.signal else None,
    )
    member = CircleMember.objects.get(pk=member.pk)
    return Status(
        201,
        {
            "id": call.pk,
            "outcome": call.outcome,
            "called_on": call.called_on,
            "signal_id": call.signal_id,
            "missed_in_row": member.missed_in_row,
            "next_due_on": member.next_due_on,
        },
    )
