"""Action plans: every rule and permission check.

Who: coordinators build and change plans; professionals see plans and record measurements;
policy viewers see plans and progress (no personal data is held here except who recorded a
measurement, which they do not see). Everyone else: nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor
from zorgzaam.plans.models import Action, Domain, Goal, Indicator, Measurement, Plan, Track
from zorgzaam.reference.services import framework, vvsg_functions

# Labels are lazy: they are shown in the reader's language, not the one active at start-up.
PLAN_CHANGED = kinds.register("plans.plan_changed", gettext_lazy("Action plan changed"))
MEASUREMENT_RECORDED = kinds.register("plans.measurement_recorded", gettext_lazy("Plan measurement recorded"))

TEMPLATE_KEY = "wwz_plan_matrix"


# --- permissions -------------------------------------------------------------------------------


def can_view_plans(actor: Actor) -> bool:
    return actor.network is not None and actor.has_role("coordinator", "professional", "policy")


def can_edit_plans(actor: Actor) -> bool:
    return actor.network is not None and actor.is_coordinator()


def can_measure(actor: Actor) -> bool:
    return actor.is_staff()


def can_see_recorder(actor: Actor) -> bool:
    return can_measure(actor)


def _own(actor: Actor, obj) -> None:
    plan = obj if isinstance(obj, Plan) else obj.plan
    if actor.network is None or plan.network_id != actor.network.pk:
        deny()


def vvsg_choices() -> list[tuple[str, str]]:
    return [(f["code"], f"{f['code']} {f.get('short_nl', '')}") for f in vvsg_functions()]


# --- reading -----------------------------------------------------------------------------------


def list_plans(actor: Actor):
    _require(can_view_plans(actor))
    return Plan.objects.filter(network=actor.network)


def get_plan(actor: Actor, plan_id: int) -> Plan:
    _require(can_view_plans(actor))
    plan = Plan.objects.filter(pk=plan_id, network=actor.network).first()
    if plan is None:
        deny()
    return plan


def progress_of(indicator: Indicator, measurements: list[Measurement]) -> dict:
    """Latest value against target: share of the way from baseline to target, 0..1 (clipped)."""
    latest = measurements[-1] if measurements else None
    pct = None
    if latest is not None and indicator.target != indicator.baseline:
        pct = (latest.value - indicator.baseline) / (indicator.target - indicator.baseline)
        pct = max(0.0, min(1.0, pct))
    return {"latest": latest, "share": pct, "percent": None if pct is None else round(pct * 100)}


def plan_overview(actor: Actor, plan: Plan) -> dict:
    """The matrix (rows = domains, columns = tracks, cells = goal + actions or deliberately empty),
    the progress of every indicator and the action<->goal links. A fixed number of queries."""
    _require(can_view_plans(actor))
    _own(actor, plan)
    domains = list(plan.domains.all())
    tracks = list(plan.tracks.all())
    actions = list(plan.actions.prefetch_related("goals", "observations").select_related("snapshot"))
    goals = list(plan.goals.all())
    by_goal: dict[int, list[Action]] = {g.pk: [] for g in goals}
    for a in actions:
        for g in a.goals.all():
            by_goal.setdefault(g.pk, []).append(a)
    cells = {(g.domain_id, g.track_id): g for g in goals}
    rows = []
    for d in domains:
        row = []
        for t in tracks:
            g = cells.get((d.pk, t.pk))
            row.append({"track": t, "goal": g, "actions": by_goal.get(g.pk, []) if g else []})
        rows.append({"domain": d, "cells": row})
    indicators = list(
        plan.indicators.select_related("domain", "goal", "action").prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.select_related("recorded_by"))
        )
    )
    kind_order = {Indicator.Kind.IMPACT: 0, Indicator.Kind.EFFORT: 1, Indicator.Kind.PROCESS: 2}
    indicators.sort(key=lambda i: (kind_order.get(i.kind, 9), i.name))
    ind_rows = []
    for ind in indicators:
        ms = list(ind.measurements.all())
        ind_rows.append({"indicator": ind, "measurements": ms, **progress_of(ind, ms)})
    return {
        "plan": plan,
        "domains": domains,
        "tracks": tracks,
        "rows": rows,
        "empty_cells": len(domains) * len(tracks) - len(goals),
        "actions": actions,
        "indicators": ind_rows,
        "links": [(a, list(a.goals.all())) for a in actions],
    }


def chart_data(overview: dict) -> list[dict]:
    return [
        {
            "id": r["indicator"].pk,
            "name": r["indicator"].name,
            "target": r["indicator"].target,
            "points": [[m.measured_on.isoformat(), m.value] for m in r["measurements"]],
        }
        for r in overview["indicators"]
    ]


# --- writing -----------------------------------------------------------------------------------


def _validate_period(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})


@transaction.atomic
def create_plan(actor: Actor, *, title: str, starts_on, ends_on, template: str = "") -> Plan:
    """An empty plan, or one built from a framework template (the 004 matrix)."""
    _require(can_edit_plans(actor))
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the plan a title.")})
    _validate_period(starts_on, ends_on)
    plan = Plan.objects.create(
        network=actor.network, title=title.strip(), starts_on=starts_on, ends_on=ends_on, template=template
    )
    if template:
        if template != TEMPLATE_KEY:
            raise ValidationError({"template": _("Unknown template.")})
        apply_matrix_template(plan)
    record(actor, PLAN_CHANGED, obj=plan, data={"op": "create", "template": template})
    return plan


def apply_matrix_template(plan: Plan) -> None:
    data = framework(TEMPLATE_KEY)
    domains = {}
    for i, label in enumerate(data["strategic_domains"]):
        code, _sep, name = label.partition(" ")
        domains[code] = Domain.objects.create(plan=plan, code=code, name=name or code, order=i)
    tracks = {}
    for i, name in enumerate(data["operational_goals"]):
        tracks[name] = Track.objects.create(plan=plan, name=name, order=i)
    for ac in data["action_clusters"]:
        Goal.objects.create(
            plan=plan,
            domain=domains[ac["sd"]],
            track=tracks[ac["od"]],
            code=f"AC{ac['ac']}",
            title="",
            sdgs=ac.get("sdgs", []),
        )


@transaction.atomic
def add_domain(actor: Actor, plan: Plan, *, code: str, name: str) -> Domain:
    _require(can_edit_plans(actor))
    _own(actor, plan)
    code = (code or "").strip()
    if not code or not (name or "").strip():
        raise ValidationError({"name": _("Give a code and a name.")})
    if plan.domains.filter(code=code).exists():
        raise ValidationError({"code": _("This code is already used in this plan.")})
    d = Domain.objects.create(plan=plan, code=code, name=name.strip(), order=plan.domains.count())
    record(actor, PLAN_CHANGED, obj=plan, data={"op": "add_domain"})
    return d


@transaction.atomic
def add_track(actor: Actor, plan: Plan, *, name: str) -> Track:
    _require(can_edit_plans(actor))
    _own(actor, plan)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give a name.")})
    if plan.tracks.filter(name=name).exists():
        raise ValidationError({"name": _("This name is already used in this plan.")})
    t = Track.objects.create(plan=plan, name=name, order=plan.tracks.count())
    record(actor, PLAN_CHANGED, obj=plan, data={"op": "add_track"})
    return t


@transaction.atomic
def set_goal(actor: Actor, plan: Plan, *, domain: Domain, track: Track, code: str, title: str = "") -> Goal:
    """Fill a cell of the matrix (or rename the goal already there)."""
    _require(can_edit_plans(actor))
    _own(actor, plan)
    if domain.plan_id != plan.pk or track.plan_id != plan.pk:
        raise ValidationError({"domain": _("This row or column belongs to another plan.")})
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("Give a code.")})
    goal = Goal.objects.filter(domain=domain, track=track).first()
    if plan.goals.filter(code=code).exclude(pk=getattr(goal, "pk", None)).exists():
        raise ValidationError({"code": _("This code is already used in this plan.")})
    if goal is None:
        goal = Goal(plan=plan, domain=domain, track=track)
    goal.code, goal.title = code, (title or "").strip()
    goal.save()
    record(actor, PLAN_CHANGED, obj=plan, data={"op": "set_goal"})
    return goal


def _check_action_links(plan: Plan, goals, vvsg_functions, observations, snapshot) -> None:
    errors = {}
    if not goals:
        errors["goals"] = _("Link the action to at least one goal.")
    elif any(g.plan_id != plan.pk for g in goals):
        errors["goals"] = _("A goal belongs to another plan.")
    valid = {c for c, _label in vvsg_choices()}
    if not set(vvsg_functions or []) <= valid:
        errors["vvsg_functions"] = _("Unknown VVSG function.")
    if any(o.network_id != plan.network_id for o in observations or []):
        errors["observations"] = _("An observation belongs to another network.")
    if snapshot is not None and snapshot.network_id != plan.network_id:
        errors["snapshot"] = _("This snapshot belongs to another network.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_action(
    actor: Actor,
    plan: Plan,
    *,
    action: Action | None = None,
    title: str,
    description: str = "",
    status: str = Action.Status.PLANNED,
    goals=(),
    vvsg_functions=(),
    observations=(),
    snapshot=None,
    snapshot_item: str = "",
) -> Action:
    _require(can_edit_plans(actor))
    _own(actor, plan)
    goals, observations = list(goals), list(observations)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the action a title.")})
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    _check_action_links(plan, goals, vvsg_functions, observations, snapshot)
    if action is None:
        action = Action(plan=plan)
    elif action.plan_id != plan.pk:
        deny()
    action.title, action.description, action.status = title.strip(), description, status
    action.vvsg_functions = sorted(set(vvsg_functions))
    action.snapshot, action.snapshot_item = snapshot, snapshot_item
    action.save()
    action.goals.set(goals)
    action.observations.set(observations)
    record(actor, PLAN_CHANGED, obj=plan, data={"op": "save_action", "action": action.pk})
    return action


@transaction.atomic
def add_indicator(
    actor: Actor,
    plan: Plan,
    *,
    kind: str,
    name: str,
    target: float,
    baseline: float = 0,
    unit: str = "",
    domain: Domain | None = None,
    goal: Goal | None = None,
    action: Action | None = None,
) -> Indicator:
    _require(can_edit_plans(actor))
    _own(actor, plan)
    errors = {}
    if kind not in Indicator.Kind.values:
        errors["kind"] = _("Unknown kind of indicator.")
    if not (name or "").strip():
        errors["name"] = _("Give the indicator a name.")
    owners = [o for o in (domain, goal, action) if o is not None]
    if len(owners) != 1:
        errors["goal"] = _("Attach the indicator to exactly one domain, goal or action.")
    elif owners[0].plan_id != plan.pk:
        errors["goal"] = _("This belongs to another plan.")
    elif kind == Indicator.Kind.IMPACT and action is not None:
        errors["kind"] = _("Impact indicators belong to a domain or a goal.")
    elif kind in (Indicator.Kind.EFFORT, Indicator.Kind.PROCESS) and action is None:
        errors["kind"] = _("Effort and process indicators belong to an action.")
    if target is None:
        errors["target"] = _("Give a target value.")
    if errors:
        raise ValidationError(errors)
    ind = Indicator.objects.create(
        plan=plan,
        kind=kind,
        name=name.strip(),
        unit=unit,
        baseline=baseline or 0,
        target=target,
        domain=domain,
        goal=goal,
        action=action,
    )
    record(actor, PLAN_CHANGED, obj=plan, data={"op": "add_indicator"})
    return ind


@transaction.atomic
def record_measurement(
    actor: Actor, indicator: Indicator, *, measured_on: dt.date, value: float, note: str = ""
) -> Measurement:
    _require(can_measure(actor))
    _own(actor, indicator)
    errors = {}
    if measured_on is None:
        errors["measured_on"] = _("Give a date.")
    elif measured_on > dt.date.today() + dt.timedelta(days=1):
        errors["measured_on"] = _("A measurement cannot be in the future.")
    if value is None or value != value:  # NaN
        errors["value"] = _("Give a number.")
    if errors:
        raise ValidationError(errors)
    m = Measurement.objects.create(
        indicator=indicator, measured_on=measured_on, value=value, note=note or "", recorded_by=actor.person
    )
    record(actor, MEASUREMENT_RECORDED, obj=indicator, data={"plan": indicator.plan_id})
    return m


# --- home panel ----------------------------------------------------------------------------------


def home_panel(actor: Actor) -> dict | None:
    if not actor.is_coordinator():
        return None
    plan = Plan.objects.filter(network=actor.network).first()
    if plan is None:
        return {"plan": None}
    rows = []
    for ind in plan.indicators.prefetch_related("measurements")[:50]:
        rows.append(progress_of(ind, list(ind.measurements.all()))["share"])
    known = [r for r in rows if r is not None]
    return {
        "plan": plan,
        "indicators": len(rows),
        "average": round(100 * sum(known) / len(known)) if known else None,
        "actions": plan.actions.count(),
    }
