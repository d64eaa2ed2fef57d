"""Global vocabularies: languages, ABCD tags and community-role kinds (from frameworks.json)."""

from zorgzaam.people.models import Language, Tag, VolunteerKind
from zorgzaam.reference.services import load_json

LANGUAGES = [
    ("nl", "Nederlands", "néerlandais", "Dutch"),
    ("fr", "Frans", "français", "French"),
    ("en", "Engels", "anglais", "English"),
    ("de", "Duits", "allemand", "German"),
    ("ar", "Arabisch", "arabe", "Arabic"),
    ("tr", "Turks", "turc", "Turkish"),
    ("pl", "Pools", "polonais", "Polish"),
    ("ro", "Roemeens", "roumain", "Romanian"),
    ("uk", "Oekraïens", "ukrainien", "Ukrainian"),
    ("es", "Spaans", "espagnol", "Spanish"),
    ("it", "Italiaans", "italien", "Italian"),
    ("vgt", "Vlaamse Gebarentaal", "langue des signes flamande", "Flemish Sign Language"),
]

TAGS = [
    ("paperwork", "head", "Paperassen", "Papiers administratifs", "Paperwork"),
    ("digital", "head", "Computer en smartphone", "Ordinateur et smartphone", "Computer and smartphone"),
    ("language", "head", "Taal oefenen", "Pratiquer une langue", "Language practice"),
    ("storytelling", "head", "Verhalen vertellen", "Raconter des histoires", "Storytelling"),
    ("odd_jobs", "hands", "Klusjes", "Petits travaux", "Odd jobs"),
    ("gardening", "hands", "Tuinieren", "Jardinage", "Gardening"),
    ("cooking", "hands", "Koken", "Cuisine", "Cooking"),
    ("shopping", "hands", "Boodschappen", "Courses", "Shopping"),
    ("transport", "hands", "Vervoer", "Transport", "Transport"),
    ("bike_repair", "hands", "Fietsen herstellen", "Réparer des vélos", "Bike repair"),
    ("sewing", "hands", "Breien en naaien", "Tricot et couture", "Knitting and sewing"),
    ("pets", "hands", "Huisdieren verzorgen", "S'occuper des animaux", "Pet care"),
    ("company", "heart", "Gezelschap", "Compagnie", "Company"),
    ("listening", "heart", "Luisteren", "Écoute", "Listening"),
    ("walking", "heart", "Samen wandelen", "Promenades ensemble", "Walking together"),
    ("music", "heart", "Muziek en zingen", "Musique et chant", "Music and singing"),
    ("childminding", "heart", "Oppassen", "Garde d'enfants", "Childminding"),
    ("seaside", "heart", "Nog eens naar zee", "Revoir la mer", "A trip to the seaside"),
]

# French and English names for the community roles named in frameworks.json (Dutch is the source).
ROLE_TRANSLATIONS = {
    "buurtcoach": ("coach de quartier", "neighbourhood coach"),
    "gezondheidswerker": ("agent de santé communautaire", "community health worker"),
    "zorgambassadeur": ("ambassadeur des soins", "care ambassador"),
    "zorgregisseur": ("coordinateur de soins", "care coordinator"),
    "buurtregisseur": ("régisseur de quartier", "neighbourhood director"),
    "bemiddelaar": ("médiateur", "mediator"),
    "buurtkapitein": ("capitaine de quartier", "street captain"),
    "buurtambassadeur": ("ambassadeur de quartier", "neighbourhood ambassador"),
    "talentenscout": ("dénicheur de talents", "talent scout"),
    "netwerkcoordinator": ("coordinateur de réseau", "network coordinator"),
    "buurtverbinder": ("connecteur de quartier", "neighbourhood connector"),
    "zorgzame buur": ("voisin attentionné", "caring neighbour"),
    "vrijwillige coordinator": ("coordinateur bénévole", "volunteer coordinator"),
    "buddy": ("buddy", "buddy"),
    "brugfiguur": ("personne-relais", "bridge person"),
    "sleutelfiguur": ("personne-clé", "key figure"),
    "vrijwilliger": ("bénévole", "volunteer"),
    "mantelzorger": ("aidant proche", "informal carer"),
}


def ensure_languages() -> None:
    for code, nl, fr, en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name_nl": nl, "name_fr": fr, "name_en": en})


def ensure_tags() -> None:
    for code, domain, nl, fr, en in TAGS:
        Tag.objects.update_or_create(
            network=None, code=code, defaults={"domain": domain, "name_nl": nl, "name_fr": fr, "name_en": en}
        )


def ensure_volunteer_kinds() -> None:
    from django.utils.text import slugify

    for name in load_json("frameworks.json")["community_roles"]:
        fr, en = ROLE_TRANSLATIONS.get(name, ("", ""))
        VolunteerKind.objects.update_or_create(
            network=None, code=slugify(name), defaults={"name_nl": name, "name_fr": fr, "name_en": en}
        )
