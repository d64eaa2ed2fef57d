from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Matching engine: a pure library (no models) used by care and outreach."""

    name = "zorgzaam.matching"
    label = "matching"
    verbose_name = _("Matching")
