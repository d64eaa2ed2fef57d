from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _staff_visible(actor):
    return actor.is_staff()


def _home_panel(request):
    from zorgzaam.people.services import visible_persons

    actor = request.actor
    if not actor.is_staff():
        return None
    return {"count": visible_persons(actor).filter(anonymised_at__isnull=True).count()}


def _me_panel(request):
    actor = request.actor
    return {} if (actor.person is not None or actor.on_behalf_of is not None) else None


class PeopleConfig(DomainAppConfig):
    name = "zorgzaam.people"
    label = "people"
    verbose_name = _("People")
    requires = ("accounts", "addresses", "audit", "networks", "organisations", "reference")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.people import merge_views
        from zorgzaam.people.actor import request_actor

        registry.register_actor_builder(request_actor)
        registry.register_nav(_("People"), "people:list", _staff_visible, order=10, group="people")
        registry.register_home_panel("people/_home_panel.html", _home_panel, order=10)
        registry.register_home_panel("people/_me_panel.html", _me_panel, order=5)
        registry.register_person_panel(
            "people/_merge_panel.html", merge_views.likely_duplicates_panel, order=1
        )
