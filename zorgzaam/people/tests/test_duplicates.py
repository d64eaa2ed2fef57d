"""No silent duplicates (issue 12 item 3): the rule on a labelled fixture, the service, the form and
the API (409 unless confirm_new), the stored name key and its backfill."""

import csv
from pathlib import Path

import pytest
from django.apps import apps

from zorgzaam.people import services
from zorgzaam.people.duplicates import Identity, LikelyDuplicates, is_likely_duplicate
from zorgzaam.people.models import Person
from zorgzaam.people.namekey import name_key

PAIRS = Path(__file__).parent / "data" / "duplicate_pairs.csv"


def _identity(row, side):
    year = row[f"year_{side}"]
    return Identity(
        row[f"first_{side}"], row[f"last_{side}"], int(year) if year else None, row[f"street_{side}"]
    )


def test_fixture_precision_and_recall():
    rows = list(csv.DictReader(PAIRS.open(encoding="utf-8")))
    assert len(rows) >= 30
    tp = fp = fn = 0
    for row in rows:
        got, want = is_likely_duplicate(_identity(row, "a"), _identity(row, "b")), row["duplicate"] == "1"
        tp += got and want
        fp += got and not want
        fn += want and not got
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"duplicate fixture: {len(rows)} pairs, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9


def test_name_key_ignores_accents_particles_and_variants():
    assert (
        name_key("Georgette", "De Smet") == name_key("georgette", "Desmet") == name_key("Georgette", "Smet")
    )
    assert name_key("Jan", "Van den Broeck") == name_key("Jan", "Vandenbroeck")
    assert name_key("Mohamed", "El Amrani") == name_key("Muhammad", "Elamrani")
    assert name_key("Marie", "Lefèvre") == name_key("Marie", "Lefebvre")
    assert name_key("Tom", "Wuyts") != name_key("Tim", "Wuyts")
    assert name_key("", "") == ""


@pytest.mark.django_db
def test_key_follows_renames_and_backfill(network):
    person = Person.objects.create(network=network, first_name="Jan", last_name="Peeters")
    assert person.name_key == name_key("Jan", "Peeters")
    person.last_name = "Van den Broeck"
    person.save(update_fields=["last_name"])
    person.refresh_from_db()
    assert person.name_key == name_key("Jan", "Vandenbroeck")
    Person.objects.filter(pk=person.pk).update(name_key="")
    migration = __import__("zorgzaam.people.migrations.0002_person_name_key", fromlist=["backfill"])
    migration.backfill(apps, None)
    person.refresh_from_db()
    assert person.name_key == name_key("Jan", "Vandenbroeck")


@pytest.fixture
def georgette(network, areas):
    return Person.objects.create(
        network=network,
        first_name="Georgette",
        last_name="De Smet",
        birth_year=1941,
        street="Kerkstraat",
        house_number="20",
        area=areas["south"],
    )


@pytest.mark.django_db
def test_service_refuses_unless_confirmed(users, actor_of, georgette):
    actor = actor_of(users["coordinator"])
    with pytest.raises(LikelyDuplicates) as refused:
        services.create_person(actor, first_name="Georgette", last_name="Desmet", birth_year=1941)
    assert refused.value.candidates == [georgette]
    # Same name, another birth year and another street: someone else.
    other = services.create_person(
        actor, first_name="Georgette", last_name="De Smet", birth_year=1975, street="Stationsstraat"
    )
    assert other.pk != georgette.pk
    confirmed = services.create_person(actor, first_name="Georgette", last_name="Desmet", confirm_new=True)
    assert Person.objects.filter(name_key=georgette.name_key).count() == 3 and confirmed.pk


@pytest.mark.django_db
def test_candidates_only_among_people_the_actor_sees(users, actor_of, georgette, areas):
    # The professional works in the north; Georgette lives in the south: no candidate, no leak.
    actor = actor_of(users["professional"])
    person = services.create_person(actor, first_name="Georgette", last_name="Desmet", area=areas["north"])
    assert person.pk


@pytest.mark.django_db
def test_form_shows_candidates_then_confirms(users, client_of, georgette):
    c = client_of(users["coordinator"])
    data = {"first_name": "Georgette", "last_name": "Desmet", "birth_year": "1941", "lives_alone": "unknown"}
    r = c.post("/people/new/", data)
    page = r.content.decode()
    assert r.status_code == 200 and f'href="/people/{georgette.pk}/"' in page
    assert "Kerkstraat 20" in page and "1941" in page and "Zuid" in page
    assert 'name="confirm_new" value="1" id="id_confirm_new">' in page  # never pre-selected
    assert Person.objects.filter(first_name="Georgette").count() == 1
    r = c.post("/people/new/", {**data, "confirm_new": "1"})
    assert r.status_code == 302
    assert Person.objects.filter(first_name="Georgette").count() == 2


@pytest.mark.django_db
def test_api_answers_409_with_candidates_unless_confirm_new(users, client_of, georgette):
    c = client_of(users["coordinator"])
    payload = {"first_name": "Georgette", "last_name": "Desmet", "birth_year": 1941}
    r = c.post("/api/people/persons", payload, content_type="application/json")
    assert r.status_code == 409
    body = r.json()
    assert body["detail"] and body["candidates"] == [
        {
            "id": georgette.pk,
            "first_name": "Georgette",
            "last_name": "De Smet",
            "birth_year": 1941,
            "street": "Kerkstraat",
            "house_number": "20",
            "area_id": georgette.area_id,
            "area": "Zuid",
        }
    ]
    assert Person.objects.filter(first_name="Georgette").count() == 1
    r = c.post("/api/people/persons", {**payload, "confirm_new": True}, content_type="application/json")
    assert r.status_code == 201
    assert Person.objects.filter(first_name="Georgette").count() == 2
