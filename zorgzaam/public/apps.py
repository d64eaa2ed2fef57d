from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class PublicConfig(DomainAppConfig):
    name = "zorgzaam.public"
    label = "public"
    verbose_name = _("Public neighbourhood pages")
    requires = ("community", "networks", "organisations", "socialmap")
