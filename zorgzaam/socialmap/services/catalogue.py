"""Social map: reading, searching and editing services and organisations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.organisations import services as org_services
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import Actor
from zorgzaam.socialmap.models import (
    OrganisationProfile,
    Service,
    ServiceSchedule,
)
from zorgzaam.socialmap.services.permissions import (
    SERVICE_CREATED,
    SERVICE_FIELDS,
    SERVICE_UPDATED,
    SERVICE_VERIFIED,
    can_edit_organisation,
    can_edit_service,
    can_view,
)


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
