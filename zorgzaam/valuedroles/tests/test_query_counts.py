"""Exact query counts (issue 10 item 9): every list page and list endpoint of valued roles with 1 and
with 20 rows makes the same, exact number of queries."""

import pytest

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.people.models import PersonTag, Tag
from zorgzaam.valuedroles import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def tag(db):
    return Tag.objects.create(
        code="koken", domain="hands", name_nl="koken", name_fr="cuisine", name_en="cooking"
    )


@pytest.fixture
def main_role(users, actor_of, tag):
    return services.save_role(actor_of(users["coordinator"]), title="Kok", talents=[tag])


@pytest.fixture
def rows(users, actor_of, network, areas, make_person, tag, main_role):
    """rows(n): n roles, and n people who cook: each holds the main role (and is suggested for it)."""
    coord = actor_of(users["coordinator"])

    def make(n):
        for _ in range(n):
            p = make_person(network, area=areas["north"])
            PersonTag.objects.create(person=p, tag=tag, kind=PersonTag.Kind.TALENT)
            services.save_role(coord, title=f"Rol {p.pk}", talents=[tag])
            services.assign(coord, main_role, p)
            q = make_person(network, area=areas["north"])
            PersonTag.objects.create(person=q, tag=tag, kind=PersonTag.Kind.TALENT)

    return make


def test_valued_role_lists(users, client_of, rows, main_role):
    coord = client_of(users["coordinator"])
    pk = main_role.pk
    cases = [
        (coord, "/valuedroles/", 10),
        (coord, f"/valuedroles/{pk}/", 11),  # the person picker lists nobody until searched
        (coord, f"/valuedroles/{pk}/suggestions/", 11),
        (coord, "/api/valuedroles/components", 4),
        (coord, "/api/valuedroles/roles", 7),
        (coord, f"/api/valuedroles/roles/{pk}/holders", 8),
        (coord, f"/api/valuedroles/roles/{pk}/suggestions", 9),
    ]
    assert_queries_per_page(cases, rows)
