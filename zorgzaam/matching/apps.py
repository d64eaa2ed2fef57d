from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class MatchingConfig(DomainAppConfig):
    """Matching engine: a pure library (no models) used by care and outreach."""

    name = "zorgzaam.matching"
    label = "matching"
    verbose_name = _("Matching")
    requires = ("networks", "people")
