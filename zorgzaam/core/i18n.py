"""Content translation for reference data stored with a name per language (name_nl, name_fr, name_en)."""

from django.utils.translation import get_language


def pick(obj, field: str = "name") -> str:
    """The value of `field` in the active language, falling back to Dutch, then any non-empty one."""
    lang = (get_language() or "nl")[:2]
    for code in (lang, "nl", "fr", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class TranslatedNameMixin:
    @property
    def name(self) -> str:
        return pick(self)

    def __str__(self) -> str:
        return self.name
