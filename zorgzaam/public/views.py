from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from zorgzaam.community import ical
from zorgzaam.community.models import Place
from zorgzaam.community.views import place_points
from zorgzaam.public import services


def network_index(request, network):
    net = services.get_network(network)
    return render(
        request,
        "public/network.html",
        {"network": net, "areas": net.areas.all(), "contacts": services.help_contacts(net)},
    )


def _points(places, area=None):
    return {
        "points": place_points(places),
        "boundary": area.boundary if area is not None else None,
    }


def area_page(request, network, area):
    net = services.get_network(network)
    ctx = services.area_page(net, services.get_area(net, area))
    ctx["map_data"] = _points(ctx["places"], ctx["area"])
    return render(request, "public/area.html", ctx)


def area_flyer(request, network, area):
    net = services.get_network(network)
    pdf = services.flyer_pdf(net, services.get_area(net, area))
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="{net.slug}-{area}.pdf"'
    return resp


@cache_control(max_age=900, public=True)
def area_ical(request, network, area):
    net = services.get_network(network)
    the_area = services.get_area(net, area)
    data = ical.feed(net, area=the_area, name=f"{net.name} · {the_area.name}")
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")


@cache_control(max_age=900, public=True)
def place_ical(request, network, pk):
    from django.shortcuts import get_object_or_404

    net = services.get_network(network)
    place = get_object_or_404(Place, pk=pk, network=net, active=True)
    data = ical.feed(net, place=place, name=f"{net.name} · {place.name}")
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")
