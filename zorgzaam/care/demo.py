"""Demo care pathway: ~40 signals and ~30 requests over the four areas, in every state, with matches,
referrals, feedback and policy tags. Built through the services so every rule and timeline holds."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from zorgzaam.care import services
from zorgzaam.care.models import Match, Request, Signal, TimelineEntry
from zorgzaam.care.themes import ensure_themes
from zorgzaam.people.actor import build_actor
from zorgzaam.people.models import Consent, Person, PersonTag, Role, RoleAssignment, Tag
from zorgzaam.socialmap.models import Service
from zorgzaam.volunteers.models import SafeguardingRecord, VolunteerProfile

SIGNAL_TEXTS = [
    ("loneliness", "Komt sinds het overlijden van de partner niet meer naar de koffienamiddag."),
    ("mobility", "Raakt moeilijk de trap af en doet geen boodschappen meer."),
    ("housing", "Vocht en schimmel in de slaapkamer, de huisbaas reageert niet."),
    ("money", "Rekeningen blijven liggen, er kwam al een aanmaning van de energieleverancier."),
    ("health", "Lijkt vergeetachtig, vergeet soms de pillen."),
    ("digital", "Kan de nieuwe bankapp niet gebruiken en durft niet te vragen."),
    ("paperwork", "Brief van de belastingen begrepen? Nee, ligt al weken op tafel."),
    ("safety", "Rookmelder piept al dagen, valt 's nachts soms in de gang."),
    ("care_at_home", "Dochter woont ver weg, wassen en aankleden lukt steeds minder."),
    ("informal_carer", "Zorgt alleen voor de partner met dementie en is zelf uitgeput."),
]
REQUEST_TEXTS = [
    ("loneliness", "company", "Zou graag wekelijks iemand over de vloer hebben voor een babbel."),
    ("mobility", "transport", "Vervoer nodig naar het ziekenhuis voor controle op dinsdag."),
    ("mobility", "shopping", "Hulp bij de wekelijkse boodschappen."),
    ("digital", "digital", "Uitleg over de smartphone en itsme."),
    ("paperwork", "paperwork", "Hulp bij het invullen van de premie-aanvraag."),
    ("housing", "odd_jobs", "Een lamp en een gordijnrail die hangen moeten."),
    ("loneliness", "walking", "Samen een wandeling maken, alleen lukt het niet meer."),
    ("money", "paperwork", "Overzicht krijgen in de rekeningen."),
    ("care_at_home", "cooking", "Af en toe een warme maaltijd samen koken."),
    ("informal_carer", "listening", "Even op adem komen: iemand die luistert of oppast."),
]
SOURCES = [
    "visit",
    "phone",
    "desk",
    "neighbour",
    "shopkeeper",
    "volunteer",
    "partner",
    "professional",
    "checkin",
]
SERVICES = [
    ("Thuiszorg Lindebeek", "Gezinszorg en poetshulp", "Hulp bij huishouden en persoonsverzorging."),
    ("CAW Oost-Vlaanderen, onthaal Lindebeek", "Schuldhulpverlening", "Samen orde brengen in schulden."),
    ("OCMW Lindebeek", "Budgetbegeleiding", "Begeleiding bij het beheer van het budget."),
    ("Ziekenfonds Regio Aalst, dienst maatschappelijk werk", "Mantelzorgondersteuning", "Advies en premies."),
]
# The lifecycle each demo request ends in (30 in total).
PLAN = (
    ["new"] * 4
    + ["triaged"] * 3
    + ["triaged_after_decline"] * 1
    + ["matched"] * 4
    + ["referred"] * 2
    + ["referred_info"] * 1
    + ["referred_declined"] * 1
    + ["in_progress"] * 3
    + ["in_progress_joint"] * 2
    + ["closed"] * 5
    + ["withdrawn"] * 3
    + ["closed_referral"] * 1
)


def _services(ctx):
    orgs = ctx.data.get("organisations", {})
    if not Service.objects.filter(organisation__network=ctx.network).exists():
        for org_name, name, desc in SERVICES:
            if org_name in orgs:
                Service.objects.create(organisation=orgs[org_name], name=name, description=desc)
    return list(
        Service.objects.filter(
            organisation__network=ctx.network, active=True, accepts_referrals=True
        ).select_related("organisation")
    )


def _volunteers(ctx, today):
    helpers = []
    talents = list(
        Tag.objects.filter(
            network__isnull=True,
            code__in=[
                "company",
                "shopping",
                "transport",
                "digital",
                "paperwork",
                "walking",
                "odd_jobs",
                "listening",
                "cooking",
            ],
        )
    )
    for username in ("vrijwilliger", "buddy"):
        user = ctx.data.get("users", {}).get(username)
        person = Person.objects.filter(network=ctx.network, user=user).first() if user else None
        if person is None:
            person = Person.objects.create(
                network=ctx.network,
                first_name=username.capitalize(),
                last_name="Demo",
                area=ctx.data["areas"]["kerkwijk"],
            )
        if not person.roles.filter(role=Role.VOLUNTEER, active=True).exists():
            RoleAssignment.objects.create(person=person, role=Role.VOLUNTEER)
        VolunteerProfile.objects.get_or_create(
            person=person,
            defaults={
                "max_active_tasks": 6,
                "max_distance_km": 5.0,
                "started_on": today - dt.timedelta(days=400),
            },
        )
        for kind in ("criminal_record", "insurance"):
            SafeguardingRecord.objects.get_or_create(
                person=person,
                kind=kind,
                defaults={
                    "issued_on": today - dt.timedelta(days=60),
                    "valid_until": today + dt.timedelta(days=305),
                },
            )
        for tag in talents:
            PersonTag.objects.get_or_create(person=person, tag=tag, kind="talent")
        helpers.append(person)
    # Residents who offered a talent help too (some with a profile and screening).
    offered = list(
        Person.objects.filter(
            network=ctx.network, tags__kind="talent", user__isnull=True, anonymised_at__isnull=True
        )
        .distinct()
        .order_by("id")[:25]
    )
    for i, p in enumerate(offered):
        VolunteerProfile.objects.get_or_create(
            person=p, defaults={"max_active_tasks": 2, "max_distance_km": 3.0}
        )
        if i % 3 == 0:
            for kind in ("criminal_record", "insurance"):
                SafeguardingRecord.objects.get_or_create(
                    person=p, kind=kind, defaults={"issued_on": today - dt.timedelta(days=30)}
                )
    return helpers, offered


def _share(person, org, by):
    Consent.objects.create(
        person=person,
        purpose="share",
        organisation=org,
        granted=True,
        channel="spoken",
        recorded_by=by,
        on_behalf=True,
    )


def build(ctx):
    rng = ctx.rng
    net = ctx.network
    today = timezone.localdate()
    ensure_themes()
    users = ctx.data["users"]
    areas = ctx.data["areas"]
    coordinator = build_actor(users["coordinator"], net)
    coaches = {"centrum": build_actor(users["coach"], net), "heide": build_actor(users["coach2"], net)}
    owners = {slug: (coaches[slug].person if slug in coaches else coordinator.person) for slug in areas}
    service_list = _services(ctx)
    partnered = [
        s for s in service_list if s.organisation.staff.filter(role=Role.PARTNER, active=True).exists()
    ]
    named_helpers, offered = _volunteers(ctx, today)
    residents = [p for p in ctx.data["residents"] if p.area_id]
    rng.shuffle(residents)
    bewoner = Person.objects.filter(network=net, user=users.get("bewoner")).first()

    def actor_for(person):
        slug = next((s for s, a in areas.items() if a.pk == person.area_id), None)
        return coaches.get(slug, coordinator)

    # --- signals: 30 about known people, 10 about people not (yet) known by name -------------------
    signals = []
    for i in range(30):
        person = residents[i]
        theme, text = SIGNAL_TEXTS[i % len(SIGNAL_TEXTS)]
        consent = rng.choices(["given", "refused", "not_possible"], weights=[7, 1, 2])[0]
        signals.append(
            services.record_signal(
                actor_for(person),
                person=person,
                description=text,
                themes=[theme],
                urgency=rng.choice(["low", "normal", "normal", "high", "urgent"]),
                consent_status=consent,
                consent_reason="Niemand thuis, de buurvrouw meldde het." if consent == "not_possible" else "",
                source=rng.choice(SOURCES),
            )
        )
    for i in range(10):
        theme, text = SIGNAL_TEXTS[(i + 3) % len(SIGNAL_TEXTS)]
        known = residents[40 + i]
        address = (
            f"{known.street} {known.house_number}"
            if i < 6
            else f"Ergens in de {rng.choice(['Bosweg', 'Molenveld'])}"
        )
        services.record_signal(
            build_actor(users["vrijwilliger"], net),
            address_text=address,
            description_of_person=rng.choice(
                ["Oudere man met wandelstok", "Vrouw van rond de 80", "Jong gezin, 3 kinderen"]
            ),
            description=text,
            themes=[theme],
            urgency="normal",
            consent_status="not_possible",
            consent_reason="Nog geen contact gehad met de persoon.",
            source="volunteer",
            area=None if i < 6 else areas["heide"],
        )
    for sig in signals[24:27]:
        services.close_signal(actor_for(sig.person), sig)

    # --- requests ------------------------------------------------------------------------------------
    helper_cycle = named_helpers * 3 + offered
    h = 0

    def next_helper(exclude):
        nonlocal h
        while True:
            cand = helper_cycle[h % len(helper_cycle)]
            h += 1
            if cand.pk != exclude.pk:
                return cand

    requests = []
    for i, outcome in enumerate(PLAN):
        theme, need_code, text = REQUEST_TEXTS[i % len(REQUEST_TEXTS)]
        need = Tag.objects.filter(network__isnull=True, code=need_code).first()
        if i < 18 and signals[i].status == Signal.Status.OPEN:
            person = signals[i].person
            actor = actor_for(person)
            req = services.request_from_signal(
                actor, signals[i], owner=owners[person.area.slug], needs=[need] if need else []
            )
        else:
            person = bewoner if (i in (20, 27) and bewoner) else residents[60 + i]
            actor = actor_for(person)
            if i % 3 == 0 and person.user_id:
                req = services.create_request(
                    build_actor(person.user, net), person=person, description=text, themes=[theme]
                )
            else:
                req = services.create_request(
                    actor,
                    person=person,
                    description=text,
                    themes=[theme],
                    needs=[need] if need else [],
                    origin=rng.choice(["phone", "desk"]),
                    owner=owners[person.area.slug] if person.area_id else None,
                )
        requests.append(req)
        if outcome == "new":
            continue
        services.triage(
            actor,
            req,
            owner=req.owner or owners.get(getattr(person.area, "slug", "centrum")),
            note="Huisbezoek gedaan, vraag is duidelijk.",
        )
        if outcome == "triaged":
            continue
        if outcome == "triaged_after_decline":
            m = services.propose_match(actor, req, named_helpers[1])
            services.decline_match(
                build_actor(named_helpers[1].user, net), m, too_heavy=False, note="Die week op reis."
            )
            continue
        if outcome == "withdrawn":
            helper = next_helper(person)
            services.propose_match(actor, req, helper)
            services.withdraw_request(actor, req, note="Familie neemt het over.")
            continue
        if outcome.startswith("referred") or outcome in ("in_progress_joint", "closed_referral"):
            pool = partnered if outcome != "referred" and partnered else service_list
            svc = pool[i % len(pool)] if pool else None
            if svc is not None:
                _share(person, svc.organisation, users["coordinator"])
                ref = services.create_referral(
                    actor, req, service=svc, message="Graag contact opnemen; de bewoner is op de hoogte."
                )
                partner_staff = svc.organisation.staff.filter(role=Role.PARTNER, active=True).first()
                partner = (
                    build_actor(partner_staff.person.user, net)
                    if partner_staff and partner_staff.person.user
                    else None
                )
                if partner is not None and outcome == "referred_declined":
                    services.respond_referral(
                        partner, ref, status="declined", note="Geen plaats meer deze maand."
                    )
                elif partner is not None and outcome == "referred_info":
                    services.respond_referral(
                        partner, ref, status="info_requested", note="Is er een mantelzorger?"
                    )
                elif partner is not None and outcome in ("in_progress_joint", "closed_referral"):
                    services.respond_referral(partner, ref, status="accepted", note="Opstart volgende week.")
                    if outcome == "closed_referral":
                        services.respond_referral(
                            partner, ref, status="closed", outcome="Gezinszorg 2x per week gestart."
                        )
            if outcome.startswith("referred"):
                continue
        if outcome == "in_progress_joint":
            helper = named_helpers[i % 2]
            m = services.propose_match(actor, req, helper)
            if helper.user_id:
                services.accept_match(build_actor(helper.user, net), m)
            continue
        if outcome == "closed_referral":
            services.close_request(
                actor,
                req,
                outcome="solved",
                outcome_note="De partner heeft het overgenomen.",
                resident_verdict=3,
                resident_verdict_note="Heel goed geholpen.",
            )
            continue
        helper = next_helper(person)
        m = services.propose_match(actor, req, helper)
        if outcome == "matched":
            continue
        helper_actor = build_actor(helper.user, net) if helper.user_id else None
        if helper_actor is not None:
            services.accept_match(helper_actor, m)
            services.start_match(helper_actor, m)
        else:  # a neighbour without login: the professional records it for them
            Match.objects.filter(pk=m.pk).update(state="in_progress")
            services.start_request(actor, req, note="Buurman belde: hij is gestart.")
        if outcome == "in_progress":
            continue
        # closed: task done with feedback from both sides
        rating = rng.choice([2, 3, 3, 3])
        if helper_actor is not None:
            services.finish_match(
                helper_actor, m, rating=rating, feedback="Fijn contact, we drinken koffie samen."
            )
        else:
            Match.objects.filter(pk=m.pk).update(
                state="done", helper_rating=rating, helper_feedback="Graag gedaan.", ended_at=timezone.now()
            )
        services.give_feedback(actor, m, rating=rng.choice([2, 3]), feedback="Blij met de hulp.")
        services.close_request(
            actor,
            req,
            outcome=rng.choice(["solved", "solved", "partly", "no_longer_needed"]),
            outcome_note="Vraag beantwoord, contact blijft.",
            resident_verdict=rng.choice([2, 3, 3]),
            resident_verdict_note="Dankjewel!",
        )
    # one too-heavy story, returned to the professional
    req = next(r for r, o in zip(requests, PLAN, strict=True) if o == "triaged")
    actor = actor_for(req.person)
    m = services.propose_match(actor, req, named_helpers[0])
    vol = build_actor(named_helpers[0].user, net)
    services.accept_match(vol, m)
    services.decline_match(vol, m, too_heavy=True, note="Er is meer zorg nodig dan ik kan geven.")

    # --- policy tags: structural bottlenecks --------------------------------------------------------
    housing_money = [
        r for r in requests if r.themes.filter(code__in=["housing", "money", "mobility"]).exists()
    ]
    for r in housing_money[:8]:
        code = r.themes.first().code
        services.tag_policy(
            actor_for(r.person),
            r,
            theme=code,
            note={
                "housing": "Te weinig betaalbare aangepaste woningen",
                "money": "Energiefacturen te hoog voor kleine pensioenen",
                "mobility": "Geen busverbinding meer naar het ziekenhuis",
            }.get(code, ""),
        )
    for s in signals[:12]:
        if s.themes.filter(code__in=["housing", "money", "mobility"]).exists():
            services.tag_policy(actor_for(s.person), s, theme=s.themes.first().code, note="Komt vaak terug")

    # --- spread everything over the last three months --------------------------------------------------
    for r in Request.objects.filter(network=net):
        shift = dt.timedelta(days=rng.randint(3, 90), hours=rng.randint(0, 8))
        Request.objects.filter(pk=r.pk).update(
            created_at=F("created_at") - shift, last_activity_at=F("last_activity_at") - shift
        )
        TimelineEntry.objects.filter(request=r).update(at=F("at") - shift)
    for s in Signal.objects.filter(network=net):
        Signal.objects.filter(pk=s.pk).update(
            created_at=F("created_at") - dt.timedelta(days=rng.randint(1, 100))
        )
    ctx.log(
        f"    {Signal.objects.filter(network=net).count()} signals, {len(requests)} requests, "
        f"{Match.objects.filter(request__network=net).count()} matches"
    )
