"""Community: meeting places and their routes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.community.models import (
    Place,
    RouteStop,
)
from zorgzaam.community.services.permissions import PLACE_SAVED, can_create_place, can_edit_place, is_member
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor

# --- places ------------------------------------------------------------------------------------


def visible_places(actor: Actor) -> QuerySet[Place]:
    if not is_member(actor):
        return Place.objects.none()
    return (
        Place.objects.filter(network=actor.network, active=True)
        .select_related("area", "owner_organisation", "runner_organisation", "owner_person", "runner_person")
        .prefetch_related("stops")
    )


def get_place(actor: Actor, pk: int) -> Place:
    place = visible_places(actor).filter(pk=pk).first()
    _require(place is not None)
    return place


def _validate_point(errors: dict, lat, lon, field="latitude") -> None:
    if (lat is None) != (lon is None):
        errors[field] = _("Give both latitude and longitude, or neither.")
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors[field] = _("This point is not on the map.")


def parse_route(text: str) -> list[dict]:
    """Route stops, one per line: 'HH:MM; name; latitude; longitude' (point optional)."""
    stops = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            time = dt.time.fromisoformat(parts[0])
            name = parts[1]
            lat = float(parts[2]) if len(parts) > 2 and parts[2] else None
            lon = float(parts[3]) if len(parts) > 3 and parts[3] else None
        except (ValueError, IndexError):
            raise ValidationError(
                {
                    "route": _("Line %(n)s: write 'time; stop; latitude; longitude', e.g. 10:00; Kerkplein.")
                    % {"n": n}
                }
            ) from None
        if not name:
            raise ValidationError({"route": _("Line %(n)s: the stop has no name.") % {"n": n}})
        errors: dict = {}
        _validate_point(errors, lat, lon, "route")
        if errors:
            raise ValidationError(errors)
        stops.append({"time": time, "name": name[:200], "latitude": lat, "longitude": lon})
    return stops


def route_text(place: Place) -> str:
    lines = []
    for s in place.stops.all():
        point = f"; {s.latitude}; {s.longitude}" if s.latitude is not None else ""
        lines.append(f"{s.time:%H:%M}; {s.name}{point}")
    return "\n".join(lines)


@transaction.atomic
def save_place(actor: Actor, place: Place | None = None, *, route=None, **fields) -> Place:
    """Create (place None) or update a place; `route` is a list of stop dicts replacing the route."""
    if place is None:
        _require(can_create_place(actor))
        place = Place(network=actor.network)
    else:
        _require(can_edit_place(actor, place))
        place = Place.objects.select_for_update().get(pk=place.pk)
    for name, value in fields.items():
        setattr(place, name, value)
    errors: dict = {}
    _validate_point(errors, place.latitude, place.longitude)
    bad = set(place.accessibility or []) - set(Place.Feature.values)
    if not isinstance(place.accessibility, list) or bad:
        errors["accessibility"] = _("Unknown accessibility feature.")
    net = actor.network.pk
    for name in ("area", "owner_organisation", "runner_organisation", "owner_person", "runner_person"):
        related = getattr(place, name)
        if related is not None and related.network_id != net:
            errors[name] = _("This belongs to another network.")
    if not actor.covers_area(place.area_id):
        errors["area"] = _("You can only manage places in your own areas.")
    if errors:
        raise ValidationError(errors)
    place.full_clean(exclude=["network"])
    place.save()
    if route is not None:
        place.stops.all().delete()
        RouteStop.objects.bulk_create(
            [RouteStop(place=place, order=i, **stop) for i, stop in enumerate(route, start=1)]
        )
    record(actor, PLACE_SAVED, obj=place, data={"fields": sorted(fields)})
    return place


def public_places(network, *, area=None):
    qs = Place.objects.filter(network=network, active=True).prefetch_related("stops")
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(area__isnull=True) | Q(mobile=True))
    return qs
