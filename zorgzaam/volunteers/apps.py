from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _nav_visible(actor):
    from zorgzaam.volunteers import services

    return (
        actor.network is not None
        and actor.is_authenticated
        # Runs on every page: use the roles already loaded on the actor, not extra queries.
        and (services.is_staff(actor) or actor.has_role("volunteer"))
    )


def _home_panel(request):
    """Coordinators and professionals: safeguarding records running out. Volunteers: my hours and thanks."""
    import datetime as dt

    from django.utils import timezone

    from zorgzaam.volunteers import services

    actor = request.actor
    if actor.network is None or not actor.is_authenticated:
        return None
    if services.is_staff(actor):
        records = services.expiring_records(actor)
        return {"staff": True, "records": records[:8], "count": len(records), "today": timezone.localdate()}
    person = actor.person
    if person is None or not services.is_volunteer(person):
        return None
    today = timezone.localdate()
    totals = services.hours_totals(person, today.year)
    return {
        "staff": False,
        "month_hours": totals["months"][today.month],
        "year_hours": totals["total"],
        "thanks": list(person.thanks_received.select_related("from_person")[:3]),
        "since": today - dt.timedelta(days=365),
    }


def _figures_panel(request):
    actor = request.actor
    if actor.network is None or not actor.has_role("policy") or actor.is_staff():
        return None
    return {}


def _person_panel(request, person):
    from zorgzaam.volunteers import services

    actor = request.actor
    if not services.can_view_volunteer(actor, person) or person.anonymised_at:
        return None
    if not services.is_volunteer(person):
        # Staff can start a volunteer profile from anyone's page: anyone can give.
        return {"person": person, "start": True} if services.can_manage_volunteer(actor, person) else None
    return {
        "person": person,
        "onboarding": services.onboarding(person),
        "safeguarding": services.safeguarding_status(person),
    }


class VolunteersConfig(DomainAppConfig):
    name = "zorgzaam.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")
    requires = ("accounts", "audit", "networks", "notifications", "people")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.volunteers import services, texts

        texts.register()

        registry.register_nav(_("Volunteers"), "volunteers:home", _nav_visible, order=40, group="people")
        registry.register_nav(
            _("Initiatives"),
            "volunteers:initiatives",
            lambda a: services.can_start_initiative(a),
            order=45,
            group="activities",
        )
        registry.register_home_panel("volunteers/_home_panel.html", _home_panel, order=30)
        registry.register_person_panel("volunteers/_person_panel.html", _person_panel, order=40)
        registry.register_home_panel("volunteers/_figures_panel.html", _figures_panel, order=35)
        registry.register_person_export(services.export_person)
        registry.register_erasure(
            services.erase_person,
            covers=[
                "volunteers.SafeguardingRecord",
                "volunteers.OnboardingProgress",
                "volunteers.ThankYou",
                "volunteers.Appreciation",
                "volunteers.HoursEntry",
                "volunteers.InitiativeSupport",
            ],
        )
        registry.register_retention_guard(services.retention_guard)
        from zorgzaam.core.merging import Move, mover

        registry.register_merge(
            *mover(
                Move("volunteers.VolunteerProfile.person"),  # the survivor's own profile wins
                Move("volunteers.SafeguardingRecord.person"),
                Move("volunteers.OnboardingProgress.person", clash=("step",)),
                Move("volunteers.ThankYou.from_person"),
                Move("volunteers.ThankYou.to_person"),
                Move("volunteers.Appreciation.person"),
                Move("volunteers.HoursEntry.person"),
                Move("volunteers.Initiative.owners"),
                Move("volunteers.InitiativeSupport.given_by"),
            )
        )
