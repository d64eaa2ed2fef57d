from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _nav_visible(actor):
    from zorgzaam.reciprocity import services

    return actor.network is not None and actor.is_authenticated and services.is_enabled(actor.network)


def _home_panel(request):
    from zorgzaam.reciprocity import services

    actor = request.actor
    if actor.network is None or not services.is_enabled(actor.network):
        return None
    account = services.own_account(actor)
    if account is None:
        return None
    cfg = services.settings_for(actor.network)
    return {
        **services.summary_words(cfg, services.summary(account)),
        "to_confirm": len(services.my_pending_claims(actor)["to_confirm"]),
    }


def _person_panel(request, person):
    from zorgzaam.reciprocity import services
    from zorgzaam.reciprocity.models import Account

    actor = request.actor
    if not services.is_enabled(actor.network):
        return None
    account = Account.objects.filter(network=actor.network, person=person).first()
    if account is None or not services.can_view_account(actor, account):
        return None
    cfg = services.settings_for(actor.network)
    return {"account": account, **services.summary_words(cfg, services.summary(account))}


class ReciprocityConfig(DomainAppConfig):
    name = "zorgzaam.reciprocity"
    label = "reciprocity"
    verbose_name = _("Reciprocity")
    requires = (
        "accounts",
        "audit",
        "care",
        "networks",
        "notifications",
        "organisations",
        "people",
        "volunteers",
    )

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.reciprocity import services, texts

        texts.register()

        registry.register_nav(_("Time bank"), "reciprocity:home", _nav_visible, order=60, group="activities")
        registry.register_home_panel("reciprocity/_home_panel.html", _home_panel, order=40)
        registry.register_person_panel("reciprocity/_person_panel.html", _person_panel, order=60)
        registry.register_person_export(services.export_person)
        registry.register_erasure(
            services.erase_person, covers=["reciprocity.Transaction", "reciprocity.TransferClaim"]
        )
        registry.register_retention_guard(services.retention_guard)
        from zorgzaam.reciprocity import merge

        registry.register_merge(merge.merge_person, covers=["reciprocity.Account.person"])
