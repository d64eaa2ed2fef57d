"""Intake places people: the point, sector and area come from the register, the same through the
person form and the API; not found → saved with a notice and on the worklist; moving re-places; an
import re-places people in bulk."""

import pytest

from zorgzaam.addresses import services
from zorgzaam.addresses.models import PersonPlacement
from zorgzaam.addresses.tests.conftest import row, sample_rows
from zorgzaam.people import services as people
from zorgzaam.people.actor import system_actor
from zorgzaam.people.models import Person

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Georgette",
    "last_name": "De Smet",
    "street": "kerkstraat",
    "house_number": "20",
    "postcode": "9471",
}


def _api_create(client, payload):
    return client.post("/api/people/persons", payload, content_type="application/json")


def test_form_and_api_place_the_same_person_the_same_way(place, register, users, client_of):
    client = client_of(users["coordinator"])
    page = client.post("/people/new/", {**FORM, "box_number": ""})
    assert page.status_code == 302
    by_page = Person.objects.get(first_name="Georgette")
    api = _api_create(client, {**FORM, "first_name": "Omer", "last_name": "Vandamme", "birth_year": 1950})
    assert api.status_code == 201, api.content
    body = api.json()
    by_api = Person.objects.get(pk=body["id"])
    for person in (by_page, by_api):
        assert (person.latitude, person.longitude) == pytest.approx((50.92, 4.02))
        assert person.area == place["west"]
        assert person.placements.get().sector_id is None  # no sector layer in this test
    assert (body["latitude"], body["longitude"], body["area_id"]) == (
        by_api.latitude,
        by_api.longitude,
        place["west"].pk,
    )
    assert body["address_placement"] == "placed"


@pytest.mark.parametrize(
    ("street", "number", "box", "expected"),
    [
        ("KERKSTRAAT", "20 a", "", "2"),
        ("Kerkstraat", "22 bus 3", "", "3"),
        ("Kerkstraat", "22", "3", "3"),
        ("Kerkstraat", "22/9", "", "3"),  # an unknown box: the building's only address
        ("Place de l’Eglise", "1", "", "4"),
        ("sint jozefsplein", "7", "", "5"),
    ],
)
def test_typed_variants_find_the_address(place, register, users, actor_of, street, number, box, expected):
    from zorgzaam.addresses.normalize import join_box

    person = people.create_person(
        actor_of(users["coordinator"]), first_name="A", street=street, house_number=join_box(number, box)
    )
    assert person.address_match.address.best_id == expected


def test_the_sector_comes_with_the_point(place, register, users, actor_of, tmp_path):
    """With a sector layer whose sectors make up the areas, the person gets the sector as well."""
    from zorgzaam.sectors import services as sectors
    from zorgzaam.sectors.testing import grid_boxes, write_layer

    path = write_layer(
        tmp_path / "layer", grid_boxes(1, 1, size=50000, origin=(100000, 160000)), ["41999A00-"]
    )
    sectors.import_sector_file(system_actor(), path, reference_year=2024)
    person = people.create_person(
        actor_of(users["coordinator"]), first_name="A", street="Kerkstraat", house_number="20"
    )
    assert person.placements.get().sector.code == "41999A00-"


def test_not_found_is_saved_with_a_notice_and_on_the_worklist(place, register, users, client_of):
    client = client_of(users["coordinator"])
    response = client.post("/people/new/", {**FORM, "street": "Onbekendestraat"}, follow=True)
    person = Person.objects.get(first_name="Georgette")
    assert not person.has_point and person.area is None
    assert "was not found in the address register" in response.content.decode()
    assert person.address_match.outcome == PersonPlacement.Outcome.NOT_FOUND
    assert "Georgette De Smet" in client.get("/addresses/to-place/").content.decode()
    api = _api_create(
        client, {**FORM, "first_name": "Yusuf", "last_name": "Kaya", "house_number": "999"}
    ).json()
    assert (api["latitude"], api["area_id"], api["address_placement"]) == (None, None, "not_found")


def test_moving_house_places_again_and_leaves_the_worklist(place, register, users, actor_of):
    actor = actor_of(users["coordinator"])
    person = people.create_person(actor, first_name="A", street="Kerkstraat", house_number="20")
    assert person.area == place["west"]
    people.update_person(actor, person, street="Kerkplein", house_number="1")
    person.refresh_from_db()
    assert (person.latitude, person.longitude, person.area) == (50.93, 4.07, place["east"])
    # Moving to an address the register does not know: the old point and the area we filled go.
    people.update_person(actor, person, street="Nergensstraat", house_number="1")
    person.refresh_from_db()
    assert (person.latitude, person.area) == (None, None)
    assert person.address_match.outcome == "not_found"
    people.update_person(actor, person, street="Kerkstraat", house_number="20")
    person.refresh_from_db()
    assert person.area == place["west"] and person.address_match.outcome == "placed"


def test_a_point_given_by_hand_is_kept(place, register, users, actor_of):
    actor = actor_of(users["coordinator"])
    person = people.create_person(
        actor, first_name="A", street="Kerkstraat", house_number="20", latitude=50.935, longitude=4.075
    )
    assert (person.latitude, person.longitude) == (50.935, 4.075)
    assert person.address_match.outcome == "manual"
    services.replace_all(system_actor())
    person.refresh_from_db()
    assert (person.latitude, person.longitude) == (50.935, 4.075)


def test_an_area_chosen_by_hand_is_kept(place, register, users, actor_of):
    person = people.create_person(
        actor_of(users["coordinator"]),
        first_name="A",
        street="Kerkstraat",
        house_number="20",
        area=place["east"],
    )
    person.refresh_from_db()
    assert person.has_point and person.area == place["east"]


def test_an_import_places_people_again_in_bulk(place, users, actor_of, write):
    actor = actor_of(users["coordinator"])
    waiting = people.create_person(actor, first_name="Wacht", street="Kerkstraat", house_number="20")
    mover = people.create_person(actor, first_name="Verhuist", street="Kerkplein", house_number="1")
    lost = people.create_person(actor, first_name="Weg", street="Nergens", house_number="1")
    elsewhere = Person.objects.create(
        network=place["network"],
        first_name="Oud",
        street="Kerkstraat",
        house_number="22",
        latitude=50.0,
        longitude=4.0,
    )
    assert waiting.address_match.outcome == "not_found"  # no register yet
    counts = services.import_file(system_actor(), write(sample_rows()))
    assert (counts["placed"], counts["not_found"]) == (2, 1)
    waiting.refresh_from_db()
    assert waiting.area == place["west"] and waiting.address_match.outcome == "placed"
    # The register moves Kerkplein 1: the person placed from it moves along.
    counts = services.import_file(
        system_actor(),
        write([*sample_rows()[:3], row(4, "Kerkplein", 1, 50.931, 4.071, street_id="s-kp")], name="2.csv"),
    )
    assert (counts["moved"], counts["unchanged"], counts["not_found"]) == (1, 1, 1)
    mover.refresh_from_db()
    assert (mover.latitude, mover.longitude) == (50.931, 4.071)
    lost.refresh_from_db()
    assert lost.address_match.outcome == "not_found"
    elsewhere.refresh_from_db()
    assert elsewhere.latitude == 50.0  # a point of unknown origin is left, unless asked for everyone
    assert services.replace_all(system_actor(), everyone=True)["moved"] == 1
