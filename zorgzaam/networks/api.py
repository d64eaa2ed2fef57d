from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from zorgzaam.networks import services
from zorgzaam.networks.models import Area
from zorgzaam.people.actor import api_actor

router = Router(tags=["networks"])


class NetworkOut(Schema):
    id: int
    name: str
    slug: str
    municipality: str
    nis_code: str


class AreaOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    boundary: dict | None


class AreaIn(Schema):
    name: str
    slug: str
    description: str = ""
    boundary: dict | None = None


class AreaPatch(Schema):
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    boundary: dict | None = None


@router.get("/", response=list[NetworkOut])
def list_networks(request):
    return list(services.networks_of(request.user))


@router.get("/{network}/areas", response=list[AreaOut])
def list_areas(request, network: str):
    return list(services.visible_areas(api_actor(request, network)))


@router.post("/{network}/areas", response={201: AreaOut})
def create_area(request, network: str, payload: AreaIn):
    return Status(201, services.create_area(api_actor(request, network), **payload.dict()))


@router.patch("/{network}/areas/{area_id}", response=AreaOut)
def update_area(request, network: str, area_id: int, payload: AreaPatch):
    actor = api_actor(request, network)
    area = get_object_or_404(services.visible_areas(actor), pk=area_id)
    return services.update_area(actor, area, **payload.dict(exclude_unset=True))


__all__ = ["router", "Area"]
