"""Who is acting: the logged-in user, in which network, through which of their roles, and, in assisted
use, on behalf of which resident. Every service takes an Actor as its first argument."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class Actor:
    user: object | None
    network: object | None
    person: object | None = None  # the user's own Person in this network
    on_behalf_of: object | None = None  # the resident this user is acting for, if any
    via: str = "ui"
    ip: str | None = None
    system: bool = False  # background tasks and the CLI, never a request
    _roles: list | None = field(default=None, repr=False)

    @cached_property
    def roles(self) -> list:
        """Active RoleAssignments of this person (one query, cached)."""
        if self._roles is not None:
            return self._roles
        if self.person is None:
            return []
        from zorgzaam.people.models import RoleAssignment

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
        return self.has_role("coordinator")

    def is_staff(self) -> bool:
        """Coordinator or neighbourhood professional (anywhere in the network)."""
        return self.has_role("coordinator", "professional")

    def area_ids(self, *roles: str) -> set | None:
        """Areas the given roles cover: None means the whole network, an empty set means none."""
        ids: set = set()
        found = False
        for r in self.roles:
            if r.role in roles:
                found = True
                if r.area_id is None:
                    return None
                ids.add(r.area_id)
        return ids if found else set()

    def organisation_ids(self) -> set:
        return {r.organisation_id for r in self.roles if r.role == "partner" and r.organisation_id}

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and getattr(self.user, "is_authenticated", False))


def is_staff(actor: Actor) -> bool:
    return actor.is_staff()


def build_actor(user, network=None, *, via: str = "ui", ip: str | None = None, on_behalf_of_id=None) -> Actor:
    """Resolve the Person of `user` in `network` (default: their first network) and assisted use."""
    from zorgzaam.people.models import Person

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
        from zorgzaam.people import services as people_services

        target = Person.objects.filter(pk=on_behalf_of_id, network=network).first()
        if target is not None and people_services.can_act_for(actor, target):
            actor.on_behalf_of = target
    return actor


def system_actor(network=None) -> Actor:
    """For background tasks and the CLI: no user, full trust, logged with via='task'."""
    return Actor(user=None, network=network, via="task", system=True, _roles=[])


def _is_ascii_digits(value) -> bool:
    # str.isdigit() is also true for "²", which int() refuses (a 500): ids are plain ASCII digits.
    return bool(value) and str(value).isascii() and str(value).isdigit()


def api_actor(request, network: str | int | None = None) -> Actor:
    """The Actor for an API call: the authenticated user in the network named by id or slug
    (default: their first network). A network the user has no person in gives an actor without roles."""
    from zorgzaam.core.middleware import client_ip  # imports this module
    from zorgzaam.networks.models import Network

    net = None
    if network not in (None, ""):
        lookup = {"pk": int(network)} if _is_ascii_digits(network) else {"slug": network}
        net = Network.objects.filter(**lookup).first()
        if net is None:
            from django.http import Http404

            raise Http404
    on_behalf = request.headers.get("X-On-Behalf-Of")
    return build_actor(
        request.user,
        net,
        via="api",
        ip=client_ip(request),
        on_behalf_of_id=int(on_behalf) if _is_ascii_digits(on_behalf) else None,
    )
