"""The global list of care themes (also seeded by a data migration)."""

THEMES = [
    ("loneliness", "Eenzaamheid", "Solitude", "Loneliness"),
    ("mobility", "Mobiliteit", "Mobilité", "Mobility"),
    ("housing", "Wonen", "Logement", "Housing"),
    ("money", "Geld", "Argent", "Money"),
    ("health", "Gezondheid", "Santé", "Health"),
    ("digital", "Digitale zaken", "Numérique", "Digital matters"),
    ("paperwork", "Papierwerk", "Paperasse", "Paperwork"),
    ("safety", "Veiligheid", "Sécurité", "Safety"),
    ("care_at_home", "Zorg thuis", "Soins à domicile", "Care at home"),
    ("informal_carer", "Mantelzorg", "Aidant proche", "Informal carer"),
]


def ensure_themes(theme_model=None):
    """Create the missing global themes; returns {code: Theme}. Idempotent."""
    if theme_model is None:
        from zorgzaam.care.models import Theme as theme_model
    existing = {t.code: t for t in theme_model.objects.filter(network__isnull=True)}
    missing = [
        theme_model(code=c, name_nl=nl, name_fr=fr, name_en=en)
        for c, nl, fr, en in THEMES
        if c not in existing
    ]
    if missing:
        theme_model.objects.bulk_create(missing)
        existing = {t.code: t for t in theme_model.objects.filter(network__isnull=True)}
    return existing
