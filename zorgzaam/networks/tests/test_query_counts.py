"""Exact query counts (issue 10 item 9): the area list page and the networks and areas endpoints
with 1 and with 20 rows make the same, exact number of queries."""

import pytest

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.networks.models import Area, Network
from zorgzaam.people.models import Person, RoleAssignment

pytestmark = pytest.mark.django_db


def test_network_lists(users, client_of, network):
    coordinator = users["coordinator"]

    def rows(n):
        for _ in range(n):
            i = Area.objects.count()
            Area.objects.create(network=network, name=f"Wijk {i}", slug=f"wijk-{i}")
            other = Network.objects.create(name=f"Net {i}", slug=f"net-{i}", municipality="Elders")
            person = Person.objects.create(
                network=other, user=coordinator, first_name="Coord", last_name="Elders"
            )
            RoleAssignment.objects.create(person=person, role="coordinator")

    c = client_of(coordinator)
    cases = [(c, "/areas/", 8), (c, "/api/networks/", 4), (c, "/api/networks/testgem/areas", 7)]
    assert_queries_per_page(cases, rows)
