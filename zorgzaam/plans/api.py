"""Action plans over the API: the same services, so the same permission rules as the UI."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status

from zorgzaam.analysis.models import Observation
from zorgzaam.core.api_types import Id
from zorgzaam.people.actor import api_actor
from zorgzaam.plans import services
from zorgzaam.plans.models import Action, Indicator

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    template: str


class PlanIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    template: str = ""


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    status: str = "planned"
    goal_ids: list[Id]
    vvsg_functions: list[str] = []
    observation_ids: list[Id] = []


class IndicatorIn(Schema):
    kind: str
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = ""
    baseline: float = 0
    target: float
    domain_id: Id | None = None
    goal_id: Id | None = None
    action_id: Id | None = None


class MeasurementIn(Schema):
    measured_on: dt.date
    value: float
    note: str = Field("", max_length=300)


def _overview_json(actor, plan) -> dict:
    ov = services.plan_overview(actor, plan)
    show_who = services.can_see_recorder(actor)
    return {
        "id": plan.pk,
        "title": plan.title,
        "domains": [{"id": d.pk, "code": d.code, "name": d.name} for d in ov["domains"]],
        "tracks": [{"id": t.pk, "name": t.name} for t in ov["tracks"]],
        "cells": [
            {
                "domain_id": row["domain"].pk,
                "track_id": c["track"].pk,
                "goal": None if c["goal"] is None else {"id": c["goal"].pk, "code": c["goal"].code},
                "action_ids": [a.pk for a in c["actions"]],
            }
            for row in ov["rows"]
            for c in row["cells"]
        ],
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "status": a.status,
                "goal_ids": [g.pk for g in goals],
                "vvsg_functions": a.vvsg_functions,
                "observation_ids": [o.pk for o in a.observations.all()],
            }
            for a, goals in ov["links"]
        ],
        "indicators": [
            {
                "id": r["indicator"].pk,
                "kind": r["indicator"].kind,
                "name": r["indicator"].name,
                "baseline": r["indicator"].baseline,
                "target": r["indicator"].target,
                "progress": r["share"],
                "measurements": [
                    {
                        "date": m.measured_on.isoformat(),
                        "value": m.value,
                        "note": m.note,
                        **({"recorded_by": str(m.recorded_by or "")} if show_who else {}),
                    }
                    for m in r["measurements"]
                ],
            }
            for r in ov["indicators"]
        ],
    }


@router.get("/", response=list[PlanOut])
def list_plans(request, network: str | None = None):
    return list(services.list_plans(api_actor(request, network)))


@router.post("/", response={201: PlanOut})
def create_plan(request, payload: PlanIn, network: str | None = None):
    return Status(201, services.create_plan(api_actor(request, network), **payload.dict()))


@router.get("/{plan_id}")
def get_plan(request, plan_id: int, network: str | None = None):
    actor = api_actor(request, network)
    return _overview_json(actor, services.get_plan(actor, plan_id))


@router.post("/{plan_id}/actions", response={201: dict})
def create_action(request, plan_id: int, payload: ActionIn, network: str | None = None):
    actor = api_actor(request, network)
    plan = services.get_plan(actor, plan_id)
    goals = list(plan.goals.filter(pk__in=payload.goal_ids))
    if len(goals) != len(set(payload.goal_ids)):
        goals = goals + [None]  # an unknown id fails validation below
    obs = list(Observation.objects.filter(pk__in=payload.observation_ids, network=actor.network))
    if len(obs) != len(set(payload.observation_ids)):
        from django.core.exceptions import ValidationError

        raise ValidationError({"observation_ids": "Unknown observation."})
    if None in goals:
        from django.core.exceptions import ValidationError

        raise ValidationError({"goal_ids": "Unknown goal."})
    action = services.save_action(
        actor,
        plan,
        title=payload.title,
        description=payload.description,
        status=payload.status,
        goals=goals,
        vvsg_functions=payload.vvsg_functions,
        observations=obs,
    )
    return Status(201, {"id": action.pk})


@router.post("/{plan_id}/indicators", response={201: dict})
def create_indicator(request, plan_id: int, payload: IndicatorIn, network: str | None = None):
    actor = api_actor(request, network)
    plan = services.get_plan(actor, plan_id)
    data = payload.dict()
    owners = {
        "domain": plan.domains.filter(pk=data.pop("domain_id")).first() if payload.domain_id else None,
        "goal": plan.goals.filter(pk=data.pop("goal_id")).first() if payload.goal_id else None,
        "action": Action.objects.filter(plan=plan, pk=data.pop("action_id")).first()
        if payload.action_id
        else None,
    }
    for key in ("domain_id", "goal_id", "action_id"):
        data.pop(key, None)
    ind = services.add_indicator(actor, plan, **data, **owners)
    return Status(201, {"id": ind.pk})


@router.post("/indicators/{indicator_id}/measurements", response={201: dict})
def add_measurement(request, indicator_id: int, payload: MeasurementIn, network: str | None = None):
    actor = api_actor(request, network)
    ind = Indicator.objects.select_related("plan").filter(pk=indicator_id).first()
    if ind is None or actor.network is None or ind.plan.network_id != actor.network.pk:
        raise PermissionDenied
    m = services.record_measurement(actor, ind, **payload.dict())
    return Status(201, {"id": m.pk})
