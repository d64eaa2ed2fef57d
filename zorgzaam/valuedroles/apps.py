from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuedRolesConfig(AppConfig):
    name = "zorgzaam.valuedroles"
    label = "valuedroles"
    verbose_name = _("Valued roles")
