from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _nav_visible(actor):
    from zorgzaam.sectors.services import can_read_indicators, is_platform_admin

    return can_read_indicators(actor) or is_platform_admin(actor)


def _home_panel(request):
    from zorgzaam.sectors.services import can_read_indicators, current_sector_set

    if not can_read_indicators(request.actor):
        return None
    return {"current": current_sector_set()}


def _person_export(person):
    from zorgzaam.sectors.services import person_export

    return person_export(person)


def _person_erasure(person):
    from zorgzaam.sectors.services import forget_person

    forget_person(person)


class SectorsConfig(DomainAppConfig):
    name = "zorgzaam.sectors"
    label = "sectors"
    verbose_name = _("Statistical sectors and indicators")
    requires = ("accounts", "addresses", "audit", "networks", "people")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.sectors import services  # noqa: F401 - registers its audit kinds at start-up
        from zorgzaam.sectors.jobs import worker_seen_recently

        registry.register_nav(_("Sectors"), "sectors:index", _nav_visible, order=70, group="figures")
        registry.register_home_panel("sectors/_home_panel.html", _home_panel, order=60)
        registry.register_person_export(_person_export)
        registry.register_erasure(_person_erasure, covers=["sectors.Placement"])
        # the import workers beat; the container health probe (core.health --worker) reads it
        registry.register_health_check("worker", worker_seen_recently)

        from django.db.models.signals import post_save

        from zorgzaam.networks.models import Area
        from zorgzaam.people.models import Person
        from zorgzaam.sectors.signals import area_saved, person_saved

        post_save.connect(person_saved, sender=Person, dispatch_uid="sectors.person_saved")
        post_save.connect(area_saved, sender=Area, dispatch_uid="sectors.area_saved")

        # the duplicate's point goes; the survivor is placed again when its address is saved
        registry.register_merge(
            lambda actor, survivor, dup: _person_erasure(dup), covers=["sectors.Placement.person"]
        )
