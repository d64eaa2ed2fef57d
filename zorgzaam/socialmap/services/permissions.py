"""Social map: audit kinds, limits and who may view, edit, claim and manage."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.organisations import services as org_services
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import Actor
from zorgzaam.socialmap.models import (
    Service,
)

SERVICE_CREATED = kinds.register("socialmap.service_created", gettext_lazy("Social map: service added"))
SERVICE_UPDATED = kinds.register("socialmap.service_updated", gettext_lazy("Social map: service changed"))
SERVICE_VERIFIED = kinds.register("socialmap.service_verified", gettext_lazy("Social map: service checked"))
CLAIM_REQUESTED = kinds.register("socialmap.claim_requested", gettext_lazy("Social map: editor request"))
CLAIM_DECIDED = kinds.register("socialmap.claim_decided", gettext_lazy("Social map: editor request decided"))
REPORT_CREATED = kinds.register(
    "socialmap.report_created", gettext_lazy("Social map: outdated entry reported")
)
REPORT_RESOLVED = kinds.register("socialmap.report_resolved", gettext_lazy("Social map: report resolved"))
IMPORTED = kinds.register("socialmap.imported", gettext_lazy("Social map: Open Referral import"))

OUTDATED_AFTER = dt.timedelta(days=365)
REMIND_EVERY = dt.timedelta(days=30)
ANONYMOUS_REPORTS_PER_HOUR = 5

SERVICE_FIELDS = [
    "name",
    "description",
    "email",
    "phone",
    "website",
    "accepts_referrals",
    "active",
    "cost",
    "cost_note",
    "hours_note",
    "address",
    "postcode",
    "city",
    "latitude",
    "longitude",
    *Service.ACCESSIBILITY,
]


# --- who may do what -----------------------------------------------------------------------------


def can_view(actor: Actor) -> bool:
    return actor.network is not None and bool(actor.roles)


def can_edit_organisation(actor: Actor, organisation: Organisation) -> bool:
    return org_services.can_edit(actor, organisation)


def can_edit_service(actor: Actor, service: Service) -> bool:
    return can_edit_organisation(actor, service.organisation)


def can_manage(actor: Actor) -> bool:
    """Import, export, decide claims, see all reports."""
    return actor.network is not None and actor.is_coordinator()


def can_claim(actor: Actor, organisation: Organisation) -> bool:
    return (
        actor.network is not None
        and organisation.network_id == actor.network.pk
        and actor.has_role("partner", "professional")
        and not can_edit_organisation(actor, organisation)
    )


def editable_organisations(actor: Actor) -> QuerySet[Organisation]:
    if actor.network is None:
        return Organisation.objects.none()
    qs = Organisation.objects.filter(network=actor.network)
    return qs if actor.is_coordinator() else qs.filter(pk__in=actor.organisation_ids())


# --- reading -------------------------------------------------------------------------------------


def outdated_cutoff(now=None):
    return (now or timezone.now()) - OUTDATED_AFTER


def is_outdated(service: Service, now=None) -> bool:
    return service.last_verified_at is None or service.last_verified_at < outdated_cutoff(now)
