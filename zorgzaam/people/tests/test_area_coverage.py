"""Area coverage, the one rule (issue 10 item 2): Actor.covered_area_ids / covers_area / area_q,
used by care, outreach, community and the other apps instead of their own copies."""

import pytest
from django.db.models import Q

from zorgzaam.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(users, network, make_user, areas):
    return {
        **users,
        "professional_everywhere": make_user(network, "professional", username="profall"),
        "professional_south": make_user(network, "professional", area=areas["south"], username="profsouth"),
        "volunteer_north": make_user(network, "volunteer", area=areas["north"], username="volnorth"),
    }


# role -> (covers north, covers south, covers "no area")
EXPECTED = {
    "coordinator": (True, True, True),
    "professional_everywhere": (True, True, True),
    "professional": (True, False, False),  # the fixture's professional works in the north only
    "professional_south": (False, True, False),
    "volunteer": (False, False, False),
    "volunteer_north": (False, False, False),  # an area role that is not staff covers nothing
    "partner": (False, False, False),
    "policy": (False, False, False),
    "resident": (False, False, False),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_covers_area_and_area_q_agree_for_every_role(role, everyone, areas, network, make_person, actor_of):
    actor = actor_of(everyone[role])
    north, south, nowhere = EXPECTED[role]
    assert actor.covers_area(areas["north"]) is north
    assert actor.covers_area(areas["south"].pk) is south
    assert actor.covers_area(None) is nowhere
    assert (actor.covered_area_ids() is None) is nowhere
    people = {
        "n": make_person(network, area=areas["north"]),
        "s": make_person(network, area=areas["south"]),
        "x": make_person(network),
    }
    found = set(Person.objects.filter(pk__in=[p.pk for p in people.values()]).filter(actor.area_q("area")))
    assert found == {p for key, p in people.items() if {"n": north, "s": south, "x": nowhere}[key]}
    # OR-ed with another condition, "everything" stays everything and "nothing" adds nothing.
    either = Person.objects.filter(pk__in=[p.pk for p in people.values()]).filter(
        actor.area_q("area") | Q(pk=people["x"].pk)
    )
    assert set(either) == found | {people["x"]}


def test_an_actor_without_a_network_role_covers_nothing(other_network, make_user, areas, actor_of):
    outsider = actor_of(make_user(other_network, "coordinator", username="elders"), areas["north"].network)
    assert outsider.covered_area_ids() == set() and not outsider.covers_area(areas["north"])
