"""Demo social map for Lindebeek: 2-4 services per demo organisation, with hours, points inside the
demo areas, one entry claimed by the demo partner user and one outdated report."""

import datetime as dt

from django.utils import timezone

from zorgzaam.people.models import Language
from zorgzaam.socialmap import taxonomy
from zorgzaam.socialmap.models import (
    Category,
    EditorClaim,
    OrganisationProfile,
    OutdatedReport,
    Service,
    ServiceSchedule,
    TargetGroup,
)

WEEKDAYS = [0, 1, 2, 3, 4]

# organisation -> [(name, description, categories, target groups, area slug for the point,
#   areas served, languages, cost, cost note, hours [(days, open, close)], hours note, accessibility, extra)]
SERVICES = {
    "OCMW Lindebeek": [
        (
            "Sociale dienst: onthaal",
            "Vragen over leefloon, huurpremie, energie en sociale tarieven. "
            "Zonder afspraak in de voormiddag.",
            ["admin-money"],
            ["everyone"],
            "centrum",
            [],
            ["nl", "fr", "en"],
            "free",
            "",
            [(WEEKDAYS, "09:00", "12:00"), ([1, 3], "13:30", "16:30")],
            "Namiddag enkel op afspraak.",
            ["wheelchair_accessible", "hearing_loop"],
            {"address": "Marktplein 1"},
        ),
        (
            "Budgetbegeleiding",
            "Samen uw inkomsten en uitgaven op een rij zetten en betalingsachterstand aanpakken.",
            ["admin-money"],
            ["everyone", "families"],
            "centrum",
            [],
            ["nl"],
            "free",
            "",
            [([0, 2], "09:00", "12:00")],
            "",
            ["wheelchair_accessible", "home_visits"],
            {"address": "Marktplein 1"},
        ),
        (
            "Sociaal huis: woonloket",
            "Hulp bij het zoeken naar een betaalbare woning en aanpassingen aan uw huis.",
            ["housing"],
            ["elderly", "disability", "everyone"],
            "centrum",
            [],
            ["nl", "fr"],
            "free",
            "",
            [([3], "09:00", "12:00")],
            "",
            ["wheelchair_accessible", "easy_read"],
            {"address": "Marktplein 1"},
        ),
    ],
    "Lokaal Dienstencentrum De Linde": [
        (
            "Middagmaal in de cafetaria",
            "Warme maaltijd met soep en dessert, elke weekdag samen aan tafel.",
            ["meals", "social-contact"],
            ["elderly", "everyone"],
            "centrum",
            [],
            ["nl"],
            "contribution",
            "€ 7,50 (€ 5 met verhoogde tegemoetkoming)",
            [(WEEKDAYS, "11:45", "13:30")],
            "Inschrijven tot de dag ervoor.",
            ["wheelchair_accessible", "hearing_loop"],
            {"address": "Lindestraat 12"},
        ),
        (
            "Digibank: hulp met smartphone en computer",
            "Vrijwilligers helpen met itsme, online bankieren en e-mail.",
            ["digital-help"],
            ["elderly", "newcomers"],
            "centrum",
            [],
            ["nl", "en"],
            "free",
            "",
            [([1], "14:00", "16:00")],
            "",
            ["wheelchair_accessible", "easy_read"],
            {"address": "Lindestraat 12"},
        ),
        (
            "Minder Mobielen Centrale",
            "Vrijwillige chauffeurs voor een dokterbezoek of boodschap, "
            "voor wie moeilijk met het openbaar vervoer kan.",
            ["transport"],
            ["elderly", "disability"],
            "centrum",
            [],
            ["nl"],
            "price",
            "€ 0,40 per km + jaarlidmaatschap € 12",
            [(WEEKDAYS, "09:00", "11:00")],
            "Rit minstens twee werkdagen vooraf aanvragen.",
            ["phone_only"],
            {"address": "Lindestraat 12"},
        ),
        (
            "Praatcafé",
            "Elke week een koffie en een babbel, iedereen welkom.",
            ["social-contact"],
            ["everyone"],
            "centrum",
            [],
            ["nl", "fr"],
            "free",
            "",
            [([4], "14:00", "16:30")],
            "",
            ["wheelchair_accessible"],
            {"address": "Lindestraat 12"},
        ),
    ],
    "Thuiszorg Lindebeek": [
        (
            "Gezinszorg",
            "Verzorgenden helpen bij wassen, aankleden, huishouden en boodschappen.",
            ["home-care"],
            ["elderly", "disability", "families"],
            "kerkwijk",
            [],
            ["nl", "fr"],
            "price",
            "Volgens inkomen, vanaf € 1,20 per uur",
            [(WEEKDAYS, "08:30", "16:30")],
            "",
            ["home_visits"],
            {"address": "Stationsstraat 40"},
        ),
        (
            "Poetshulp",
            "Hulp bij het poetsen van uw woning, met dienstencheques.",
            ["home-care"],
            ["elderly", "everyone"],
            "kerkwijk",
            [],
            ["nl"],
            "price",
            "Dienstencheques",
            [(WEEKDAYS, "08:30", "12:00")],
            "",
            ["home_visits"],
            {"address": "Stationsstraat 40"},
        ),
        (
            "Oppashulp en nachtoppas",
            "Een vrijwilliger blijft bij uw naaste zodat de mantelzorger even op adem kan komen.",
            ["informal-carers", "home-care"],
            ["informal-carers"],
            "kerkwijk",
            [],
            ["nl"],
            "contribution",
            "€ 3 per uur",
            [],
            "Op afspraak, ook 's avonds en 's nachts.",
            ["home_visits", "phone_only"],
            {"address": "Stationsstraat 40"},
        ),
    ],
    "CAW Oost-Vlaanderen, onthaal Lindebeek": [
        (
            "Onthaal CAW",
            "Voor alle vragen over welzijn: relaties, geld, wonen, geweld. Anoniem kan ook.",
            ["admin-money", "mental-health"],
            ["everyone"],
            "kerkwijk",
            [],
            ["nl", "fr", "en", "ar"],
            "free",
            "",
            [([0, 3], "13:00", "16:00")],
            "Chat via caw.be, elke werkdag.",
            ["wheelchair_accessible"],
            {"address": "Kerkstraat 8"},
        ),
        (
            "Schuldhulpverlening",
            "Begeleiding bij schulden, ook collectieve schuldenregeling.",
            ["admin-money", "legal-aid"],
            ["everyone"],
            "kerkwijk",
            [],
            ["nl"],
            "free",
            "",
            [([2], "09:00", "12:00")],
            "",
            ["wheelchair_accessible"],
            {"address": "Kerkstraat 8"},
        ),
        (
            "Juridisch eerstelijnsadvies",
            "Een advocaat beantwoordt gratis eerste vragen over huur, werk of familie.",
            ["legal-aid"],
            ["everyone", "newcomers"],
            "kerkwijk",
            [],
            ["nl", "fr"],
            "free",
            "",
            [([3], "17:00", "19:00")],
            "",
            ["wheelchair_accessible"],
            {"address": "Kerkstraat 8"},
        ),
    ],
    "Huisartsenpraktijk De Molen": [
        (
            "Spreekuur huisartsen",
            "Raadpleging op afspraak; huisbezoek voor wie niet tot de praktijk kan komen.",
            ["health"],
            ["everyone"],
            "molenveld",
            [],
            ["nl", "fr", "en"],
            "price",
            "Remgeld volgens ziekenfonds",
            [(WEEKDAYS, "08:00", "12:00"), (WEEKDAYS, "16:00", "19:00")],
            "Wachtdienst 's nachts en in het weekend: 1733.",
            ["wheelchair_accessible", "home_visits"],
            {"address": "Molenstraat 3"},
        ),
        (
            "Praktijkverpleegkundige: diabetes en valpreventie",
            "Opvolging van chronische zorg en advies om vallen te voorkomen.",
            ["health"],
            ["elderly"],
            "molenveld",
            [],
            ["nl"],
            "free",
            "",
            [([1, 3], "09:00", "12:00")],
            "",
            ["wheelchair_accessible"],
            {"address": "Molenstraat 3"},
        ),
        (
            "Eerstelijnspsycholoog",
            "Kortdurende gesprekken bij stress, rouw of somberheid.",
            ["mental-health"],
            ["everyone"],
            "molenveld",
            [],
            ["nl", "en"],
            "contribution",
            "€ 11 per gesprek (€ 4 met verhoogde tegemoetkoming)",
            [([2], "13:00", "18:00")],
            "",
            ["wheelchair_accessible"],
            {"address": "Molenstraat 3"},
        ),
    ],
    "Ziekenfonds Regio Aalst, dienst maatschappelijk werk": [
        (
            "Maatschappelijk werk: zitdag",
            "Advies over zorgbudget, premies, hulpmiddelen en thuiszorg.",
            ["admin-money", "home-care"],
            ["elderly", "disability", "informal-carers"],
            "heide",
            ["heide", "molenveld"],
            ["nl"],
            "free",
            "",
            [([1], "09:00", "12:00")],
            "Huisbezoek op afspraak.",
            ["home_visits"],
            {"address": "Heidestraat 21 (parochiezaal)"},
        ),
        (
            "Mantelzorgpunt",
            "Info, vorming en een luisterend oor voor wie zorgt voor een naaste.",
            ["informal-carers"],
            ["informal-carers"],
            "heide",
            [],
            ["nl", "fr"],
            "free",
            "",
            [([3], "13:30", "16:00")],
            "",
            ["phone_only", "easy_read"],
            {"address": "Heidestraat 21 (parochiezaal)"},
        ),
    ],
    "Buurtvereniging Kerkwijk vzw": [
        (
            "Repair café",
            "Breng uw kapotte toestel, fiets of kleding mee; samen herstellen we het.",
            ["social-contact"],
            ["everyone"],
            "kerkwijk",
            ["kerkwijk"],
            ["nl"],
            "free",
            "Vrije bijdrage",
            [([5], "10:00", "13:00")],
            "Elke eerste zaterdag van de maand.",
            ["wheelchair_accessible"],
            {"address": "Kerkwijkplein 5 (buurthuis)"},
        ),
        (
            "De soepkar",
            "Op woensdag rijdt de soepkar door de wijk: gratis soep en een babbel aan de deur.",
            ["meals", "social-contact"],
            ["elderly", "everyone"],
            "kerkwijk",
            ["kerkwijk"],
            ["nl", "tr"],
            "free",
            "",
            [([2], "11:00", "13:00")],
            "",
            [],
            {"address": "Kerkwijkplein 5 (buurthuis)"},
        ),
    ],
    "Bakkerij Van Damme": [
        (
            "Dorpspunt: brood aan huis",
            "Voor wie niet tot de winkel kan: brood en boodschappen aan huis in Heide-Bos.",
            ["meals", "transport"],
            ["elderly", "disability"],
            "heide",
            ["heide"],
            ["nl"],
            "price",
            "Leveringskost € 1",
            [([1, 4], "07:00", "12:00")],
            "Bestellen tot de avond ervoor.",
            ["home_visits", "phone_only"],
            {"address": "Markt 14"},
        ),
        (
            "Ophaalpunt voedselpakketten",
            "Afhaalpunt voor de pakketten van de voedselbank (met doorverwijzing van het OCMW).",
            ["meals"],
            ["families", "everyone"],
            "centrum",
            [],
            ["nl"],
            "free",
            "",
            [([4], "16:00", "18:00")],
            "",
            ["wheelchair_accessible"],
            {"address": "Markt 14"},
        ),
    ],
}


def _point(ctx, slug):
    lon0, lat0, lon1, lat1 = ctx.data["area_bounds"][slug]
    # Keep a margin so markers sit clearly inside the neighbourhood.
    return (
        round(ctx.rng.uniform(lat0 + 0.002, lat1 - 0.002), 6),
        round(ctx.rng.uniform(lon0 + 0.002, lon1 - 0.002), 6),
    )


def build(ctx):
    taxonomy.seed(Category, TargetGroup)
    categories = {c.code: c for c in Category.objects.all()}
    groups = {t.code: t for t in TargetGroup.objects.all()}
    langs = {lang.code: lang for lang in Language.objects.all()}
    areas = ctx.data["areas"]
    users = ctx.data.get("users", {})
    now = timezone.now()
    created = []
    for org_name, rows in SERVICES.items():
        org = ctx.data["organisations"].get(org_name)
        if org is None:
            continue
        OrganisationProfile.objects.get_or_create(organisation=org)
        for i, (
            name,
            desc,
            cats,
            tgs,
            point_area,
            served,
            lang_codes,
            cost,
            cost_note,
            hours,
            note,
            access,
            extra,
        ) in enumerate(rows):
            lat, lon = _point(ctx, point_area)
            # Most entries were checked recently; a few have not been looked at for over a year.
            checked = now - dt.timedelta(
                days=ctx.rng.randint(400, 600) if i == 2 else ctx.rng.randint(5, 200)
            )
            service, _created = Service.objects.update_or_create(
                organisation=org,
                name=name,
                defaults={
                    "description": desc,
                    "phone": org.phone,
                    "cost": cost,
                    "cost_note": cost_note,
                    "hours_note": note,
                    "postcode": "9300",
                    "city": "Lindebeek",
                    "latitude": lat,
                    "longitude": lon,
                    "last_verified_at": checked,
                    "accepts_referrals": org.kind != "business",
                    **{flag: flag in access for flag in Service.ACCESSIBILITY},
                    **extra,
                },
            )
            service.categories.set([categories[c] for c in cats])
            service.target_groups.set([groups[t] for t in tgs])
            service.areas.set([areas[a] for a in served if a in areas])
            service.languages.set([langs[c] for c in lang_codes if c in langs])
            service.schedules.all().delete()
            ServiceSchedule.objects.bulk_create(
                ServiceSchedule(
                    service=service,
                    weekday=d,
                    opens_at=dt.time.fromisoformat(o),
                    closes_at=dt.time.fromisoformat(c),
                )
                for days, o, c in hours
                for d in days
            )
            created.append(service)
    thuiszorg = ctx.data["organisations"].get("Thuiszorg Lindebeek")
    if thuiszorg is not None and "partner" in users:
        EditorClaim.objects.get_or_create(
            organisation=thuiszorg,
            user=users["partner"],
            defaults={
                "motivation": "Ik ben coördinator gezinszorg en houd onze fiches bij.",
                "status": EditorClaim.Status.APPROVED,
                "decided_by": users.get("coordinator"),
                "decided_at": now - dt.timedelta(days=30),
            },
        )
    praatcafe = Service.objects.filter(organisation__network=ctx.network, name="Praatcafé").first()
    if praatcafe is not None and not praatcafe.reports.exists():
        OutdatedReport.objects.create(
            service=praatcafe,
            what_is_wrong="Het praatcafé is sinds september op donderdag in plaats van vrijdag.",
            reported_by=users.get("vrijwilliger"),
        )
    ctx.log(f"social map: {len(created)} services")
    load(ctx)


def load(ctx):
    ctx.data["services"] = list(Service.objects.filter(organisation__network=ctx.network))
