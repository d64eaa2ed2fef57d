"""Social map: reports of outdated services, reminders and personal data."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.notifications.services import notify
from zorgzaam.people.actor import Actor
from zorgzaam.socialmap.models import (
    EditorClaim,
    OutdatedReport,
    Service,
)
from zorgzaam.socialmap.services.claims import editors_of
from zorgzaam.socialmap.services.permissions import (
    ANONYMOUS_REPORTS_PER_HOUR,
    REMIND_EVERY,
    REPORT_CREATED,
    REPORT_RESOLVED,
    can_edit_service,
    can_view,
    outdated_cutoff,
)

# --- outdated reports ----------------------------------------------------------------------------


def _rate_limited(ip: str | None) -> bool:
    key = f"socialmap:report:{ip or 'unknown'}"
    count = cache.get(key, 0)
    if count >= ANONYMOUS_REPORTS_PER_HOUR:
        return True
    cache.set(key, count + 1, 3600)
    return False


@transaction.atomic
def report_outdated(actor: Actor, service: Service, what_is_wrong: str) -> OutdatedReport:
    """Logged-in users of the network, or anyone anonymously (rate limited per IP address)."""
    what_is_wrong = (what_is_wrong or "").strip()
    if not what_is_wrong:
        raise ValidationError({"what_is_wrong": _("Tell us what is wrong.")})
    if actor.is_authenticated and can_view(actor):
        if service.organisation.network_id != actor.network.pk:
            deny()
        user = actor.user
    else:
        if _rate_limited(actor.ip):
            raise ValidationError(_("Too many reports from this connection. Please try again later."))
        user = None
    report = OutdatedReport(service=service, what_is_wrong=what_is_wrong, reported_by=user)
    report.full_clean()
    report.save()
    record(actor, REPORT_CREATED, obj=report, network=service.organisation.network)
    return report


def visible_reports(actor: Actor, *, open_only: bool = True) -> QuerySet[OutdatedReport]:
    if actor.network is None:
        return OutdatedReport.objects.none()
    qs = OutdatedReport.objects.filter(service__organisation__network=actor.network)
    if not actor.is_coordinator():
        qs = qs.filter(service__organisation_id__in=actor.organisation_ids())
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    return qs.select_related("service__organisation")


@transaction.atomic
def resolve_report(actor: Actor, report: OutdatedReport) -> OutdatedReport:
    _require(can_edit_service(actor, report.service))
    report.resolved_at = timezone.now()
    report.resolved_by = actor.user
    report.save(update_fields=["resolved_at", "resolved_by"])
    record(actor, REPORT_RESOLVED, obj=report)
    return report


def remind_outdated(network, now=None) -> int:
    """Notify editors of services not checked for a year (at most once a month per service)."""
    now = now or timezone.now()
    stale = (
        Service.objects.filter(organisation__network=network, active=True)
        .filter(Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=outdated_cutoff(now)))
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_EVERY))
        .select_related("organisation")
    )
    by_org: dict = {}
    for service in stale:
        by_org.setdefault(service.organisation, []).append(service)
    sent = 0
    for organisation, services in by_org.items():
        names = ", ".join(s.name for s in services)
        for user in editors_of(organisation):
            notify(
                user,
                kind="socialmap.outdated",
                params={"organisation": organisation.pk, "org": organisation.name, "services": names},
                network=network,
            )
            sent += 1
        Service.objects.filter(pk__in=[s.pk for s in services]).update(reminded_at=now)
    return sent


# --- a person's own data -------------------------------------------------------------------------


def export_person(person) -> dict:
    """The reports and editor requests a person made (for their data export)."""
    if person.user_id is None:
        return {}
    reports = OutdatedReport.objects.filter(
        reported_by_id=person.user_id, service__organisation__network_id=person.network_id
    )
    claims = EditorClaim.objects.filter(user_id=person.user_id, organisation__network_id=person.network_id)
    return {
        "socialmap_reports": [
            {
                "service": r.service.name,
                "what_is_wrong": r.what_is_wrong,
                "created_at": r.created_at.isoformat(),
            }
            for r in reports.select_related("service")
        ],
        "socialmap_editor_requests": [
            {"organisation": c.organisation.name, "motivation": c.motivation, "status": c.status}
            for c in claims.select_related("organisation")
        ],
    }


def erase_person(person) -> None:
    """Keep the reports (they are about services) but no longer link them to the person."""
    if person.user_id is None:
        return
    OutdatedReport.objects.filter(
        reported_by_id=person.user_id, service__organisation__network_id=person.network_id
    ).update(reported_by=None)
    EditorClaim.objects.filter(user_id=person.user_id, organisation__network_id=person.network_id).update(
        motivation=""
    )
