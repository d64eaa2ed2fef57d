from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _nav_visible(actor):
    from zorgzaam.sectors.services import can_read_indicators

    return can_read_indicators(actor)


class SectorsConfig(AppConfig):
    name = "zorgzaam.sectors"
    label = "sectors"
    verbose_name = _("Statistical sectors and indicators")

    def ready(self):
        from zorgzaam.core import registry

        registry.register_nav(_("Sectors"), "sectors:index", _nav_visible, order=70)

        from django.db.models.signals import post_save

        from zorgzaam.people.models import Person
        from zorgzaam.sectors.signals import person_saved

        post_save.connect(person_saved, sender=Person, dispatch_uid="sectors.person_saved")
