from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _member(actor):
    return actor.network is not None and actor.person is not None


def _invitations_visible(actor):
    return actor.has_role("coordinator", "professional", "volunteer")


class CommunityConfig(DomainAppConfig):
    name = "zorgzaam.community"
    label = "community"
    verbose_name = _("Community life")
    requires = ("accounts", "audit", "networks", "notifications", "organisations", "people")

    def ready(self):
        from zorgzaam.community import hooks, texts
        from zorgzaam.core import registry

        texts.register()

        registry.register_nav(
            _("Activities"), "community:activity_list", _member, order=30, group="activities"
        )
        registry.register_nav(_("Places"), "community:place_list", _member, order=31, group="neighbourhood")
        registry.register_nav(
            _("Invitations"), "community:invitation_list", _invitations_visible, order=32, group="activities"
        )
        registry.register_home_panel("community/_home_panel.html", hooks.home_panel, order=30)
        registry.register_person_panel("community/_person_panel.html", hooks.person_panel, order=30)
        registry.register_person_export(hooks.export_person)
        registry.register_erasure(hooks.erase_person, covers=["community.Invitation"])
        registry.register_retention_guard(hooks.retention_guard)
        registry.register_reach_source("community.Registration", hooks.reach_registrations)
        registry.register_reach_source("community.Attendance", hooks.reach_attendances)
        from zorgzaam.core.merging import Move, mover

        registry.register_merge(
            *mover(
                Move("community.Place.owner_person"),
                Move("community.Place.runner_person"),
                Move("community.Activity.organisers"),
                Move("community.Registration.person", clash=("occurrence",)),
                Move("community.Attendance.person", clash=("occurrence",)),
                Move("community.Invitation.person"),
                Move("community.Invitation.assigned_to"),
            )
        )
