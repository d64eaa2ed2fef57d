from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _visible(actor):
    from zorgzaam.socialmap.services import can_view

    return can_view(actor)


def _home_panel(request):
    """For editors: entries that need a check and open reports."""
    from django.db.models import Q

    from zorgzaam.socialmap import services
    from zorgzaam.socialmap.models import Service

    actor = request.actor
    orgs = services.editable_organisations(actor)
    if actor.is_coordinator() or not orgs.exists():
        return None
    cutoff = services.outdated_cutoff()
    outdated = Service.objects.filter(organisation__in=orgs, active=True).filter(
        Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff)
    )
    return {
        "organisations": list(orgs),
        "outdated": outdated.count(),
        "reports": services.visible_reports(actor).count(),
    }


class SocialmapConfig(DomainAppConfig):
    name = "zorgzaam.socialmap"
    label = "socialmap"
    verbose_name = _("Social map")
    requires = ("accounts", "audit", "networks", "notifications", "organisations", "people")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.socialmap import services, texts  # services registers the audit kinds

        texts.register()

        registry.register_nav(_("Social map"), "socialmap:list", _visible, order=40, group="neighbourhood")
        registry.register_home_panel("socialmap/_home_panel.html", _home_panel, order=40)
        registry.register_person_export(services.export_person)
        registry.register_erasure(
            services.erase_person, covers=["socialmap.EditorClaim", "socialmap.OutdatedReport"]
        )
