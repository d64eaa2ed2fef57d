"""Demo: the 004 matrix as the network's plan, with own actions, indicators and two years of
measurements."""

from __future__ import annotations

import datetime as dt

from zorgzaam.people.actor import system_actor
from zorgzaam.people.models import Person
from zorgzaam.plans import services
from zorgzaam.plans.models import Action, Indicator, Measurement, Plan

ACTIONS = [
    ("Buurtacademie: vorming voor buurtambassadeurs", ["AC1", "AC13"], ["F5", "F7"], "running"),
    ("Zorgoverleg per wijk met huisartsen en thuiszorg", ["AC5", "AC6"], ["F2", "F6"], "running"),
    ("Koffie-ochtend in het buurthuis", ["AC15"], ["F4"], "running"),
    ("Digitale hulp aan huis", ["AC8", "AC12"], ["F3", "F4"], "planned"),
    ("Samen koken met nieuwkomers", ["AC11"], ["F4", "F5"], "done"),
]


def build(ctx):
    today = dt.date.today()
    start = dt.date(today.year - 1, 1, 1)
    actor = system_actor(ctx.network)
    plan = Plan.objects.create(
        network=ctx.network,
        title="Meerjarenplan zorgzame buurten",
        starts_on=start,
        ends_on=dt.date(today.year + 3, 12, 31),
        template=services.TEMPLATE_KEY,
    )
    services.apply_matrix_template(plan)
    goals = {g.code: g for g in plan.goals.all()}
    obs = ctx.data.get("observations", [])
    snaps = ctx.data.get("snapshots", [])
    coordinator = Person.objects.filter(
        network=ctx.network, user=ctx.data.get("users", {}).get("coordinator")
    ).first()
    for i, (title, codes, funcs, status) in enumerate(ACTIONS):
        a = Action.objects.create(plan=plan, title=title, status=status, vvsg_functions=funcs)
        a.goals.set([goals[c] for c in codes])
        if obs:
            a.observations.set(obs[i::7][:2])
        if snaps and i == 0:
            a.snapshot, a.snapshot_item = snaps[-1], "Heide: weinig ontmoetingsplekken"
            a.save()
        ind = Indicator.objects.create(
            plan=plan, kind="effort", name=f"Deelnemers: {title[:40]}", unit="personen", target=60, action=a
        )
        proc = Indicator.objects.create(
            plan=plan, kind="process", name=f"Bijeenkomsten: {title[:40]}", target=12, action=a
        )
        for q in range(8):  # quarterly over two years
            when = start + dt.timedelta(days=91 * q)
            if when > today:
                break
            Measurement.objects.create(
                indicator=ind,
                measured_on=when,
                value=5 + 6 * q + ctx.rng.randint(0, 4),
                recorded_by=coordinator,
            )
            Measurement.objects.create(
                indicator=proc,
                measured_on=when,
                value=min(12, 1 + q + ctx.rng.randint(0, 1)),
                recorded_by=coordinator,
            )
    for d in plan.domains.all():
        ind = Indicator.objects.create(
            plan=plan,
            kind="impact",
            name=f"Bewoners die zich thuis voelen ({d.name})",
            unit="%",
            baseline=55,
            target=75,
            domain=d,
        )
        for y, v in ((0, 55), (1, 60 + ctx.rng.randint(0, 5))):
            Measurement.objects.create(
                indicator=ind,
                measured_on=dt.date(start.year + y, 11, 30) if start.year + y < today.year else today,
                value=v,
                note="buurtbevraging",
                recorded_by=coordinator,
            )
    del actor
    ctx.log(f"    plan with {plan.goals.count()} goals, {len(ACTIONS)} actions")
