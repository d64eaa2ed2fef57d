"""Business rules of the social map. Entries are not personal data: everyone with a role in the
network may search them (no read audit). Writes are logged. Partner staff edit their own
organisation's entries; coordinators edit all entries of the network."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.notifications.services import notify
from zorgzaam.organisations import services as org_services
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, RoleAssignment
from zorgzaam.people.services import grant_role
from zorgzaam.socialmap.models import (
    EditorClaim,
    OrganisationProfile,
    OutdatedReport,
    Service,
    ServiceSchedule,
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


def _with_relations(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.select_related("organisation").prefetch_related(
        "categories", "target_groups", "areas", "languages", "schedules"
    )


def visible_services(actor: Actor) -> QuerySet[Service]:
    if not can_view(actor):
        return Service.objects.none()
    return Service.objects.filter(organisation__network=actor.network)


def get_service(actor: Actor, pk: int) -> Service:
    service = _with_relations(visible_services(actor)).filter(pk=pk).first()
    if service is None:
        from django.http import Http404

        raise Http404
    if not service.active and not can_edit_service(actor, service):
        from django.http import Http404

        raise Http404
    return service


def get_organisation(actor: Actor, pk: int) -> Organisation:
    if not can_view(actor):
        deny()
    org = Organisation.objects.filter(network=actor.network, pk=pk).first()
    if org is None:
        from django.http import Http404

        raise Http404
    return org


def search_services(
    actor: Actor,
    *,
    q: str = "",
    category=None,
    target_group=None,
    area=None,
    language=None,
    accessibility=(),
    open_now: bool = False,
    now=None,
) -> QuerySet[Service]:
    """Active services matching all filters. A category includes its sub-categories; a service
    without areas serves the whole network, so it matches every area."""
    _require(can_view(actor))
    qs = visible_services(actor).filter(active=True)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(organisation__name__icontains=q)
        )
    if category:
        qs = qs.filter(Q(categories=category) | Q(categories__parent=category))
    if target_group:
        qs = qs.filter(target_groups=target_group)
    if area:
        qs = qs.filter(Q(areas=area) | Q(areas__isnull=True))
    if language:
        qs = qs.filter(languages__code=getattr(language, "code", language))
    for flag in accessibility or ():
        if flag in Service.ACCESSIBILITY:
            qs = qs.filter(**{flag: True})
    if open_now:
        local = timezone.localtime(now or timezone.now())
        qs = qs.filter(
            schedules__weekday=local.weekday(),
            schedules__opens_at__lte=local.time(),
            schedules__closes_at__gt=local.time(),
        )
    # The M2M joins above may duplicate rows; filter by id to keep ordering and counting simple.
    return _with_relations(Service.objects.filter(pk__in=qs.values("pk")))


def service_point(service: Service) -> dict | None:
    if service.latitude is None or service.longitude is None:
        return None
    return {
        "id": service.pk,
        "name": service.name,
        "organisation": service.organisation.name,
        "lat": service.latitude,
        "lon": service.longitude,
    }


def public_services(network, area=None) -> list[dict]:
    """Active services of `network` (for a public neighbourhood page), optionally those serving
    `area` (services without areas serve everyone). Plain JSON-ready dicts."""
    qs = Service.objects.filter(organisation__network=network, active=True)
    if area is not None:
        qs = qs.filter(Q(areas=area) | Q(areas__isnull=True))
    qs = _with_relations(Service.objects.filter(pk__in=qs.values("pk")))
    return [
        {
            "id": s.pk,
            "name": s.name,
            "organisation": s.organisation.name,
            "description": s.description,
            "phone": s.phone or s.organisation.phone,
            "email": s.email,
            "website": s.website,
            "address": ", ".join(p for p in (s.address, f"{s.postcode} {s.city}".strip()) if p),
            "latitude": s.latitude,
            "longitude": s.longitude,
            "categories": [c.name for c in s.categories.all()],
            "hours": [
                {
                    "weekday": h.weekday,
                    "opens_at": h.opens_at.strftime("%H:%M"),
                    "closes_at": h.closes_at.strftime("%H:%M"),
                }
                for h in s.schedules.all()
            ],
            "hours_note": s.hours_note,
            "cost": s.cost,
            "cost_note": s.cost_note,
            # Anyone may tell us an entry is wrong, without an account.
            "report_url": f"/socialmap/report/{s.hsds_id}/",
        }
        for s in qs
    ]


# --- writing -------------------------------------------------------------------------------------


def _check_network(actor: Actor, objs, field: str) -> None:
    for obj in objs:
        if getattr(obj, "network_id", actor.network.pk) != actor.network.pk:
            raise ValidationError({field: _("This belongs to another network.")})


def _validate_schedules(schedules) -> list[tuple]:
    out = []
    for weekday, opens_at, closes_at in schedules:
        if weekday not in range(7):
            raise ValidationError({"schedules": _("Unknown day of the week.")})
        if opens_at >= closes_at:
            raise ValidationError({"schedules": _("The closing time must be after the opening time.")})
        out.append((weekday, opens_at, closes_at))
    return out


def _apply(service: Service, *, fields, categories, target_groups, areas, languages, schedules):
    for k, v in fields.items():
        if k in SERVICE_FIELDS:
            setattr(service, k, v)
    if (service.latitude is None) != (service.longitude is None):
        raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})
    service.full_clean()
    service.save()
    if categories is not None:
        service.categories.set(categories)
    if target_groups is not None:
        service.target_groups.set(target_groups)
    if areas is not None:
        service.areas.set(areas)
    if languages is not None:
        service.languages.set(languages)
    if schedules is not None:
        service.schedules.all().delete()
        ServiceSchedule.objects.bulk_create(
            ServiceSchedule(service=service, weekday=w, opens_at=o, closes_at=c) for w, o, c in schedules
        )


@transaction.atomic
def create_service(
    actor: Actor,
    organisation: Organisation,
    *,
    categories=(),
    target_groups=(),
    areas=(),
    languages=(),
    schedules=(),
    **fields,
) -> Service:
    _require(can_edit_organisation(actor, organisation))
    _check_network(actor, areas, "areas")
    schedules = _validate_schedules(schedules)
    service = Service(organisation=organisation, last_verified_at=timezone.now(), verified_by=actor.user)
    _apply(
        service,
        fields=fields,
        categories=categories,
        target_groups=target_groups,
        areas=areas,
        languages=languages,
        schedules=schedules,
    )
    record(actor, SERVICE_CREATED, obj=service)
    return service


@transaction.atomic
def update_service(
    actor: Actor,
    service: Service,
    *,
    categories=None,
    target_groups=None,
    areas=None,
    languages=None,
    schedules=None,
    **fields,
) -> Service:
    _require(can_edit_service(actor, service))
    if areas is not None:
        _check_network(actor, areas, "areas")
    if schedules is not None:
        schedules = _validate_schedules(schedules)
    service = Service.objects.select_for_update().select_related("organisation").get(pk=service.pk)
    _apply(
        service,
        fields=fields,
        categories=categories,
        target_groups=target_groups,
        areas=areas,
        languages=languages,
        schedules=schedules,
    )
    record(actor, SERVICE_UPDATED, obj=service, data={"fields": sorted(fields)})
    return service


@transaction.atomic
def verify_service(actor: Actor, service: Service) -> Service:
    """The editor confirms the entry is still right."""
    _require(can_edit_service(actor, service))
    now = timezone.now()
    Service.objects.filter(pk=service.pk).update(
        last_verified_at=now, verified_by=actor.user, reminded_at=None
    )
    service.last_verified_at, service.verified_by, service.reminded_at = now, actor.user, None
    record(actor, SERVICE_VERIFIED, obj=service)
    return service


def organisations_with_counts(actor: Actor) -> QuerySet[Organisation]:
    """The network's organisations with their number of active services."""
    from django.db.models import Count

    if not can_view(actor):
        return Organisation.objects.none()
    return Organisation.objects.filter(network=actor.network).annotate(
        active_services=Count("services", filter=Q(services__active=True))
    )


def create_organisation(actor: Actor, **fields) -> Organisation:
    """Through the foundation service (coordinators only); also gives it a stable HSDS id."""
    with transaction.atomic():
        organisation = org_services.create_organisation(actor, **fields)
        profile_for(organisation)
    return organisation


def update_organisation(actor: Actor, organisation: Organisation, **fields) -> Organisation:
    """Through the foundation service (its own permission check and audit)."""
    return org_services.update_organisation(actor, organisation, **fields)


def profile_for(organisation: Organisation) -> OrganisationProfile:
    profile, _created = OrganisationProfile.objects.get_or_create(organisation=organisation)
    return profile


# --- claims --------------------------------------------------------------------------------------


@transaction.atomic
def request_claim(actor: Actor, organisation: Organisation, motivation: str = "") -> EditorClaim:
    _require(can_claim(actor, organisation))
    if EditorClaim.objects.filter(
        organisation=organisation, user=actor.user, status=EditorClaim.Status.PENDING
    ).exists():
        raise ValidationError(_("You already asked for this organisation; a coordinator will answer soon."))
    claim = EditorClaim(organisation=organisation, user=actor.user, motivation=motivation)
    claim.full_clean()
    claim.save()
    record(actor, CLAIM_REQUESTED, obj=claim)
    coordinators = {
        r.person.user
        for r in RoleAssignment.objects.filter(
            person__network=actor.network, role="coordinator", active=True, person__user__isnull=False
        ).select_related("person__user")
    }
    for user in coordinators:
        notify(
            user,
            kind="socialmap.claim",
            params={"org": organisation.name},
            network=actor.network,
        )
    return claim


def pending_claims(actor: Actor) -> QuerySet[EditorClaim]:
    _require(can_manage(actor))
    return EditorClaim.objects.filter(
        organisation__network=actor.network, status=EditorClaim.Status.PENDING
    ).select_related("organisation", "user")


@transaction.atomic
def decide_claim(actor: Actor, claim: EditorClaim, approve: bool) -> EditorClaim:
    """Approval makes the requester partner staff of that organisation, so the normal rules apply."""
    _require(can_manage(actor) and claim.organisation.network_id == actor.network.pk)
    claim = EditorClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != EditorClaim.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    if approve:
        person = Person.objects.filter(user=claim.user, network=actor.network).first()
        if person is None:
            raise ValidationError(_("This person no longer belongs to the network."))
        grant_role(actor, person, "partner", organisation=claim.organisation)
    claim.status = EditorClaim.Status.APPROVED if approve else EditorClaim.Status.REJECTED
    claim.decided_by = actor.user
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    record(actor, CLAIM_DECIDED, obj=claim, data={"approved": approve})
    notify(
        claim.user,
        kind="socialmap.claim_decided",
        params={"org": claim.organisation.name, "approved": approve},
        network=actor.network,
    )
    return claim


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


# --- reminders -----------------------------------------------------------------------------------


def editors_of(organisation: Organisation) -> set:
    """Partner staff of the organisation; when there are none, the coordinators of the network."""
    base = RoleAssignment.objects.filter(active=True, person__user__isnull=False).select_related(
        "person__user"
    )
    users = {r.person.user for r in base.filter(role="partner", organisation=organisation)}
    if not users:
        users = {
            r.person.user for r in base.filter(role="coordinator", person__network_id=organisation.network_id)
        }
    return users


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
