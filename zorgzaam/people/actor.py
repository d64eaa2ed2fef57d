"""Who is acting: the logged-in user, in which network, through which of their roles, and, in assisted
use, on behalf of which resident. Every service takes an Actor as its first argument.

The actor lives beside `Role` and `RoleAssignment` (the app that owns roles), so `core` stays the
ground floor: `core.middleware` builds it through the builder this app registers
(`registry.register_actor_builder`, see `PeopleConfig.ready`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404, HttpRequest

from zorgzaam.core.middleware import SESSION_NETWORK, SESSION_ON_BEHALF, client_ip
from zorgzaam.networks.models import Network
from zorgzaam.people.models import Person, Role, RoleAssignment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zorgzaam.accounts.models import User


@dataclass
class Actor:
    user: User | AnonymousUser | None
    network: Network | None
    person: Person | None = None  # the user's own Person in this network
    on_behalf_of: Person | None = None  # the resident this user is acting for, if any
    via: str = "ui"
    ip: str | None = None
    system: bool = False  # background tasks and the CLI, never a request
    _roles: list[RoleAssignment] | None = field(default=None, repr=False)

    @cached_property
    def roles(self) -> list[RoleAssignment]:
        """Active RoleAssignments of this person (one query, cached)."""
        if self._roles is not None:
            return self._roles
        if self.person is None:
            return []
        return list(
            RoleAssignment.objects.filter(person=self.person, active=True).select_related(
                "area", "organisation", "volunteer_kind"
            )
        )

    def has_role(self, *roles: str, area=None) -> bool:
        """True when the person holds one of `roles`, network-wide or (with area) for that area."""
        area_id = getattr(area, "pk", area)
        for r in self.roles:
            if r.role in roles and (area_id is None or r.area_id is None or r.area_id == area_id):
                return True
        return False

    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    def is_staff(self) -> bool:
        """Coordinator or neighbourhood professional (anywhere in the network)."""
        return self.has_role(Role.COORDINATOR, Role.PROFESSIONAL)

    def area_ids(self, *roles: str) -> set[int] | None:
        """Areas the given roles cover: None means the whole network, an empty set means none."""
        ids: set[int] = set()
        found = False
        for r in self.roles:
            if r.role in roles:
                found = True
                if r.area_id is None:
                    return None
                ids.add(r.area_id)
        return ids if found else set()

    def covered_area_ids(self) -> set[int] | None:
        """The areas this actor covers as staff (the one rule for area coverage): None for every
        area of the network (a coordinator, a professional without an area), a professional's areas
        otherwise, an empty set for everyone else. Rows without an area are covered only
        network-wide."""
        if self.is_coordinator():
            return None
        return self.area_ids(Role.PROFESSIONAL)

    def covers_area(self, area) -> bool:
        """Whether the actor covers this area (an Area, its id, or None for "no area") as staff.
        The caller checks that the object is of the actor's network."""
        areas = self.covered_area_ids()
        area_id = getattr(area, "pk", area)
        return areas is None or (area_id is not None and area_id in areas)

    def area_q(self, field: str = "area") -> Q:
        """Rows whose `field` (a foreign key to Area, e.g. "person__area") the actor covers. For the
        whole network a condition that matches every row and, unlike Q(), survives being OR-ed."""
        areas = self.covered_area_ids()
        if areas is None:
            return ~Q(pk__in=[])
        return Q(**{f"{field}__in": sorted(areas)})

    def organisation_ids(self) -> set[int]:
        return {r.organisation_id for r in self.roles if r.role == Role.PARTNER and r.organisation_id}

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and getattr(self.user, "is_authenticated", False))


def is_staff(actor: Actor) -> bool:
    return actor.is_staff()


def can_act_for(actor: Actor, person: Person) -> bool:
    """Assisted use: coordinators and professionals for the people they may see, volunteers with
    `may_assist` for the people of their area. Never for oneself, never across networks."""
    if actor.network is None or person.network_id != actor.network.pk or person.anonymised_at:
        return False
    if actor.person is not None and actor.person.pk == person.pk:
        return False
    if actor.covers_area(person.area_id):
        return True
    return any(
        r.role == Role.VOLUNTEER and r.may_assist and (r.area_id is None or r.area_id == person.area_id)
        for r in actor.roles
    )


def build_actor(
    user, network: Network | None = None, *, via: str = "ui", ip: str | None = None, on_behalf_of_id=None
) -> Actor:
    """Resolve the Person of `user` in `network` (default: their first network) and assisted use."""
    person = None
    if user is not None and getattr(user, "is_authenticated", False):
        qs = Person.objects.filter(user=user, anonymised_at__isnull=True).select_related("network")
        if network is not None:
            qs = qs.filter(network=network)
        person = qs.order_by("network_id").first()
        if person is not None and network is None:
            network = person.network
    actor = Actor(user=user, network=network, person=person, via=via, ip=ip)
    if on_behalf_of_id and network is not None:
        target = Person.objects.filter(pk=on_behalf_of_id, network=network).first()
        if target is not None and can_act_for(actor, target):
            actor.on_behalf_of = target
    return actor


def request_actor(request: HttpRequest) -> Actor:
    """The Actor of a page request: the network and assisted use chosen in the session.
    Registered as core's actor builder (ActorMiddleware calls it lazily)."""
    session = getattr(request, "session", None)
    network = None
    network_id = session.get(SESSION_NETWORK) if session is not None else None
    if network_id:
        network = Network.objects.filter(pk=network_id).first()
    return build_actor(
        request.user,
        network,
        via="ui",
        ip=client_ip(request),
        on_behalf_of_id=session.get(SESSION_ON_BEHALF) if session is not None else None,
    )


def system_actor(network: Network | None = None) -> Actor:
    """For background tasks and the CLI: no user, full trust, logged with via='task'."""
    return Actor(user=None, network=network, via="task", system=True, _roles=[])


def _is_ascii_digits(value) -> bool:
    # str.isdigit() is also true for "²", which int() refuses (a 500): ids are plain ASCII digits.
    return bool(value) and str(value).isascii() and str(value).isdigit()


def api_actor(request: HttpRequest, network: str | int | None = None) -> Actor:
    """The Actor for an API call: the authenticated user in the network named by id or slug
    (default: their first network). A network the user has no person in gives an actor without roles."""
    net = None
    if network not in (None, ""):
        lookup = {"pk": int(network)} if _is_ascii_digits(network) else {"slug": network}
        net = Network.objects.filter(**lookup).first()
        if net is None:
            raise Http404
    on_behalf = request.headers.get("X-On-Behalf-Of")
    return build_actor(
        request.user,
        net,
        via="api",
        ip=client_ip(request),
        on_behalf_of_id=int(on_behalf) if _is_ascii_digits(on_behalf) else None,
    )
