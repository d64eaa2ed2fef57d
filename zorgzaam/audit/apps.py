from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class AuditConfig(DomainAppConfig):
    name = "zorgzaam.audit"
    label = "audit"
    verbose_name = _("Audit log")
    requires = ("accounts", "networks", "people")

    def ready(self):
        from zorgzaam.core import registry

        registry.register_nav(
            _("Audit log"), "audit:list", lambda actor: actor.is_coordinator(), order=90, group="settings"
        )
