from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class MatchingConfig(DomainAppConfig):
    """Matching engine (a pure library used by care and outreach) and the helper change log."""

    name = "zorgzaam.matching"
    label = "matching"
    verbose_name = _("Matching")
    requires = ("networks", "people")

    def ready(self):
        from zorgzaam.matching import changes

        changes.connect()
