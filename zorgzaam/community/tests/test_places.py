import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.community import services
from zorgzaam.community.models import Place

pytestmark = pytest.mark.django_db


def test_mobile_place_with_route(users, actor_of, areas, organisation):
    coord = actor_of(users["coordinator"])
    route = services.parse_route("11:00; Kerkplein; 50.9; 4.0\n\n11:30; Hoek Pastorijstraat")
    place = services.save_place(
        coord,
        None,
        name="Soepkar",
        kind="cart",
        mobile=True,
        runner_organisation=organisation,
        accessibility=["seating"],
        route=route,
    )
    assert [(s.order, s.time, s.name) for s in place.stops.all()] == [
        (1, dt.time(11, 0), "Kerkplein"),
        (2, dt.time(11, 30), "Hoek Pastorijstraat"),
    ]
    assert services.route_text(place).splitlines()[0] == "11:00; Kerkplein; 50.9; 4.0"


@pytest.mark.parametrize("text", ["11u; Kerkplein", "11:00", "11:00; ; 1; 2", "11:00; Plein; 95; 4"])
def test_bad_route_lines(text):
    with pytest.raises(ValidationError):
        services.parse_route(text)


def test_place_rules_change_nothing_on_bad_input(users, actor_of, areas, other_network):
    from zorgzaam.networks.models import Area

    coord = actor_of(users["coordinator"])
    foreign = Area.objects.create(network=other_network, name="X", slug="x")
    for bad in (
        {"accessibility": ["lift"]},
        {"latitude": 50.0},
        {"area": foreign},
    ):
        with pytest.raises(ValidationError):
            services.save_place(coord, None, name="Plek", **bad)
    assert not Place.objects.exists()


def test_professional_manages_own_area_only(users, actor_of, areas):
    prof = actor_of(users["professional"])
    place = services.save_place(prof, None, name="Noord", area=areas["north"])
    with pytest.raises(ValidationError):
        services.save_place(prof, None, name="Zuid", area=areas["south"])
    south = Place.objects.create(network=place.network, name="Zuid", area=areas["south"])
    with pytest.raises(PermissionDenied):
        services.save_place(prof, south, name="Zuid 2")
    for role in ("volunteer", "resident", "partner", "policy"):
        with pytest.raises(PermissionDenied):
            services.save_place(actor_of(users[role]), None, name="X")
    assert Place.objects.count() == 2


def test_places_never_cross_networks(users, actor_of, other_network, place):
    with pytest.raises(PermissionDenied):
        services.get_place(actor_of(users["outsider"], other_network), place.pk)
    assert list(services.visible_places(actor_of(users["outsider"], other_network))) == []
