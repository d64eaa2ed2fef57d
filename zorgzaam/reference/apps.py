from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class ReferenceConfig(DomainAppConfig):
    name = "zorgzaam.reference"
    label = "reference"
    verbose_name = _("Reference frameworks")
    requires = ()
