from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _nav_visible(actor):
    from zorgzaam.plans.services import can_view_plans

    return can_view_plans(actor)


def _home_panel(request):
    from zorgzaam.plans.services import home_panel

    return home_panel(request.actor)


class PlansConfig(DomainAppConfig):
    name = "zorgzaam.plans"
    label = "plans"
    verbose_name = _("Action plans")
    requires = ("analysis", "audit", "networks", "people", "reference")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.plans import services  # noqa: F401 - registers its audit kinds at start-up

        registry.register_nav(_("Action plan"), "plans:index", _nav_visible, order=75, group="care")
        registry.register_home_panel("plans/_home_panel.html", _home_panel, order=75)
        from zorgzaam.core.merging import Move, mover

        registry.register_merge(*mover(Move("plans.Measurement.recorded_by")))
