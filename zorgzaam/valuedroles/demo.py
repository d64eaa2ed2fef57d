"""Demo: six valued roles with holders."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zorgzaam.people.models import Tag
from zorgzaam.valuedroles.models import RoleHolding, ValuedRole

ROLES = [
    # title, description, talent codes, components, capacity, hours, place, area slug, slots
    (
        "Voorlezer in het woonzorgcentrum",
        "Een uur per week voorlezen uit de krant of een boek.",
        ["storytelling", "company"],
        ["leisure", "care_support"],
        1,
        1,
        "Woonzorgcentrum De Linde",
        "centrum",
        ["wed_pm"],
    ),
    (
        "Fietsmaker repair café",
        "Fietsen van buren herstellen, samen met wie wil leren.",
        ["bike_repair", "odd_jobs"],
        ["work", "learning"],
        2,
        3,
        "Repair café, buurthuis",
        None,
        ["sat"],
    ),
    (
        "Gastvrouw of gastheer koffieklets",
        "Koffie zetten, mensen welkom heten, een babbel slaan.",
        ["company", "listening"],
        ["leisure"],
        1,
        2,
        "Buurthuis Kerkwijk",
        "kerkwijk",
        ["tue_am"],
    ),
    (
        "Moestuinier",
        "Mee zorgen voor de buurtmoestuin en de oogst delen.",
        ["gardening"],
        ["work", "leisure"],
        2,
        3,
        "Buurtmoestuin Molenveld",
        "molenveld",
        ["mon_am", "thu_am"],
    ),
    (
        "Digibuddy",
        "Buren helpen met smartphone, itsme en e-mail.",
        ["digital", "paperwork"],
        ["learning", "care_support"],
        1,
        2,
        "Bibliotheek",
        None,
        ["fri_pm"],
    ),
    (
        "Boodschappenmaatje",
        "Samen boodschappen doen met een buur die niet goed te been is.",
        ["shopping", "walking"],
        ["care_support"],
        2,
        2,
        "",
        "heide",
        ["mon_pm", "thu_pm"],
    ),
]


def build(ctx):
    rng = ctx.rng
    today = timezone.localdate()
    areas = ctx.data["areas"]
    tags = {t.code: t for t in Tag.objects.filter(network__isnull=True)}
    candidates = list(ctx.data.get("demo_volunteers") or []) + ctx.data["residents"][:60]
    holdings = []
    for title, desc, talents, comps, cap, hours, place, area, slots in ROLES:
        role = ValuedRole.objects.create(
            network=ctx.network,
            title=title,
            description=desc,
            components=comps,
            required_capacity=cap,
            hours_per_week=hours,
            place=place,
            area=areas.get(area) if area else None,
            availability=slots,
        )
        role.talents.set([tags[c] for c in talents if c in tags])
        fitting = [p for p in candidates if (p.capacity or 0) >= cap]
        for person in rng.sample(fitting, min(2, len(fitting))):
            start = today - dt.timedelta(days=rng.randint(30, 500))
            holdings.append(
                RoleHolding(
                    role=role,
                    person=person,
                    start_on=start,
                    review_on=today + dt.timedelta(days=rng.randint(10, 120)),
                )
            )
    RoleHolding.objects.bulk_create(holdings)
    ctx.log(f"    {len(ROLES)} valued roles, {len(holdings)} holders")
