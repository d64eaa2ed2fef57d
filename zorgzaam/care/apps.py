from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class CareConfig(DomainAppConfig):
    name = "zorgzaam.care"
    label = "care"
    verbose_name = _("Care pathway")
    requires = (
        "accounts",
        "audit",
        "matching",
        "networks",
        "notifications",
        "organisations",
        "people",
        "socialmap",
        "volunteers",
    )

    def ready(self):
        from zorgzaam.care import hooks, texts

        hooks.register()
        texts.register()
