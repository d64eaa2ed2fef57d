"""Networks and areas: who may see and configure them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core import uploads
from zorgzaam.core.permissions import deny
from zorgzaam.networks.models import Area, Network

if TYPE_CHECKING:
    # annotations only: people (which owns Actor) depends on this app
    from zorgzaam.people.actor import Actor


def networks_of(user):
    """Networks in which this user has a person record (and so possibly roles)."""
    if user is None or not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(persons__user=user, persons__anonymised_at__isnull=True).distinct()


def can_view_network(actor: Actor, network: Network) -> bool:
    return actor.network is not None and actor.network.pk == network.pk and bool(actor.roles)


def can_manage_network(actor: Actor) -> bool:
    return actor.is_coordinator()


def visible_areas(actor: Actor):
    """Areas are not personal data: anyone with a role in the network sees its areas."""
    if actor.network is None or not actor.roles:
        return Area.objects.none()
    return Area.objects.filter(network=actor.network)


def validate_boundary(boundary) -> dict | None:
    """Accept a GeoJSON Polygon/MultiPolygon (or a Feature wrapping one) in WGS84; return the geometry."""
    if boundary in (None, "", {}):
        return None
    # Pasted, uploaded or sent to the API: one size limit (core.uploads), before it is parsed.
    try:
        size = len(boundary.encode()) if isinstance(boundary, str) else len(json.dumps(boundary))
    except (TypeError, ValueError, RecursionError):
        raise ValidationError({"boundary": _("This is not valid GeoJSON.")}) from None
    try:
        uploads.check_size(uploads.BOUNDARIES, size)
    except uploads.UploadRefused as exc:
        raise ValidationError({"boundary": exc.messages}) from None
    if isinstance(boundary, str):
        try:
            boundary = json.loads(boundary)
        except ValueError:
            raise ValidationError({"boundary": _("This is not valid GeoJSON.")})
    if not isinstance(boundary, dict):
        raise ValidationError({"boundary": _("This is not valid GeoJSON.")})
    if boundary.get("type") == "Feature":
        boundary = boundary.get("geometry") or {}
    if boundary.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError({"boundary": _("The boundary must be a Polygon or MultiPolygon.")})
    from shapely.geometry import shape

    try:
        geom = shape(boundary)
    except Exception:
        raise ValidationError({"boundary": _("This is not valid GeoJSON.")})
    if geom.is_empty or not geom.is_valid:
        raise ValidationError({"boundary": _("The boundary crosses itself or is empty.")})
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationError(
            {"boundary": _("Coordinates must be longitude/latitude (WGS84); was Lambert-72 given?")}
        )
    return boundary


@transaction.atomic
def create_area(actor: Actor, *, name: str, slug: str, description: str = "", boundary=None) -> Area:
    if not can_manage_network(actor):
        deny()
    area = Area(
        network=actor.network,
        name=name,
        slug=slug,
        description=description,
        boundary=validate_boundary(boundary),
    )
    area.full_clean()
    area.save()
    record(actor, kinds.AREA_CREATED, obj=area)
    return area


@transaction.atomic
def update_area(actor: Actor, area: Area, **fields) -> Area:
    if not can_manage_network(actor) or area.network_id != actor.network.pk:
        deny()
    if "boundary" in fields:
        fields["boundary"] = validate_boundary(fields["boundary"])
    for name in ("name", "slug", "description", "boundary"):
        if name in fields:
            setattr(area, name, fields[name])
    area.full_clean()
    area.save()
    record(actor, kinds.AREA_UPDATED, obj=area, data={"fields": sorted(fields)})
    return area


@transaction.atomic
def update_network(actor: Actor, **fields) -> Network:
    if not can_manage_network(actor):
        deny()
    network = Network.objects.select_for_update().get(pk=actor.network.pk)
    for name in (
        "name",
        "description",
        "municipality",
        "nis_code",
        "k_anonymity",
        "retention_months",
        "require_2fa_coordinators",
    ):
        if name in fields:
            setattr(network, name, fields[name])
    network.full_clean()
    network.save()
    record(actor, kinds.NETWORK_UPDATED, obj=network, data={"fields": sorted(fields)})
    return network
