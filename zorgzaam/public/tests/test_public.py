import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from zorgzaam.community import services
from zorgzaam.community.models import Activity, Place, Registration
from zorgzaam.community.tests.pdfutil import page_count, texts
from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbourhood(network, areas, make_person):
    ldc = Organisation.objects.create(
        network=network, name="LDC De Linde", kind="ldc", phone="053 70 20 20", address="Lindeplein 1"
    )
    Service.objects.create(organisation=ldc, name="Sociaal onthaal", phone="053 70 20 21")
    place = Place.objects.create(
        network=network,
        name="Buurthuis Noord",
        area=areas["north"],
        latitude=50.9,
        longitude=4.0,
        accessibility=["wheelchair"],
    )
    act = Activity.objects.create(
        network=network,
        title="Koffieklets",
        place=place,
        area=areas["north"],
        start_date=timezone.localdate() + dt.timedelta(days=1),
        start_time=dt.time(14),
        rrule="FREQ=WEEKLY",
        description="Koffie en een babbel",
    )
    services.sync_occurrences(act)
    hidden = Activity.objects.create(
        network=network,
        title="Intern overleg",
        area=areas["north"],
        start_date=timezone.localdate() + dt.timedelta(days=1),
        start_time=dt.time(9),
        public=False,
    )
    services.sync_occurrences(hidden)
    secret = make_person(network, first_name="Geheime", last_name="Deelnemer", area=areas["north"])
    Registration.objects.create(occurrence=act.occurrences.first(), person=secret, status="registered")
    return {"activity": act, "place": place, "ldc": ldc}


def test_area_page_without_login_in_dutch(network, neighbourhood, django_assert_max_num_queries):
    c = Client()
    with django_assert_max_num_queries(12):
        resp = c.get("/buurt/testgem/noord/", HTTP_ACCEPT_LANGUAGE="nl")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert (
        "Koffieklets" in html
        and "Buurthuis Noord" in html
        and "053 70 20 20" in html
        and "Sociaal onthaal" in html
    )
    assert "Intern overleg" not in html and "Geheime" not in html and "Deelnemer" not in html
    assert 'lang="nl"' in html and "/accounts/login/" in html and "Wat is er te doen" in html


def test_area_page_in_french_with_the_language_switch(network, neighbourhood):
    c = Client()
    resp = c.post("/i18n/setlang/", {"language": "fr", "next": "/buurt/testgem/noord/"})
    assert resp.status_code == 302
    html = c.get("/buurt/testgem/noord/").content.decode()
    assert 'lang="fr"' in html and "Koffieklets" in html
    assert "Au programme" in html


def test_network_index_and_unknown_slugs(network, areas, neighbourhood):
    c = Client()
    html = c.get("/buurt/testgem/").content.decode()
    assert "/buurt/testgem/noord/" in html and "/buurt/testgem/zuid/" in html
    assert c.get("/buurt/nope/").status_code == 404
    assert c.get("/buurt/testgem/nope/").status_code == 404


def test_ical_feed_is_valid_and_has_no_personal_data(network, neighbourhood):
    resp = Client().get("/buurt/testgem/noord/agenda.ics")
    assert resp["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(resp.content)
    events = list(cal.walk("VEVENT"))
    assert events and all(str(e["summary"]) == "Koffieklets" for e in events)
    assert len({str(e["uid"]) for e in events}) == len(events)
    first = min(e.decoded("dtstart") for e in events)
    assert first.hour == 14 and first.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert b"Geheime" not in resp.content and b"Intern overleg" not in resp.content
    place = Client().get(f"/buurt/testgem/places/{neighbourhood['place'].pk}.ics")
    assert len(list(Calendar.from_ical(place.content).walk("VEVENT"))) == len(events)


def test_flyer_is_a_one_page_pdf(network, neighbourhood):
    resp = Client().get("/buurt/testgem/noord/flyer.pdf")
    assert resp["Content-Type"] == "application/pdf" and resp.content.startswith(b"%PDF")
    assert page_count(resp.content) == 1
    text = texts(resp.content)[0]
    assert "Koffieklets" in text and "053 70 20 20" in text and "Geheime" not in text


def test_other_network_data_not_shown(network, other_network, neighbourhood):
    from zorgzaam.networks.models import Area

    Area.objects.create(network=other_network, name="Noord", slug="noord")
    html = Client().get("/buurt/elders/noord/").content.decode()
    assert "Koffieklets" not in html and "053 70 20 20" not in html


def test_flyer_stays_one_page_with_a_full_programme(network, areas, neighbourhood):
    for i in range(12):
        Place.objects.create(
            network=network, name=f"Plek {i}", area=areas["north"], opening_hours="ma-vr 9-17\nza 9-12"
        )
        act = Activity.objects.create(
            network=network,
            title=f"Activiteit {i}",
            area=areas["north"],
            start_time=dt.time(10),
            start_date=timezone.localdate() + dt.timedelta(days=1),
            rrule="FREQ=DAILY",
        )
        services.sync_occurrences(act)
    resp = Client().get("/buurt/testgem/noord/flyer.pdf")
    assert page_count(resp.content) == 1
    assert "053 70 20 20" in texts(resp.content)[0]  # the help section is always there
