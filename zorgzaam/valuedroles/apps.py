from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _nav_visible(actor):
    from zorgzaam.valuedroles import services

    return services.can_view_roles(actor)


def _person_panel(request, person):
    from zorgzaam.valuedroles import services

    actor = request.actor
    own = actor.person is not None and actor.person.pk == person.pk
    if not (own or services.can_manage_person(actor, person)):
        return None
    holdings = list(services.holdings_of(person))
    return {"holdings": holdings} if holdings else None


class ValuedRolesConfig(DomainAppConfig):
    name = "zorgzaam.valuedroles"
    label = "valuedroles"
    verbose_name = _("Valued roles")
    requires = ("audit", "networks", "organisations", "people", "reference", "volunteers")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.valuedroles import services

        registry.register_nav(_("Roles"), "valuedroles:list", _nav_visible, order=42, group="people")
        registry.register_person_panel("valuedroles/_person_panel.html", _person_panel, order=45)
        registry.register_person_export(services.export_person)
        registry.register_erasure(services.erase_person, covers=["valuedroles.RoleHolding"])
        registry.register_retention_guard(services.retention_guard)
        from zorgzaam.core.merging import Move, mover

        registry.register_merge(*mover(Move("valuedroles.RoleHolding.person")))
