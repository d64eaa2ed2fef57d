"""Street autocomplete (page fragment and API), the worklist, the import page: who may, who may not,
and exact query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zorgzaam.addresses.models import Address
from zorgzaam.addresses.tests.conftest import csv_text, row, sample_rows
from zorgzaam.core.testing import assert_same_queries
from zorgzaam.people.models import Person

pytestmark = pytest.mark.django_db


def _options(client, typed):
    response = client.get("/addresses/streets/", {"street": typed}, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def test_streets_as_you_type_normalised_in_dutch_and_french(place, register, users, client_of):
    client = client_of(users["coordinator"])
    status, html = _options(client, "KERK")
    assert status == 200
    assert html.index('value="Kerkplein"') > 0 and 'value="Kerkstraat"' in html
    assert "Andere" not in html  # another municipality than the network's
    assert 'value="Sint-Jozefsplein"' in _options(client, "sint jo")[1]
    assert 'value="Kerkplein"' in _options(client, "eglise")[1]  # the French name finds the street
    client.cookies["django_language"] = "fr"
    assert 'value="Place de l&#x27;Église"' in _options(client, "l'egl")[1]
    assert _options(client, "k")[1].strip() == ""  # too short to search


def test_streets_api_is_the_same_selector(place, register, users, client_of):
    client = client_of(users["professional"])
    names = [s["name_nl"] for s in client.get("/api/addresses/streets", {"q": "kerk"}).json()]
    assert sorted(names) == ["Kerkplein", "Kerkstraat"]


def test_autocomplete_only_for_staff_who_add_people(place, register, users, client_of):
    for name in ("volunteer", "partner", "policy", "resident"):
        client = client_of(users[name])
        assert _options(client, "kerk")[0] in (403, 404), name
        assert client.get("/api/addresses/streets", {"q": "kerk"}).status_code in (403, 404), name
    assert _options(client_of(users["professional"]), "kerk")[0] == 200
    # Staff of another network get the streets of their own network's municipalities (none set: all).


def test_person_form_offers_street_options_and_box(place, register, users, client_of):
    client = client_of(users["coordinator"])
    html = client.get("/people/new/").content.decode()
    assert 'list="street-options"' in html and '<datalist id="street-options">' in html
    assert 'hx-get="/addresses/streets/"' in html and 'name="box_number"' in html
    client.post(
        "/people/new/", {"first_name": "Bus", "street": "Kerkstraat", "house_number": "22", "box_number": "3"}
    )
    person = Person.objects.get(first_name="Bus")
    assert person.house_number == "22 bus 3" and person.address_match.address.best_id == "3"
    html = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert 'name="house_number" value="22"' in html and 'name="box_number" value="3"' in html


def test_worklist_follows_who_may_see_the_person(place, register, users, client_of, actor_of):
    from zorgzaam.people import services as people

    actor = actor_of(users["coordinator"])
    people.create_person(actor, first_name="Zonder", last_name="Gebied", street="Nergens", house_number="1")
    people.create_person(
        actor,
        first_name="Met",
        last_name="Noord",
        street="Nergens",
        house_number="2",
        area=users["professional"].persons.get().roles.get().area,
    )
    people.create_person(
        actor, first_name="Wel", last_name="Gevonden", street="Kerkstraat", house_number="20"
    )
    coordinator = client_of(users["coordinator"]).get("/addresses/to-place/").content.decode()
    assert "Zonder Gebied" in coordinator and "Met Noord" in coordinator and "Wel Gevonden" not in coordinator
    professional = client_of(users["professional"]).get("/addresses/to-place/").content.decode()
    assert "Met Noord" in professional and "Zonder Gebied" not in professional
    for name in ("volunteer", "resident", "policy"):
        assert client_of(users[name]).get("/addresses/to-place/").status_code in (403, 404)


def test_worklist_query_count_is_the_same_for_1_and_20_rows(place, users, client_of):
    from zorgzaam.addresses.models import PersonPlacement

    def make_rows(n):
        for _ in range(n):
            person = Person.objects.create(
                network=place["network"], first_name="X", street="Nergens", house_number="1"
            )
            PersonPlacement.objects.create(person=person, outcome="not_found")

    assert_same_queries(client_of(users["coordinator"]), "/addresses/to-place/", make_rows, expected=9)


def test_import_page_is_for_the_platform_administrator(
    db, users, admin, client_of, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("openaddress.csv", csv_text(sample_rows()).encode(), content_type="text/csv")
    for name in ("coordinator", "professional"):
        client = client_of(users[name])
        assert client.get("/addresses/import/").status_code in (403, 404)
        assert client.post("/addresses/import/", {"file": upload}).status_code in (403, 404)
    assert not Address.objects.exists()
    assert 'href="/addresses/import/"' not in client_of(users["coordinator"]).get("/").content.decode()
    client = client_of(admin)
    assert 'href="/addresses/import/"' in client.get("/").content.decode()  # in the navigation
    page = client.get("/addresses/import/").content.decode()
    assert "https://opendata.bosa.be/" in page
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/addresses/import/", {"file": upload, "municipalities": "41999"})
    assert response.status_code == 302
    job = client.get(response["Location"]).content.decode()
    assert "Imported 5 addresses" in job or "5 adressen" in job
    assert Address.objects.count() == 5


def test_import_page_refuses_bad_files_with_a_message(
    db, admin, client_of, settings, django_capture_on_commit_callbacks
):
    from zorgzaam.core import uploads

    client = client_of(admin)
    client.cookies["django_language"] = "en"
    bad = SimpleUploadedFile("x.csv", b"nothing,here\n1,2\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/addresses/import/", {"file": bad})
    response = client.get(response["Location"])
    assert "is not a BeST address file" in response.content.decode()
    assert not Address.objects.exists()
    odd = SimpleUploadedFile("x.pdf", b"%PDF")
    assert "Upload the BeST address file" in client.post("/addresses/import/", {"file": odd}).content.decode()
    settings.ZORGZAAM_UPLOAD_LIMITS = {**uploads.DEFAULT_UPLOAD_LIMITS, uploads.ADDRESSES_WEB: 10}
    big = SimpleUploadedFile("x.csv", csv_text([row(1, "A", 1, 50.9, 4.0)]).encode())
    assert "too large" in client.post("/addresses/import/", {"file": big}).content.decode()
    bad_nis = client.post("/addresses/import/", {"file": big, "municipalities": "12"}).content.decode()
    assert "five digits" in bad_nis
