"""Sectors: who may manage layers, read indicators and see an area (predicates and guarded fetches)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.core.permissions import deny
from zorgzaam.networks.models import Area
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Role

SECTORS_IMPORTED = kinds.register("sectors.imported", gettext_lazy("Sector layer imported"))
AREA_SECTORS_CHANGED = kinds.register("sectors.area_changed", gettext_lazy("Sectors of an area changed"))
INDICATORS_IMPORTED = kinds.register("sectors.indicators_imported", gettext_lazy("Indicator table imported"))
INDICATOR_SAVED = kinds.register("sectors.indicator_saved", gettext_lazy("Indicator saved"))


# --- permissions --------------------------------------------------------------------------------


def _is_system(actor: Actor) -> bool:
    return actor.user is None and (actor.system or actor.via == "task")


def is_platform_admin(actor: Actor) -> bool:
    """Writes shared by all networks (sector layers, indicator values, the catalogue): a Django
    superuser or system work only. A coordinator's authority stops at their own network."""
    if _is_system(actor):
        return True
    return actor.is_authenticated and bool(getattr(actor.user, "is_superuser", False))


def can_manage(actor: Actor) -> bool:
    """Per-network management (the sectors of the network's areas): its coordinators."""
    if _is_system(actor):
        return True
    return actor.network is not None and actor.is_authenticated and actor.is_coordinator()


def can_see_layers(actor: Actor) -> bool:
    """The sector layer pages: staff who read sector rows, and the platform administrator."""
    return can_read_sector_rows(actor) or is_platform_admin(actor)


def can_read_indicators(actor: Actor) -> bool:
    return (
        actor.network is not None
        and actor.is_authenticated
        and actor.has_role(Role.COORDINATOR, Role.PROFESSIONAL, Role.POLICY)
    )


def can_read_sector_rows(actor: Actor, area: Area | None = None) -> bool:
    """Sector-level rows (and maps) for staff; policy viewers see area aggregates only."""
    if actor.network is None or not actor.is_authenticated:
        return False
    if area is not None and area.network_id != actor.network.pk:
        return False
    if actor.is_coordinator():
        return True
    if area is None:
        return actor.has_role(Role.PROFESSIONAL)
    return actor.has_role(Role.PROFESSIONAL, area=area)


def can_read_area(actor: Actor, area: Area) -> bool:
    if actor.network is None or area.network_id != actor.network.pk:
        return False
    if actor.is_coordinator() or actor.has_role(Role.POLICY):
        return True
    return actor.has_role(Role.PROFESSIONAL, area=area)


def readable_areas(actor: Actor) -> QuerySet[Area]:
    if not can_read_indicators(actor):
        return Area.objects.none()
    qs = Area.objects.filter(network=actor.network)
    if actor.has_role(Role.POLICY):
        return qs
    return qs.filter(actor.area_q("pk"))


def get_area(actor: Actor, area_id: int) -> Area:
    area = Area.objects.filter(pk=area_id).select_related("network").first()
    if area is None or not can_read_area(actor, area):
        deny()
    return area
