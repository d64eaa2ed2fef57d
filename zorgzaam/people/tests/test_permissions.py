"""Role x object x action for person records, through the services (the single source of rules)."""

import pytest
from django.core.exceptions import PermissionDenied

from zorgzaam.people import services

# Who may view a resident of the north area (the professional's area) and of the south area.
VIEW = {
    "coordinator": (True, True),
    "professional": (True, False),
    "volunteer": (False, False),
    "partner": (False, False),
    "policy": (False, False),
    "resident": (False, False),
    "outsider": (False, False),
}
ACT_FOR = VIEW  # assisted use follows the same relationship for these roles


@pytest.fixture
def residents(network, areas, make_person):
    return {
        "north": make_person(network, first_name="Noor", area=areas["north"]),
        "south": make_person(network, first_name="Suzanne", area=areas["south"]),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(VIEW))
def test_view_person_matrix(role, users, residents, actor_of, other_network):
    user = users[role]
    actor = actor_of(user, other_network if role == "outsider" else None)
    for where, allowed in zip(("north", "south"), VIEW[role], strict=True):
        person = residents[where]
        assert services.can_view_person(actor, person) is allowed, (role, where)
        assert (person in services.visible_persons(actor)) is allowed, (role, where)
        if allowed:
            assert services.get_person(actor, person.pk) == person
        else:
            with pytest.raises(PermissionDenied):
                services.get_person(actor, person.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(VIEW))
def test_edit_person_matrix(role, users, residents, actor_of, other_network):
    actor = actor_of(users[role], other_network if role == "outsider" else None)
    person = residents["north"]
    if VIEW[role][0]:
        services.update_person(actor, person, capacity_note="graag in de voormiddag")
        person.refresh_from_db()
        assert person.capacity_note == "graag in de voormiddag"
    else:
        with pytest.raises(PermissionDenied):
            services.update_person(actor, person, capacity_note="x")
        person.refresh_from_db()
        assert person.capacity_note == ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ACT_FOR))
def test_act_for_matrix(role, users, residents, actor_of, other_network):
    actor = actor_of(users[role], other_network if role == "outsider" else None)
    assert services.can_act_for(actor, residents["north"]) is ACT_FOR[role][0]
    assert services.can_act_for(actor, residents["south"]) is ACT_FOR[role][1]


@pytest.mark.django_db
def test_volunteer_with_may_assist_can_act_for_people_of_their_area(
    network, areas, make_user, residents, actor_of
):
    desk = make_user(network, "volunteer", area=areas["south"], may_assist=True)
    actor = actor_of(desk)
    assert services.can_act_for(actor, residents["south"])
    assert not services.can_act_for(actor, residents["north"])
    # Assisting does not give access to the case: only the person being assisted becomes visible.
    assert not services.can_view_person(actor, residents["south"])
    assisted = actor_of(desk, on_behalf_of_id=residents["south"].pk)
    assert assisted.on_behalf_of == residents["south"]
    assert services.can_view_person(assisted, residents["south"])


@pytest.mark.django_db
def test_resident_sees_and_edits_only_self(users, residents, actor_of):
    actor = actor_of(users["resident"])
    assert services.can_view_person(actor, actor.person)
    assert list(services.visible_persons(actor)) == [actor.person]
    services.update_person(actor, actor.person, phone="0470 11 22 33")
    assert not services.can_act_for(actor, actor.person)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "professional"])
def test_only_staff_create_people(role, users, actor_of):
    person = services.create_person(actor_of(users[role]), first_name="Nieuw")
    assert person.network == actor_of(users[role]).network


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["volunteer", "partner", "policy", "resident"])
def test_others_cannot_create_people(role, users, actor_of):
    with pytest.raises(PermissionDenied):
        services.create_person(actor_of(users[role]), first_name="Nieuw")


@pytest.mark.django_db
def test_roles_and_erasure_are_for_coordinators(users, residents, actor_of):
    coord, prof = actor_of(users["coordinator"]), actor_of(users["professional"])
    with pytest.raises(PermissionDenied):
        services.grant_role(prof, residents["north"], "volunteer")
    with pytest.raises(PermissionDenied):
        services.erase_person(prof, residents["north"])
    ra = services.grant_role(coord, residents["north"], "volunteer")
    assert ra.active
    services.revoke_role(coord, ra)
    ra.refresh_from_db()
    assert not ra.active


@pytest.mark.django_db
def test_outsider_coordinator_sees_nothing_of_another_network(users, residents, actor_of, other_network):
    actor = actor_of(users["outsider"], other_network)
    assert actor.is_coordinator()
    assert not services.visible_persons(actor).filter(pk__in=[p.pk for p in residents.values()]).exists()
    # Even naming the other network explicitly gives no roles there.
    stray = actor_of(users["outsider"], residents["north"].network)
    assert stray.roles == []
    assert not services.can_view_person(stray, residents["north"])
