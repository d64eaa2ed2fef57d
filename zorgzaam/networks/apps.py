from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class NetworksConfig(DomainAppConfig):
    name = "zorgzaam.networks"
    label = "networks"
    verbose_name = _("Networks and areas")
    requires = ("audit", "people")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.networks.services import networks_of

        registry.register_network_choices(networks_of)
        registry.register_nav(
            _("Areas"), "networks:areas", lambda actor: actor.is_coordinator(), order=80, group="settings"
        )
