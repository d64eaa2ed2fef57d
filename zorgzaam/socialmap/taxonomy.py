"""Default taxonomies (seeded by migration 0003 and the demo; coordinators may add more in the admin)."""

# (code, nl, fr, en, parent code)
CATEGORIES = [
    ("home-care", "Zorg aan huis", "Soins à domicile", "Home care", None),
    ("meals", "Maaltijden", "Repas", "Meals", None),
    ("transport", "Vervoer", "Transport", "Transport", None),
    ("admin-money", "Administratie en geld", "Administration et argent", "Administration & money", None),
    ("housing", "Wonen", "Logement", "Housing", None),
    ("health", "Gezondheid", "Santé", "Health", None),
    ("mental-health", "Psychisch welzijn", "Santé mentale", "Mental health", "health"),
    ("informal-carers", "Mantelzorg", "Aidants proches", "Informal carers", None),
    (
        "social-contact",
        "Ontmoeting en sociaal contact",
        "Rencontre et contact social",
        "Social contact",
        None,
    ),
    ("digital-help", "Digitale hulp", "Aide numérique", "Digital help", None),
    ("legal-aid", "Juridisch advies", "Aide juridique", "Legal aid", "admin-money"),
]

# (code, nl, fr, en)
TARGET_GROUPS = [
    ("everyone", "Iedereen", "Tout le monde", "Everyone"),
    ("elderly", "Ouderen", "Personnes âgées", "Older people"),
    ("informal-carers", "Mantelzorgers", "Aidants proches", "Informal carers"),
    ("families", "Gezinnen met kinderen", "Familles avec enfants", "Families with children"),
    ("newcomers", "Nieuwkomers", "Primo-arrivants", "Newcomers"),
    (
        "disability",
        "Mensen met een beperking",
        "Personnes en situation de handicap",
        "People with a disability",
    ),
]


def seed(Category, TargetGroup) -> None:
    """Create or refresh the default terms (model classes passed in so migrations can use it)."""
    by_code = {}
    for order, (code, nl, fr, en, _parent) in enumerate(CATEGORIES):
        by_code[code], _ = Category.objects.update_or_create(
            code=code, defaults={"name_nl": nl, "name_fr": fr, "name_en": en, "order": order}
        )
    for code, *_names, parent in CATEGORIES:
        if parent:
            Category.objects.filter(pk=by_code[code].pk).update(parent=by_code[parent])
    for order, (code, nl, fr, en) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(
            code=code, defaults={"name_nl": nl, "name_fr": fr, "name_en": en, "order": order}
        )
