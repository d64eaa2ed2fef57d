"""Valued roles over the API: the same services and rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import api_actor
from zorgzaam.people.models import Person, Tag
from zorgzaam.valuedroles import services
from zorgzaam.valuedroles.models import RoleHolding

router = Router(tags=["valuedroles"])


class RoleOut(Schema):
    id: int
    title: str
    description: str
    talents: list[str]
    components: list[str]
    required_capacity: int
    hours_per_week: Decimal
    place: str
    organisation_id: int | None
    area_id: int | None
    availability: list[str]
    active: bool

    @staticmethod
    def resolve_talents(obj):
        return [t.code for t in obj.talents.all()]


class RoleIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    talents: list[str] = []
    components: list[str] = []
    required_capacity: int = Field(1, ge=0, le=3)
    hours_per_week: Decimal = Field(Decimal("2"), ge=0, le=60)
    place: str = Field("", max_length=200)
    organisation_id: int | None = None
    area_id: int | None = None
    availability: list[str] = []
    active: bool = True


class HoldingIn(Schema):
    person_id: int
    start_on: dt.date | None = None
    review_on: dt.date | None = None
    note: str = Field("", max_length=300)


class HoldingOut(Schema):
    id: int
    role_id: int
    person_id: int
    start_on: dt.date
    end_on: dt.date | None
    review_on: dt.date | None


class RoleSuggestionOut(Schema):
    person_id: int
    name: str
    score: int
    reasons: list[str]


class ComponentOut(Schema):
    code: str
    nl: str
    fr: str
    en: str


def _fields(actor, payload: RoleIn) -> tuple[dict, list]:
    data = payload.dict()
    codes = set(data.pop("talents"))
    talents = list(
        Tag.objects.filter(code__in=codes).filter(Q(network__isnull=True) | Q(network=actor.network))
    )
    if {t.code for t in talents} != codes:
        raise ValidationError({"talents": _("Unknown talent.")})
    org_id, area_id = data.pop("organisation_id"), data.pop("area_id")
    data["organisation"] = (
        Organisation.objects.filter(pk=org_id, network=actor.network).first() if org_id else None
    )
    data["area"] = Area.objects.filter(pk=area_id, network=actor.network).first() if area_id else None
    if org_id and data["organisation"] is None:
        raise ValidationError({"organisation_id": _("Unknown organisation.")})
    if area_id and data["area"] is None:
        raise ValidationError({"area_id": _("Unknown area.")})
    return data, talents


@router.get("/components", response=list[ComponentOut])
def list_components(request):
    return services.components()


@router.get("/roles", response=list[RoleOut])
def list_roles(request, network: str | None = None):
    return list(services.visible_roles(api_actor(request, network)))


@router.post("/roles", response={201: RoleOut})
def create_role(request, payload: RoleIn, network: str | None = None):
    actor = api_actor(request, network)
    data, talents = _fields(actor, payload)
    return Status(201, services.save_role(actor, None, talents=talents, **data))


@router.get("/roles/{pk}", response=RoleOut)
def get_role(request, pk: int, network: str | None = None):
    return services.get_role(api_actor(request, network), pk)


@router.put("/roles/{pk}", response=RoleOut)
def update_role(request, pk: int, payload: RoleIn, network: str | None = None):
    actor = api_actor(request, network)
    role = services.get_role(actor, pk)
    data, talents = _fields(actor, payload)
    return services.save_role(actor, role, talents=talents, **data)


@router.get("/roles/{pk}/holders", response=list[HoldingOut])
def list_holders(request, pk: int, network: str | None = None):
    actor = api_actor(request, network)
    return services.holders(actor, services.get_role(actor, pk))


@router.post("/roles/{pk}/holders", response={201: HoldingOut})
def add_holder(request, pk: int, payload: HoldingIn, network: str | None = None):
    actor = api_actor(request, network)
    role = services.get_role(actor, pk)
    person = Person.objects.filter(pk=payload.person_id, network=actor.network).first()
    if person is None:
        raise ValidationError({"person_id": _("Unknown person.")})
    data = payload.dict()
    data.pop("person_id")
    return Status(201, services.assign(actor, role, person, **data))


@router.post("/holdings/{pk}/end", response=HoldingOut)
def end_holding(request, pk: int, network: str | None = None):
    actor = api_actor(request, network)
    holding = (
        RoleHolding.objects.select_related("role", "person")
        .filter(pk=pk, role__network=actor.network)
        .first()
    )
    if holding is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return services.end_holding(actor, holding)


@router.get("/roles/{pk}/suggestions", response=list[RoleSuggestionOut])
def suggestions(request, pk: int, network: str | None = None):
    actor = api_actor(request, network)
    role = services.get_role(actor, pk)
    return [
        {
            "person_id": r["person"].pk,
            "name": r["person"].full_name,
            "score": r["score"],
            "reasons": r["reasons"],
        }
        for r in services.suggest(actor, role)
    ]
