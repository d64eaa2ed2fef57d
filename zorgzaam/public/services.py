"""The public neighbourhood page: what is on, where, and who to call. No login and no personal data:
only activities marked public, places, organisations' desk numbers and the social map's services."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from zorgzaam.community import services as community
from zorgzaam.core.links import absolute_url
from zorgzaam.networks.models import Area, Network
from zorgzaam.organisations.models import Organisation

HELP_KINDS = ("ldc", "municipality", "welfare")


def get_network(slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    return network


def get_area(network: Network, slug: str) -> Area:
    area = Area.objects.filter(network=network, slug=slug).first()
    if area is None:
        raise Http404
    return area


def help_contacts(network: Network) -> list[Organisation]:
    """Where to ask for help: the LDC first, then the municipality/OCMW and welfare desks."""
    orgs = Organisation.objects.filter(network=network, kind__in=HELP_KINDS).exclude(phone="", address="")
    order = {k: i for i, k in enumerate(HELP_KINDS)}
    return sorted(orgs, key=lambda o: (order.get(o.kind, 9), o.name))


def social_services(network: Network, area=None) -> list[dict]:
    """The social map's public list (plain dicts: name, organisation, description, phone); a fallback
    on the bare Service model when the social map app does not offer `public_services`."""
    try:
        from zorgzaam.socialmap.services import public_services
    except ImportError:
        public_services = None
    if public_services is not None:
        return list(public_services(network, area=area))
    from zorgzaam.socialmap.models import Service

    return list(
        Service.objects.filter(organisation__network=network, active=True).select_related("organisation")
    )


def area_page(network: Network, area: Area) -> dict:
    return {
        "network": network,
        "area": area,
        "occurrences": list(
            community.public_occurrences(network, area=area, days=30).filter(cancelled=False)[:30]
        ),
        "places": list(community.public_places(network, area=area)),
        "contacts": help_contacts(network),
        "services": social_services(network, area=area),
    }


def flyer_pdf(network: Network, area: Area) -> bytes:
    from zorgzaam.community.pdf import flyer

    ctx = area_page(network, area)
    # The page lists network-wide places too; the flyer is for one area's letterboxes: its own
    # places, plus mobile ones that belong to no single area.
    places = [p for p in ctx["places"] if p.area_id == area.pk or (p.mobile and p.area_id is None)]
    url = absolute_url(reverse("public:area", args=[network.slug, area.slug]))
    return flyer(network, area, ctx["occurrences"], places, ctx["contacts"], ctx["services"], url=url)
