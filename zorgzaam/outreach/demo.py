"""Demo: the default checklist, a visit round in Kerkwijk for 'vrijwilliger', and a check-in circle
in which 'buddy' calls five residents. Built through the services, so the audit log is realistic."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zorgzaam.outreach import services
from zorgzaam.outreach.models import Call, Circle, Round
from zorgzaam.people.actor import build_actor
from zorgzaam.people.models import Person, Tag


def build(ctx):
    net = ctx.network
    rng = ctx.rng
    users = ctx.data["users"]
    today = timezone.localdate()
    checklist = services.ensure_default_checklist(net)
    coordinator = build_actor(users["coordinator"], net)
    volunteer = build_actor(users["vrijwilliger"], net)
    buddy = build_actor(users["buddy"], net)
    kerkwijk = ctx.data["areas"]["kerkwijk"]

    # A round over the two busiest streets of Kerkwijk.
    streets = (
        Person.objects.filter(network=net, area=kerkwijk, user__isnull=True)
        .exclude(street="")
        .values_list("street", flat=True)
    )
    counts: dict[str, int] = {}
    for s in streets:
        counts[s] = counts.get(s, 0) + 1
    busiest = sorted(counts, key=lambda s: (-counts[s], s))[:2]
    rnd = services.plan_round(
        coordinator,
        name="Huisbezoeken Kerkwijk",
        area=kerkwijk,
        streets=busiest,
        checklist=checklist,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=20),
        visitors=[volunteer.person],
    )
    visits = list(rnd.visits.select_related("person").order_by("id"))
    by_theme: dict[str, list] = {}
    for q in checklist.questions.all():
        by_theme.setdefault(q.theme, []).append(q)
    tags = list(Tag.objects.filter(network__isnull=True).order_by("code"))
    for i, visit in enumerate(visits):
        state = i % 5
        day = today - dt.timedelta(days=rng.randint(1, 9))
        if state in (0, 1):
            answers = {
                str(by_theme["talents"][0].pk): rng.choice(
                    ["Koken en bakken", "Tuinieren", "Kaarten", "Breien"]
                ),
                str(by_theme["dreams"][0].pk): rng.choice(
                    ["Nog eens naar zee", "Leren werken met de tablet", "Samen koken met buren"]
                ),
                str(by_theme["contact"][0].pk): str(rng.randint(1, 5)),
                str(by_theme["mobility"][0].pk): rng.choice(["yes", "no"]),
                str(by_theme["digital"][0].pk): rng.choice(["yes", "no"]),
            }
            signals = []
            if state == 1:
                signals = [
                    {
                        "description": "Komt weinig buiten sinds de val in de winter en ziet weinig mensen.",
                        "themes": ["loneliness", "mobility"],
                        "consent_status": "given",
                    }
                ]
            services.record_visit(
                volunteer,
                visit,
                outcome="at_home",
                visited_on=day,
                answers=answers,
                notes="Gezellig gesprek aan de keukentafel.",
                talents=rng.sample(tags, 1),
                dreams=rng.sample(tags, 1),
                signals=signals,
            )
        elif state == 2:
            services.record_visit(volunteer, visit, outcome="not_at_home", visited_on=day)
        elif state == 3 and i % 2:
            services.record_visit(volunteer, visit, outcome="refused", visited_on=day)

    # A check-in circle: buddy calls five residents who agreed to be contacted.
    coach = Person.objects.get(network=net, user=users["coach"])
    circle = services.create_circle(coordinator, name="Telefooncirkel Lindebeek", coach=coach)
    residents = [p for p in ctx.data["residents"] if p.area_id]
    agreed = services.contact_ok_ids(p.pk for p in residents)
    chosen = [p for p in residents if p.pk in agreed and p.birth_year and p.birth_year < 1950][:5]
    if len(chosen) < 5:
        chosen = [p for p in residents if p.pk in agreed][:5]
    frequencies = ["weekly", "twice_weekly", "weekly", "daily", "weekly"]
    start = today - dt.timedelta(days=21)
    for n, person in enumerate(chosen):
        member = services.add_member(
            coordinator,
            circle,
            person=person,
            caller=buddy.person,
            frequency=frequencies[n % len(frequencies)],
            started_on=start,
        )
        # Call history up to today; the fourth person was not reached the last two times.
        day = start
        while True:
            member.refresh_from_db()
            day = member.next_due_on
            if day > today - dt.timedelta(days=1):
                break
            if n == 3 and day >= today - dt.timedelta(days=3):
                outcome = "not_reached"
            else:
                outcome = "reached" if rng.random() < 0.85 else "not_reached"
            services.log_call(buddy, member, outcome=outcome, called_on=day, note="")
    ctx.log(
        f"    round with {len(visits)} visits, circle with {len(chosen)} members, "
        f"{Call.objects.count()} calls"
    )
    load(ctx)


def load(ctx):
    ctx.data["outreach_round"] = Round.objects.filter(network=ctx.network).order_by("id").first()
    ctx.data["outreach_circle"] = Circle.objects.filter(network=ctx.network).order_by("id").first()
