"""About 300 residents of Lindebeek, staff in every role, tags, languages and consents in all states."""

from django.contrib.auth import get_user_model

from zorgzaam.core.demo import DEMO_PASSWORD
from zorgzaam.people.models import (
    Consent,
    Language,
    Person,
    PersonTag,
    Role,
    RoleAssignment,
    Tag,
    VolunteerKind,
)
from zorgzaam.people.reference import ensure_languages, ensure_tags, ensure_volunteer_kinds

FIRST_OLD = [
    "Maria",
    "Jozef",
    "Godelieve",
    "Marcel",
    "Agnes",
    "Roger",
    "Simonne",
    "Frans",
    "Rosa",
    "Willy",
    "Georgette",
    "Albert",
    "Martha",
    "André",
    "Yvonne",
    "Lucien",
    "Paula",
    "Gilbert",
    "Denise",
    "Julien",
    "Germaine",
    "Omer",
    "Irène",
    "Raymond",
    "Madeleine",
    "Jeanine",
    "Florent",
    "Mariette",
]
FIRST_YOUNG = [
    "Lotte",
    "Wout",
    "Emma",
    "Noah",
    "Sarah",
    "Thomas",
    "Fatima",
    "Mohamed",
    "Yasmine",
    "Ayoub",
    "Elif",
    "Mehmet",
    "Oksana",
    "Piotr",
    "Jana",
    "Lars",
    "Nina",
    "Bram",
    "Amina",
    "Youssef",
    "Hanne",
    "Jens",
    "Ilse",
    "Kobe",
    "Sofie",
    "Dries",
    "Aïcha",
    "Tomasz",
]
FIRST_FR = [
    "Jean",
    "Marie-Claire",
    "Françoise",
    "Philippe",
    "Nathalie",
    "Michel",
    "Isabelle",
    "Luc",
    "Anne-Sophie",
    "Benoît",
    "Chantal",
    "Pierre",
    "Véronique",
    "Didier",
]
LAST = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Van Damme",
    "De Backer",
    "Verhaegen",
    "Van den Broeck",
    "De Clercq",
    "Vermeulen",
    "Hermans",
    "Pauwels",
    "Bogaert",
    "Dubois",
    "Lambert",
    "Dupont",
    "Leroy",
    "Lemaire",
    "El Amrani",
    "Yilmaz",
    "Kowalski",
    "Bouzid",
    "Nowak",
    "Van Hecke",
    "D'Hondt",
    "Cooreman",
    "Van der Linden",
    "Schepens",
]
STREETS = {
    "centrum": ["Markt", "Kerkstraat", "Stationsstraat", "Molenstraat", "Schoolstraat", "Nieuwstraat"],
    "kerkwijk": ["Pastoriestraat", "Lindenlaan", "Rozenstraat", "Kapelleweg", "Sint-Jozefsplein"],
    "molenveld": ["Molenveld", "Populierenlaan", "Beukenhof", "Kastanjedreef", "Ter Walle"],
    "heide": ["Heidestraat", "Bosweg", "Kouterdreef", "Broekstraat", "Hoevestraat"],
}
POSTCODE = "9471"
MUNICIPALITY = "Lindebeek"

STAFF = [
    # username, first, last, role, area slug or None, volunteer kind, organisation name, may_assist
    ("coordinator", "Katrien", "Van Acker", Role.COORDINATOR, None, None, None, False),
    ("coach", "Jonas", "De Wilde", Role.PROFESSIONAL, "centrum", None, None, False),
    ("coach2", "Leila", "Benali", Role.PROFESSIONAL, "heide", None, None, False),
    ("vrijwilliger", "Hilde", "Vercauteren", Role.VOLUNTEER, "kerkwijk", "buurtambassadeur", None, True),
    ("buddy", "Pieter", "Moens", Role.VOLUNTEER, None, "buddy", None, False),
    ("partner", "Sandrine", "Lefèvre", Role.PARTNER, None, None, "Thuiszorg Lindebeek", False),
    ("caw", "Bart", "Steenssens", Role.PARTNER, None, None, "CAW Oost-Vlaanderen, onthaal Lindebeek", False),
    ("beleid", "Eva", "Huysman", Role.POLICY, None, None, None, False),
    ("bewoner", "Maria", "Peeters", Role.RESIDENT, "kerkwijk", None, None, False),
]


def _phone(rng) -> str:
    return f"0{rng.randint(470, 499)} " + " ".join(str(rng.randint(10, 99)) for _ in range(3))


def _point(rng, bounds):
    lon0, lat0, lon1, lat1 = bounds
    return round(rng.uniform(lat0 + 0.001, lat1 - 0.001), 6), round(
        rng.uniform(lon0 + 0.001, lon1 - 0.001), 6
    )


def build(ctx):
    rng = ctx.rng
    ensure_languages()
    ensure_tags()
    ensure_volunteer_kinds()
    User = get_user_model()
    areas = ctx.data["areas"]
    bounds = ctx.data["area_bounds"]
    orgs = ctx.data["organisations"]
    langs = {lang.code: lang for lang in Language.objects.all()}
    tags = list(Tag.objects.filter(network__isnull=True))
    kinds = {k.code: k for k in VolunteerKind.objects.filter(network__isnull=True)}
    coordinator_user = None

    for username, first, last, role, area_slug, kind, org, may_assist in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@lindebeek.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        area_for_home = areas[area_slug] if area_slug else areas["centrum"]
        lat, lon = _point(rng, bounds[area_for_home.slug])
        person, _ = Person.objects.get_or_create(
            network=ctx.network,
            user=user,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": user.email,
                "area": area_for_home,
                "street": rng.choice(STREETS[area_for_home.slug]),
                "house_number": str(rng.randint(1, 120)),
                "postcode": POSTCODE,
                "municipality": MUNICIPALITY,
                "latitude": lat,
                "longitude": lon,
                "birth_year": rng.randint(1950, 1995),
                "contact_preferences": ["email", "phone"],
                "capacity": Person.Capacity.SOME,
                "availability": ["mon_pm", "wed_am", "thu_pm"],
            },
        )
        person.languages.add(langs["nl"])
        RoleAssignment.objects.get_or_create(
            person=person,
            role=role,
            area=areas[area_slug] if area_slug and role != Role.RESIDENT else None,
            volunteer_kind=kinds.get(kind) if kind else None,
            organisation=orgs.get(org) if org else None,
            defaults={"may_assist": may_assist},
        )
        if role == Role.PROFESSIONAL and username == "coach":
            RoleAssignment.objects.get_or_create(person=person, role=role, area=areas["kerkwijk"])
        if role == Role.PROFESSIONAL and username == "coach2":
            RoleAssignment.objects.get_or_create(person=person, role=role, area=areas["molenveld"])
        if role == Role.VOLUNTEER:
            for t in rng.sample(tags, 3):
                PersonTag.objects.get_or_create(person=person, tag=t, kind=PersonTag.Kind.TALENT)
        if username == "coordinator":
            coordinator_user = user

    area_list = list(areas.values())
    weights = [1.2, 1.3, 1.0, 0.6]
    residents = []
    for i in range(300):
        area = rng.choices(area_list, weights=weights[: len(area_list)])[0]
        age_group = rng.random()
        if age_group < 0.45:
            birth_year, first_pool = rng.randint(1930, 1955), FIRST_OLD
        elif age_group < 0.8:
            birth_year, first_pool = rng.randint(1956, 1985), FIRST_YOUNG + FIRST_OLD[:6]
        else:
            birth_year, first_pool = rng.randint(1986, 2006), FIRST_YOUNG
        french = rng.random() < 0.12
        first = rng.choice(FIRST_FR if french else first_pool)
        lat, lon = _point(rng, bounds[area.slug])
        lives_alone = rng.random() < (0.55 if birth_year < 1950 else 0.25)
        prefs = rng.sample(["phone", "post", "visit", "desk", "email"], rng.randint(1, 3))
        if birth_year < 1945 and "email" in prefs:
            prefs.remove("email")
        p = Person(
            network=ctx.network,
            first_name=first,
            last_name=rng.choice(LAST),
            birth_year=birth_year,
            street=rng.choice(STREETS[area.slug]),
            house_number=str(rng.randint(1, 140)),
            postcode=POSTCODE,
            municipality=MUNICIPALITY,
            latitude=lat,
            longitude=lon,
            area=area,
            lives_alone=lives_alone,
            household_size=1 if lives_alone else rng.randint(2, 5),
            phone=_phone(rng),
            email=f"bewoner{i}@example.org" if "email" in prefs else "",
            contact_preferences=prefs,
            capacity=rng.choice(list(Person.Capacity.values) + [None]),
            availability=rng.sample(list(Person.Slot.values), rng.randint(0, 4)),
        )
        residents.append((p, french))
    Person.objects.bulk_create([p for p, _ in residents])
    created = list(Person.objects.filter(network=ctx.network, user__isnull=True).order_by("id"))
    lang_links, tag_links, consents = [], [], []
    Through = Person.languages.through
    for (_unsaved, french), p in zip(residents, created, strict=True):
        codes = ["fr"] if french else ["nl"]
        if rng.random() < 0.2:
            codes.append(rng.choice(["fr", "en", "ar", "tr", "pl", "uk"]))
        for code in set(codes):
            lang_links.append(Through(person_id=p.pk, language_id=langs[code].pk))
        picked = rng.sample(tags, 4)
        tag_links.append(PersonTag(person=p, tag=picked[0], kind=PersonTag.Kind.TALENT))
        if rng.random() < 0.6:
            tag_links.append(PersonTag(person=p, tag=picked[1], kind=PersonTag.Kind.TALENT, note="graag"))
        if rng.random() < 0.5:
            tag_links.append(PersonTag(person=p, tag=picked[2], kind=PersonTag.Kind.NEED))
        if rng.random() < 0.3:
            tag_links.append(PersonTag(person=p, tag=picked[3], kind=PersonTag.Kind.DREAM))
        r = rng.random()
        channel = rng.choice(Consent.Channel.values)
        if r < 0.7:
            consents.append(
                Consent(
                    person=p,
                    purpose="contact",
                    granted=True,
                    channel=channel,
                    recorded_by=coordinator_user,
                    on_behalf=True,
                )
            )
        elif r < 0.8:
            consents.append(
                Consent(
                    person=p,
                    purpose="contact",
                    granted=False,
                    channel=channel,
                    recorded_by=coordinator_user,
                    on_behalf=True,
                )
            )
        if rng.random() < 0.8:
            consents.append(
                Consent(
                    person=p,
                    purpose="statistics",
                    granted=True,
                    channel=channel,
                    recorded_by=coordinator_user,
                    on_behalf=True,
                )
            )
        if rng.random() < 0.25:
            org = rng.choice(list(ctx.data["organisations"].values()))
            consents.append(
                Consent(
                    person=p,
                    purpose="share",
                    organisation=org,
                    granted=True,
                    channel="spoken",
                    recorded_by=coordinator_user,
                    on_behalf=True,
                )
            )
        if rng.random() < 0.3:
            consents.append(
                Consent(
                    person=p,
                    purpose="photos",
                    granted=rng.random() < 0.6,
                    channel="paper",
                    recorded_by=coordinator_user,
                    on_behalf=True,
                )
            )
    Through.objects.bulk_create(lang_links)
    PersonTag.objects.bulk_create(tag_links)
    Consent.objects.bulk_create(consents)
    # A withdrawal, so the history shows both states.
    withdrawn = created[0]
    Consent.objects.create(
        person=withdrawn,
        purpose="contact",
        granted=False,
        channel="spoken",
        recorded_by=coordinator_user,
        on_behalf=True,
        note="Wil niet meer gebeld worden.",
    )
    ctx.log(f"    {len(created)} residents, {len(STAFF)} staff logins")
    load(ctx)


def load(ctx):
    User = get_user_model()
    ctx.data["users"] = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in STAFF])}
    ctx.data["residents"] = list(
        Person.objects.filter(network=ctx.network, user__isnull=True, anonymised_at__isnull=True).order_by(
            "id"
        )
    )
