from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class OutreachConfig(DomainAppConfig):
    name = "zorgzaam.outreach"
    label = "outreach"
    verbose_name = _("Visits and calls")
    requires = ("accounts", "audit", "care", "networks", "notifications", "people")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.outreach import call_help, hooks, texts  # noqa: F401 - call_help: its audit kind

        texts.register()

        registry.register_nav(
            _("Visits and calls"), "outreach:index", hooks.nav_visible, order=35, group="care"
        )
        registry.register_home_panel("outreach/_home_panel.html", hooks.home_panel, order=25)
        registry.register_person_panel("outreach/_person_panel.html", hooks.person_panel, order=40)
        registry.register_erasure(hooks.erase_person, covers=["outreach.Visit", "outreach.Call"])
        registry.register_retention_guard(hooks.retention_guard)
        registry.register_reach_source("outreach.Visit", hooks.reach_visits)
        registry.register_person_export(hooks.export_person)
        registry.register_merge(hooks.merge_person, covers=hooks.MERGE_COVERS)
