from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class OrganisationsConfig(DomainAppConfig):
    name = "zorgzaam.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    requires = ("audit", "networks", "people")
