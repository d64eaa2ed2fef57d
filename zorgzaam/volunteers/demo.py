"""Demo: onboarding steps, volunteer profiles with safeguarding (one extract running out soon),
hours, thank-yous, appreciation and two residents' initiatives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from zorgzaam.people.models import Person
from zorgzaam.volunteers import services
from zorgzaam.volunteers.models import (
    Appreciation,
    HoursEntry,
    Initiative,
    InitiativeSupport,
    OnboardingProgress,
    SafeguardingRecord,
    ThankYou,
    VolunteerProfile,
)

ACTIVITIES = [
    "Boodschappen met mevrouw",
    "Koffieklets in het buurthuis",
    "Voorlezen in het woonzorgcentrum",
    "Fietsherstelling repair café",
    "Digibuddy: hulp met de smartphone",
    "Wandeling met de buurman",
    "Moestuin: onkruid wieden",
    "Vervoer naar de dokter",
]
THANKS = [
    "Merci voor de boodschappen!",
    "Bedankt om elke week langs te komen.",
    "Dankzij jou rijdt mijn fiets weer.",
    "Fijn dat je me met de computer hielp.",
    "Dank je voor de wandeling, dat deed deugd.",
]


def build(ctx):
    rng = ctx.rng
    network = ctx.network
    today = timezone.localdate()
    steps = services.ensure_default_steps(network)
    users = ctx.data["users"]
    coord_user = users["coordinator"]
    staff_people = [
        Person.objects.get(network=network, user=users[name]) for name in ("vrijwilliger", "buddy")
    ]
    pool = [p for p in ctx.data["residents"] if p.capacity and p.capacity >= 1]
    rng.shuffle(pool)
    resident_volunteers = sorted(pool[:15], key=lambda p: p.pk)
    volunteers = staff_people + resident_volunteers
    ctx.data["demo_volunteers"] = volunteers

    progress, records, hours = [], [], []
    for i, person in enumerate(volunteers):
        started = today - dt.timedelta(days=rng.randint(60, 1500))
        VolunteerProfile.objects.get_or_create(
            person=person,
            defaults={
                "max_active_tasks": rng.choice([1, 2, 3, 3, 4]),
                "max_distance_km": rng.choice([1.0, 2.0, 3.0, 5.0]),
                "started_on": started,
            },
        )
        done = len(steps) if i < 12 else rng.randint(1, len(steps) - 1)
        for step in steps[:done]:
            progress.append(
                OnboardingProgress(
                    person=person,
                    step=step,
                    done_on=started + dt.timedelta(days=7 * steps.index(step)),
                    recorded_by=coord_user,
                )
            )
        issued = today - dt.timedelta(days=rng.randint(100, 900))
        # One extract runs out within the reminder window so coordinators see it on their home page.
        valid_until = today + dt.timedelta(days=12) if i == 2 else issued + dt.timedelta(days=3 * 365)
        records.append(
            SafeguardingRecord(
                person=person, kind="criminal_record", issued_on=issued, valid_until=valid_until
            )
        )
        records.append(
            SafeguardingRecord(
                person=person,
                kind="insurance",
                issued_on=dt.date(today.year, 1, 1),
                valid_until=dt.date(today.year, 12, 31),
            )
        )
        if rng.random() < 0.6:
            records.append(
                SafeguardingRecord(
                    person=person,
                    kind="training",
                    issued_on=today - dt.timedelta(days=rng.randint(10, 300)),
                    note="EHBO-opfrissing",
                )
            )
        if rng.random() < 0.5:
            records.append(
                SafeguardingRecord(
                    person=person,
                    kind="intervision",
                    issued_on=today - dt.timedelta(days=rng.randint(5, 120)),
                )
            )
        for _ in range(rng.randint(4, 14)):
            hours.append(
                HoursEntry(
                    network=network,
                    person=person,
                    date=today - dt.timedelta(days=rng.randint(0, 330)),
                    hours=Decimal(rng.choice(["1", "1.5", "2", "2.5", "3", "4"])),
                    activity=rng.choice(ACTIVITIES),
                    recorded_by=person.user or coord_user,
                )
            )
    OnboardingProgress.objects.bulk_create(progress, ignore_conflicts=True)
    SafeguardingRecord.objects.bulk_create(records)
    HoursEntry.objects.bulk_create(hours)

    others = [p for p in ctx.data["residents"] if p not in resident_volunteers]
    ThankYou.objects.bulk_create(
        [
            ThankYou(
                network=network,
                from_person=rng.choice(others),
                to_person=rng.choice(volunteers),
                message=rng.choice(THANKS),
            )
            for _ in range(14)
        ]
        + [
            ThankYou(
                network=network, from_person=rng.choice(others), to_person=staff_people[0], message=THANKS[1]
            )
        ]
    )
    Appreciation.objects.bulk_create(
        [
            Appreciation(
                network=network,
                kind="event",
                title="Vrijwilligersfeest in het buurthuis",
                date=today - dt.timedelta(days=40),
            ),
            Appreciation(
                network=network,
                kind="training",
                title="Vorming: luisteren zonder oordeel",
                date=today + dt.timedelta(days=20),
            ),
            Appreciation(
                network=network,
                person=staff_people[0],
                kind="gift",
                title="Bloemen voor 5 jaar buurtambassadeur",
                date=today - dt.timedelta(days=10),
            ),
        ]
    )

    coach = Person.objects.get(network=network, user=users["coach"])
    owners = [p for p in ctx.data["residents"] if p not in resident_volunteers][:3]
    soup = Initiative.objects.create(
        network=network,
        title="Soepbar op vrijdag",
        description="Elke vrijdagmiddag verse soep in het buurthuis, voor wie wil aanschuiven.",
        status=Initiative.Status.RUNNING,
        support_asked="Een lokaal en hulp met de hygiëneregels.",
    )
    soup.owners.add(owners[0], owners[1])
    InitiativeSupport.objects.create(
        initiative=soup,
        given_by=coach,
        date=today - dt.timedelta(days=30),
        description="Zaal van het dienstencentrum vastgelegd",
    )
    swap = Initiative.objects.create(
        network=network,
        title="Plantenruil in de Kerkwijk",
        description="Stekjes en zaden ruilen op het pleintje.",
        status=Initiative.Status.IDEA,
        support_asked="Een affiche en een aankondiging in het infoblad.",
    )
    swap.owners.add(owners[2])
    ctx.log(f"    {len(volunteers)} volunteers, {len(hours)} hour entries, 2 initiatives")


def load(ctx):
    ctx.data["demo_volunteers"] = list(
        Person.objects.filter(network=ctx.network, volunteer_profile__isnull=False).order_by("pk")
    )
