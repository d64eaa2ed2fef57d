from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _worklist_visible(actor):
    from zorgzaam.people.services import can_list_persons

    return can_list_persons(actor)


def _admin_visible(actor):
    from zorgzaam.addresses.services import is_platform_admin

    return is_platform_admin(actor)


def _person_export(person):
    from zorgzaam.addresses.selectors import person_export

    return person_export(person)


def _person_erasure(person):
    from zorgzaam.addresses.models import PersonPlacement

    PersonPlacement.objects.filter(person=person).delete()


class AddressesConfig(DomainAppConfig):
    name = "zorgzaam.addresses"
    label = "addresses"
    verbose_name = _("Address register")
    requires = ("audit", "networks", "people", "sectors")

    def ready(self):
        from zorgzaam.addresses import services  # noqa: F401 - registers its audit kinds at start-up
        from zorgzaam.core import registry

        registry.register_nav(_("To place"), "addresses:to_place", _worklist_visible, order=12, group="today")
        registry.register_nav(
            _("Address register"), "addresses:import", _admin_visible, order=72, group="settings"
        )
        registry.register_person_export(_person_export)
        registry.register_erasure(_person_erasure, covers=["addresses.PersonPlacement"])

        # the duplicate's placement goes; the merge places the survivor again if its address changes
        registry.register_merge(
            lambda actor, survivor, dup: _person_erasure(dup), covers=["addresses.PersonPlacement.person"]
        )
