"""Demo community life in Lindebeek: the LDC De Linde, a buurthuis, a community garden and the soup cart
of Buurtvereniging Kerkwijk; eight recurring activities with registrations, a waiting list, attendance
(named and head counts), evaluations and personal invitations in several outcomes."""

import datetime as dt

from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.community.models import (
    Activity,
    Attendance,
    Evaluation,
    Invitation,
    Place,
    Registration,
    RouteStop,
)
from zorgzaam.people.actor import build_actor
from zorgzaam.people.models import Consent, Person
from zorgzaam.people.services import persons_with_consent

COMMENTS = [
    "Gezellig, en de koffie was lekker.",
    "Fijn om nieuwe mensen te leren kennen.",
    "Wat te druk voor mij, maar ik kom terug.",
    "Heel goed uitgelegd, dank je wel!",
    "Ik mis een lift naar huis.",
]


def _centre(bounds):
    lon0, lat0, lon1, lat1 = bounds
    return round((lat0 + lat1) / 2, 6), round((lon0 + lon1) / 2, 6)


def build(ctx):
    net = ctx.network
    rng = ctx.rng
    areas = ctx.data["areas"]
    bounds = ctx.data["area_bounds"]
    orgs = ctx.data["organisations"]
    users = ctx.data["users"]
    ldc_org = orgs.get("Lokaal Dienstencentrum De Linde")
    kerkwijk_org = orgs.get("Buurtvereniging Kerkwijk vzw")

    def point(slug, dlat=0.0, dlon=0.0):
        lat, lon = _centre(bounds[slug])
        return {"latitude": round(lat + dlat, 6), "longitude": round(lon + dlon, 6)}

    ldc = Place.objects.create(
        network=net,
        name="LDC De Linde",
        kind=Place.Kind.LDC,
        area=areas["centrum"],
        address="Lindeplein 1, 9471 Lindebeek",
        owner_organisation=orgs.get("OCMW Lindebeek"),
        runner_organisation=ldc_org,
        accessibility=["wheelchair", "toilet", "hearing_loop", "seating", "parking", "public_transport"],
        opening_hours="ma-vr 9:00-17:00\ncafetaria 13:30-16:30",
        phone="053 70 20 20",
        description="Cafetaria, maaltijden, vorming en een onthaal voor al je vragen.",
        **point("centrum"),
    )
    buurthuis = Place.objects.create(
        network=net,
        name="Buurthuis De Kerkwegel",
        kind=Place.Kind.COMMUNITY_CENTRE,
        area=areas["kerkwijk"],
        address="Kerkwegel 12, 9471 Lindebeek",
        runner_organisation=kerkwijk_org,
        accessibility=["wheelchair", "seating", "toilet"],
        opening_hours="di en do 14:00-17:00",
        **point("kerkwijk"),
    )
    garden = Place.objects.create(
        network=net,
        name="Samentuin Molenveld",
        kind=Place.Kind.GARDEN,
        area=areas["molenveld"],
        address="Molenstraat 40 (achter de school), 9471 Lindebeek",
        accessibility=["seating"],
        opening_hours="elke dag van zonsopgang tot zonsondergang",
        description="Een gedeelde moestuin met verhoogde bakken, ook voor wie niet goed kan bukken.",
        **point("molenveld", 0.001, 0.001),
    )
    Place.objects.create(
        network=net,
        name="Bakkerij Van Damme (dorpspunt)",
        kind=Place.Kind.SHOP,
        area=areas["centrum"],
        address="Markt 3, 9471 Lindebeek",
        owner_organisation=orgs.get("Bakkerij Van Damme"),
        accessibility=["seating", "public_transport"],
        opening_hours="di-za 7:00-18:00, zo 7:00-12:00",
        **point("centrum", 0.0015, -0.001),
    )
    cart = Place.objects.create(
        network=net,
        name="Soepkar Kerkwijk",
        kind=Place.Kind.CART,
        mobile=True,
        area=areas["kerkwijk"],
        runner_organisation=kerkwijk_org,
        schedule="elke woensdag",
        description="Verse soep en een babbel aan je deur of op het plein. Gratis, een gift mag.",
        accessibility=["seating"],
    )
    stops = [
        (dt.time(11, 0), "Kerkplein", "kerkwijk", 0.0, 0.0),
        (dt.time(11, 30), "Hoek Pastorijstraat", "kerkwijk", 0.002, 0.002),
        (dt.time(12, 0), "Seniorenflats Heide", "heide", 0.0, 0.0),
        (dt.time(12, 30), "Molenveld speelplein", "molenveld", 0.0, 0.0),
    ]
    RouteStop.objects.bulk_create(
        [
            RouteStop(place=cart, order=i, name=name, time=t, **point(slug, dlat, dlon))
            for i, (t, name, slug, dlat, dlon) in enumerate(stops, start=1)
        ]
    )

    staff = {
        u: Person.objects.get(network=net, user=users[u]) for u in ("coordinator", "coach", "vrijwilliger")
    }
    today = timezone.localdate()
    start = today - dt.timedelta(days=56)
    specs = [
        ("Koffieklets", ldc, "FREQ=WEEKLY;BYDAY=TU", dt.time(14, 0), 120, 20, "gratis"),
        ("Samen koken", ldc, "FREQ=WEEKLY;BYDAY=TH", dt.time(10, 0), 180, 8, "€ 5"),
        ("Wandelclub", garden, "FREQ=WEEKLY;BYDAY=FR", dt.time(9, 30), 90, None, "gratis"),
        ("Digidokter", ldc, "FREQ=MONTHLY;BYDAY=1WE", dt.time(14, 0), 120, 6, "gratis"),
        ("Repair café", buurthuis, "FREQ=MONTHLY;BYDAY=2SA", dt.time(13, 0), 240, None, "gratis"),
        ("Soep op het plein", cart, "FREQ=WEEKLY;BYDAY=WE", dt.time(11, 0), 120, None, "gratis"),
        ("Breicafé", buurthuis, "FREQ=WEEKLY;BYDAY=MO", dt.time(14, 0), 120, 12, "gratis"),
        (
            "Tuinieren voor iedereen",
            garden,
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            dt.time(10, 0),
            120,
            10,
            "gratis",
        ),
    ]
    activities = []
    for title, place, rule, time, minutes, cap, price in specs:
        act = Activity.objects.create(
            network=net,
            title=title,
            description=f"{title}: kom gerust eens langs, alleen of met een buur.",
            place=place,
            area=place.area,
            start_date=start,
            start_time=time,
            duration_minutes=minutes,
            rrule=rule,
            capacity=cap,
            price=price,
        )
        act.organisers.set([staff["vrijwilliger"]] if place in (buurthuis, cart) else [staff["coach"]])
        services.sync_occurrences(act, today=today)
        activities.append(act)
    # One Koffieklets is skipped (holiday) and one Samen koken is moved, to show both.
    koffie, koken = activities[0], activities[1]
    nxt = koffie.occurrences.filter(starts_at__date__gt=today + dt.timedelta(days=14)).first()
    if nxt:
        koffie.exdates = [timezone.localtime(nxt.original_start).date().isoformat()]
        koffie.save(update_fields=["exdates"])
        services.sync_occurrences(koffie, today=today)
    moved = koken.occurrences.filter(starts_at__date__gt=today + dt.timedelta(days=7)).first()
    if moved:
        moved.starts_at += dt.timedelta(days=1)
        moved.ends_at += dt.timedelta(days=1)
        moved.save(update_fields=["starts_at", "ends_at"])

    residents = ctx.data["residents"]
    now = timezone.now()
    regs, attendances, evaluations = [], [], []
    for act in activities:
        regulars = rng.sample(residents, min(len(residents), (act.capacity or 14) + 3))
        for occ in act.occurrences.all():
            past = occ.starts_at < now
            n = rng.randint(3, len(regulars))
            chosen = regulars[:n]
            seats = act.capacity or len(chosen)
            for i, person in enumerate(chosen):
                status = Registration.Status.REGISTERED if i < seats else Registration.Status.WAITING
                regs.append(Registration(occurrence=occ, person=person, status=status, on_behalf=i % 4 == 0))
                if past and status == Registration.Status.REGISTERED and rng.random() < 0.8:
                    attendances.append(Attendance(occurrence=occ, person=person))
            if past:
                occ.head_count = rng.randint(0, 6)
                occ.save(update_fields=["head_count"])
                for _i in range(rng.randint(1, 4)):
                    evaluations.append(
                        Evaluation(
                            occurrence=occ,
                            score=rng.choice([3, 4, 4, 5, 5]),
                            comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
                        )
                    )
    Registration.objects.bulk_create(regs)
    Attendance.objects.bulk_create(attendances)
    Evaluation.objects.bulk_create(evaluations)

    # The demo resident "bewoner" has a seat at the next Koffieklets, through the real rule.
    bewoner = Person.objects.filter(network=net, user=users.get("bewoner")).first()
    nxt = koffie.occurrences.filter(starts_at__gt=now, cancelled=False).first()
    if bewoner and nxt and not nxt.registrations.filter(person=bewoner).exists():
        Registration.objects.create(occurrence=nxt, person=bewoner, status=Registration.Status.REGISTERED)

    # Personal invitations for people who have not come yet and agreed to be contacted.
    coordinator = build_actor(users["coordinator"], net)
    candidates = list(services.invitation_candidates(coordinator, min_age=70, months=6)[:12])
    if not candidates:
        # Fall back to anyone with contact consent, so the page is never empty in the demo.
        candidates = list(
            persons_with_consent(Person.objects.filter(network=net), Consent.Purpose.CONTACT)[:12]
        )
    outcomes = list(Invitation.Outcome.values)
    for i, person in enumerate(candidates):
        Invitation.objects.create(
            network=net,
            person=person,
            activity=activities[i % 3],
            assigned_to=staff["vrijwilliger"] if i % 3 != 2 else None,
            channel=[Invitation.Channel.VISIT, Invitation.Channel.PHONE, Invitation.Channel.LETTER][i % 3],
            # Letters stay open for the first ones, so there is something to print in the demo.
            outcome=Invitation.Outcome.OPEN if i % 3 == 2 and i < 6 else outcomes[i % len(outcomes)],
            created_by=users["coordinator"],
        )
