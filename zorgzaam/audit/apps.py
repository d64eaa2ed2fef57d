from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zorgzaam.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from zorgzaam.core import registry

        registry.register_nav(_("Audit log"), "audit:list", lambda actor: actor.is_coordinator(), order=90)
