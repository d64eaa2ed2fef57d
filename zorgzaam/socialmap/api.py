"""Social map over the API: the same services, so the same permission rules as the UI."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zorgzaam.core.api_types import Id, LocalTime, Pagination
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import api_actor
from zorgzaam.people.models import Language
from zorgzaam.socialmap import hsds, services
from zorgzaam.socialmap.models import Category, TargetGroup

router = Router(tags=["socialmap"])


class ScheduleOut(Schema):
    weekday: int
    opens_at: LocalTime
    closes_at: LocalTime


class ServiceOut(Schema):
    id: int
    hsds_id: str
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    name: str
    description: str
    email: str
    phone: str
    website: str
    accepts_referrals: bool
    active: bool
    cost: str
    cost_note: str
    hours_note: str
    address: str
    postcode: str
    city: str
    latitude: float | None
    longitude: float | None
    wheelchair_accessible: bool
    hearing_loop: bool
    home_visits: bool
    phone_only: bool
    easy_read: bool
    last_verified_at: dt.datetime | None
    may_be_outdated: bool
    categories: list[str]
    target_groups: list[str]
    areas: list[int]
    languages: list[str]
    schedules: list[ScheduleOut]

    @staticmethod
    def resolve_hsds_id(obj):
        return str(obj.hsds_id)

    @staticmethod
    def resolve_may_be_outdated(obj):
        return services.is_outdated(obj)

    @staticmethod
    def resolve_categories(obj):
        return [c.code for c in obj.categories.all()]

    @staticmethod
    def resolve_target_groups(obj):
        return [t.code for t in obj.target_groups.all()]

    @staticmethod
    def resolve_areas(obj):
        return [a.pk for a in obj.areas.all()]

    @staticmethod
    def resolve_languages(obj):
        return [lang.code for lang in obj.languages.all()]

    @staticmethod
    def resolve_schedules(obj):
        return list(obj.schedules.all())


class ScheduleIn(Schema):
    weekday: int = Field(..., ge=0, le=6)
    opens_at: LocalTime
    closes_at: LocalTime


class ServicePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    website: str | None = Field(None, max_length=200)
    accepts_referrals: bool | None = None
    active: bool | None = None
    cost: str | None = None
    cost_note: str | None = Field(None, max_length=200)
    hours_note: str | None = Field(None, max_length=300)
    address: str | None = Field(None, max_length=200)
    postcode: str | None = Field(None, max_length=10)
    city: str | None = Field(None, max_length=100)
    latitude: float | None = None
    longitude: float | None = None
    wheelchair_accessible: bool | None = None
    hearing_loop: bool | None = None
    home_visits: bool | None = None
    phone_only: bool | None = None
    easy_read: bool | None = None
    categories: list[str] | None = None
    target_groups: list[str] | None = None
    areas: list[Id] | None = None
    languages: list[str] | None = None
    schedules: list[ScheduleIn] | None = None


class ServiceIn(ServicePatch):
    organisation_id: int
    name: str = Field(..., min_length=1, max_length=200)


class ServiceFilter(Schema):
    network: str | None = None
    q: str = ""
    category: str | None = None
    target_group: str | None = None
    area: int | None = None
    language: str | None = None
    accessibility: list[str] = []
    open_now: bool = False


class ReportIn(Schema):
    what_is_wrong: str = Field(..., min_length=1, max_length=1000)


class ReportOut(Schema):
    id: int
    service_id: int
    what_is_wrong: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None


def _lookup(model, codes, field, actor=None):
    if codes is None:
        return None
    key = "code" if model is not Area else "pk"
    qs = model.objects.filter(**{f"{key}__in": codes})
    if model is Area:
        qs = qs.filter(network=actor.network)
    found = {getattr(x, key): x for x in qs}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(
            {field: _("Unknown value: %(value)s.") % {"value": ", ".join(map(str, missing))}}
        )
    return [found[c] for c in codes]


def _kwargs(actor, payload: ServicePatch) -> dict:
    data = payload.dict(exclude_unset=True)
    data.pop("organisation_id", None)
    out = {k: v for k, v in data.items() if k in services.SERVICE_FIELDS}
    out["categories"] = _lookup(Category, data.get("categories"), "categories")
    out["target_groups"] = _lookup(TargetGroup, data.get("target_groups"), "target_groups")
    out["languages"] = _lookup(Language, data.get("languages"), "languages")
    out["areas"] = _lookup(Area, data.get("areas"), "areas", actor)
    if payload.schedules is not None:
        out["schedules"] = [(s.weekday, s.opens_at, s.closes_at) for s in payload.schedules]
    return out


@router.get("/services", response=list[ServiceOut])
@paginate(Pagination)
def list_services(request, filters: Query[ServiceFilter]):
    actor = api_actor(request, filters.network)
    return services.search_services(
        actor,
        q=filters.q,
        category=Category.objects.filter(code=filters.category).first() if filters.category else None,
        target_group=TargetGroup.objects.filter(code=filters.target_group).first()
        if filters.target_group
        else None,
        area=filters.area,
        language=filters.language,
        accessibility=filters.accessibility,
        open_now=filters.open_now,
    )


@router.get("/services/{pk}", response=ServiceOut)
def get_service(request, pk: int, network: str | None = None):
    return services.get_service(api_actor(request, network), pk)


@router.post("/services", response={201: ServiceOut})
def create_service(request, payload: ServiceIn, network: str | None = None):
    actor = api_actor(request, network)
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id, network=actor.network)
    kwargs = {
        k: v for k, v in _kwargs(actor, payload).items() if v is not None or k in ("latitude", "longitude")
    }
    service = services.create_service(actor, organisation, **kwargs)
    return Status(201, services.get_service(actor, service.pk))


@router.patch("/services/{pk}", response=ServiceOut)
def update_service(request, pk: int, payload: ServicePatch, network: str | None = None):
    actor = api_actor(request, network)
    service = services.get_service(actor, pk)
    services.update_service(actor, service, **_kwargs(actor, payload))
    return services.get_service(actor, pk)


@router.post("/services/{pk}/verify", response=ServiceOut)
def verify_service(request, pk: int, network: str | None = None):
    actor = api_actor(request, network)
    services.verify_service(actor, services.get_service(actor, pk))
    return services.get_service(actor, pk)


@router.post("/services/{pk}/reports", response={201: ReportOut})
def report_service(request, pk: int, payload: ReportIn, network: str | None = None):
    actor = api_actor(request, network)
    return Status(
        201, services.report_outdated(actor, services.get_service(actor, pk), payload.what_is_wrong)
    )


@router.get("/hsds/export.json")
def export_json(request, network: str | None = None):
    return HttpResponse(hsds.export_json(api_actor(request, network)), content_type="application/json")


@router.get("/hsds/export.zip")
def export_zip(request, network: str | None = None):
    return HttpResponse(hsds.export_csv_zip(api_actor(request, network)), content_type="application/zip")


@router.post("/hsds/import")
def import_file(request, file: File[UploadedFile], network: str | None = None):
    """Import HSDS 3.0 JSON or a ZIP of its CSV tables (told by the file name): all or nothing. Refused
    with 422 when over the size limit (ZORGZAAM_UPLOAD_LIMITS["hsds"]) or an unsafe ZIP; at most 100
    problems are listed, the last line counting the rest."""
    return hsds.import_hsds(api_actor(request, network), file)
