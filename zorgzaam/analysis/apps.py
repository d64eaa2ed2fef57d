from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _nav_visible(actor):
    from zorgzaam.analysis.services import can_view_analysis

    return can_view_analysis(actor)


def _home_panel(request):
    from zorgzaam.analysis.services import home_panel

    return home_panel(request.actor)


class AnalysisConfig(DomainAppConfig):
    name = "zorgzaam.analysis"
    label = "analysis"
    verbose_name = _("Neighbourhood analysis")
    requires = ("audit", "networks", "organisations", "people", "sectors", "socialmap")

    def ready(self):
        from zorgzaam.analysis import reach
        from zorgzaam.analysis.services import person_erasure, person_export
        from zorgzaam.core import registry

        reach.register_builtin_sources()
        registry.register_person_export(person_export)
        registry.register_erasure(
            person_erasure, covers=["analysis.Response", "analysis.Answer", "analysis.Observation"]
        )
        registry.register_nav(_("Analysis"), "analysis:index", _nav_visible, order=70, group="figures")
        registry.register_home_panel("analysis/_home_panel.html", _home_panel, order=70)
        from zorgzaam.core.merging import Move, mover

        registry.register_merge(
            *mover(
                Move("analysis.Observation.created_by"),
                Move("analysis.Survey.created_by"),
                # one response per survey and person: the duplicate's second one stays, anonymous
                Move("analysis.Response.person", clash=("survey",), on_clash="null"),
                Move("analysis.Response.entered_by"),
                Move("analysis.Snapshot.created_by"),
            )
        )
