from zorgzaam.organisations.models import Organisation

ORGANISATIONS = [
    (
        "OCMW Lindebeek",
        "municipality",
        "Sociale dienst: leefloon, budgetbegeleiding, woonondersteuning.",
        "053 70 10 10",
    ),
    (
        "Lokaal Dienstencentrum De Linde",
        "ldc",
        "Ontmoeting, maaltijden, vorming en een onthaal voor vragen.",
        "053 70 20 20",
    ),
    ("Thuiszorg Lindebeek", "home_care", "Gezinszorg, poetshulp en oppashulp aan huis.", "053 70 30 30"),
    (
        "CAW Oost-Vlaanderen, onthaal Lindebeek",
        "welfare",
        "Onthaal, schuldhulp, relatie- en woonvragen.",
        "078 15 15 15",
    ),
    (
        "Huisartsenpraktijk De Molen",
        "health",
        "Groepspraktijk met verpleegkundige en sociaal werker.",
        "053 70 40 40",
    ),
    (
        "Ziekenfonds Regio Aalst, dienst maatschappelijk werk",
        "mutuality",
        "Advies over premies, hulpmiddelen en mantelzorg.",
        "053 70 50 50",
    ),
    ("Buurtvereniging Kerkwijk vzw", "association", "Buurtfeesten, repair café en de soepkar.", ""),
    ("Bakkerij Van Damme", "business", "Bakker op de markt, dorpspunt en ophaalpunt.", "053 70 60 60"),
]


def build(ctx):
    for name, kind, description, phone in ORGANISATIONS:
        Organisation.objects.update_or_create(
            network=ctx.network,
            name=name,
            defaults={"kind": kind, "description": description, "phone": phone},
        )
    load(ctx)


def load(ctx):
    ctx.data["organisations"] = {o.name: o for o in Organisation.objects.filter(network=ctx.network)}
