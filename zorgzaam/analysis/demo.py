"""Demo: ~25 observations across the four areas, one survey with ~60 answers (some from paper),
the default hospiscore profile and two snapshots a year apart."""

from __future__ import annotations

import datetime as dt

from zorgzaam.analysis import hospiscore
from zorgzaam.analysis.models import Answer, Observation, Question, Response, Snapshot, Survey, SurveyToken
from zorgzaam.analysis.services import build_snapshot_data
from zorgzaam.people.models import Person

OBSERVATIONS = [
    (
        "centrum",
        "strength",
        "meeting",
        "walk",
        "Het plein bij de bib is 's middags vol: veel spontane babbels op de banken.",
    ),
    (
        "centrum",
        "strength",
        "volunteering",
        "conversation",
        "Een groep gepensioneerde buren wil graag klusjes doen voor anderen.",
    ),
    ("centrum", "need", "mobility", "walk", "Voetpaden in de Stationsstraat zijn te smal voor rollators."),
    (
        "centrum",
        "need",
        "information",
        "focus_group",
        "Veel bewoners kennen het lokaal dienstencentrum niet.",
    ),
    ("centrum", "strength", "care", "meeting", "Huisartsen en thuiszorg overleggen al maandelijks samen."),
    ("centrum", "need", "digital", "conversation", "Afspraken online maken lukt niet voor iedereen."),
    ("kerkwijk", "strength", "meeting", "walk", "Het buurthuis bij de kerk heeft een warme koffie-ochtend."),
    (
        "kerkwijk",
        "strength",
        "inclusion",
        "focus_group",
        "Nieuwkomers en oudere buren koken samen op vrijdag.",
    ),
    ("kerkwijk", "need", "housing", "conversation", "Veel oudere woningen zonder aangepaste badkamer."),
    ("kerkwijk", "need", "meeting", "walk", "Geen zitbank tussen de kerk en de bakker."),
    ("kerkwijk", "strength", "volunteering", "meeting", "De buurtambassadeurs kennen bijna elke straat."),
    ("kerkwijk", "need", "safety", "focus_group", "De onderdoorgang voelt 's avonds onveilig aan."),
    ("molenveld", "strength", "public_space", "walk", "De volkstuintjes brengen jong en oud samen."),
    (
        "molenveld",
        "need",
        "information",
        "conversation",
        "Mensen weten niet bij wie ze terechtkunnen met vragen.",
    ),
    ("molenveld", "need", "mobility", "walk", "De bushalte heeft geen schuilhuisje."),
    (
        "molenveld",
        "strength",
        "meeting",
        "meeting",
        "De sportclub wil haar kantine openstellen voor een buurtcafé.",
    ),
    ("molenveld", "need", "care", "focus_group", "Mantelzorgers voelen zich vaak alleen staan."),
    (
        "molenveld",
        "strength",
        "volunteering",
        "conversation",
        "Een jonge buurvrouw geeft graag digitale hulp.",
    ),
    ("heide", "need", "meeting", "walk", "Er is geen ontmoetingsplek in de wijk."),
    ("heide", "need", "mobility", "conversation", "Winkels zijn ver; wie niet meer rijdt, raakt geïsoleerd."),
    ("heide", "strength", "public_space", "walk", "Het bos en de wandelpaden worden veel gebruikt."),
    ("heide", "need", "information", "focus_group", "Folders komen niet aan bij wie weinig buitenkomt."),
    (
        "heide",
        "strength",
        "inclusion",
        "meeting",
        "De school wil met grootouders een voorleesproject starten.",
    ),
    ("heide", "need", "care", "conversation", "Wachtlijst voor gezinszorg is lang in de wijk."),
    ("heide", "strength", "volunteering", "walk", "Buren houden een oogje in het zeil bij wie alleen woont."),
]


def _survey(ctx, coordinator, areas):
    rng = ctx.rng
    s = Survey.objects.create(
        network=ctx.network,
        title="Buurtbevraging: hoe zorgzaam is onze buurt?",
        intro="Deze bevraging is anoniem. Uw antwoorden helpen ons de buurt beter te maken.",
        status=Survey.Status.OPEN,
        created_by=coordinator,
    )
    q1 = Question.objects.create(
        survey=s, order=0, kind="likert", text="Ik voel me thuis in mijn buurt.", required=True
    )
    q2 = Question.objects.create(
        survey=s,
        order=1,
        kind="single",
        text="Hoe vaak praat u met een buur?",
        choices=["Dagelijks", "Wekelijks", "Zelden"],
    )
    q3 = Question.objects.create(
        survey=s,
        order=2,
        kind="multiple",
        text="Waarbij zou u een buur willen helpen?",
        choices=["Boodschappen", "Een babbel", "Vervoer", "Klusjes", "Digitale hulp"],
    )
    q4 = Question.objects.create(survey=s, order=3, kind="open", text="Wat mist u in de buurt?")
    open_texts = [
        "Een bank om te rusten",
        "Een buurtfeest",
        "Een plek om samen koffie te drinken",
        "Meer groen",
        "",
    ]
    slugs = list(areas)
    # Residents who answer online with their login (so they count as reached); the oldest answer
    # less often online, which the reach table then shows.
    year = ctx_now().year
    residents = [p for p in ctx.data.get("residents", []) if p.area_id]
    weighted = [
        p for p in residents for _w in range(1 if (p.birth_year and year - p.birth_year >= 80) else 4)
    ]
    rng.shuffle(weighted)
    answering, seen = [], set()
    for p in weighted:
        if p.pk not in seen:
            seen.add(p.pk)
            answering.append(p)
    for i in range(60):
        area = areas[slugs[i % 4]]
        paper = i % 5 == 0
        tok, person = None, None
        if not paper and i % 5 != 1 and answering:
            person = answering.pop()
            area = person.area
        elif not paper:
            tok = SurveyToken.objects.create(
                survey=s, token=f"demo-{i:03d}-{rng.randint(1000, 9999)}", used_at=ctx_now()
            )
        r = Response.objects.create(
            survey=s,
            area=area,
            token=tok,
            person=person,
            channel="paper" if paper else "online",
            entered_by=coordinator if paper else None,
        )
        base = {"centrum": 4, "kerkwijk": 4, "molenveld": 3, "heide": 2}.get(area.slug, 3)
        Answer.objects.bulk_create(
            [
                Answer(response=r, question=q1, number=max(1, min(5, base + rng.choice([-1, 0, 0, 1])))),
                Answer(response=r, question=q2, choices=[rng.choice(q2.choices)]),
                Answer(response=r, question=q3, choices=rng.sample(q3.choices, rng.randint(1, 3))),
                Answer(response=r, question=q4, text=rng.choice(open_texts)),
            ]
        )
    return s


def ctx_now():
    from django.utils import timezone

    return timezone.now()


def build(ctx):
    areas = ctx.data["areas"]
    users = ctx.data.get("users", {})
    coordinator = Person.objects.filter(network=ctx.network, user=users.get("coordinator")).first()
    today = dt.date.today()
    objs = []
    for i, (slug, kind, theme, source, text) in enumerate(OBSERVATIONS):
        objs.append(
            Observation(
                network=ctx.network,
                area=areas[slug],
                kind=kind,
                theme=theme,
                source=source,
                text=text,
                place="",
                observed_on=today - dt.timedelta(days=20 + 25 * i),
                shareable=i % 3 == 0,
                created_by=coordinator,
            )
        )
    Observation.objects.bulk_create(objs)
    _survey(ctx, coordinator, areas)
    profile = hospiscore.ensure_default_profile(ctx.network)
    k = ctx.network.k_anonymity
    for label, when in (
        ("Buurtanalyse vorig jaar", today - dt.timedelta(days=365)),
        ("Buurtanalyse nu", today),
    ):
        Snapshot.objects.create(
            network=ctx.network,
            taken_on=when,
            label=label,
            data=build_snapshot_data(ctx.network, k, profile, when),
            created_by=coordinator,
        )
    ctx.data["observations"] = list(Observation.objects.filter(network=ctx.network))
    ctx.data["snapshots"] = list(Snapshot.objects.filter(network=ctx.network))
    ctx.log(f"    {len(objs)} observations, 60 survey answers, 2 snapshots")


def load(ctx):
    ctx.data["observations"] = list(Observation.objects.filter(network=ctx.network))
    ctx.data["snapshots"] = list(Snapshot.objects.filter(network=ctx.network))
