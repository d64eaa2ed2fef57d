"""Signals from anyone (issue 13 item 2): residents and people without an account raise a worry; the
reporter gets an acknowledgement and nothing about the case; the signal enters the normal triage flow."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from zorgzaam.audit.models import Event
from zorgzaam.care import services
from zorgzaam.care.models import Signal
from zorgzaam.notifications.models import Notification

pytestmark = pytest.mark.django_db

WORRY = {
    "description": "De rolluiken van nummer 12 blijven al dagen dicht",
    "description_of_person": "Oudere dame",
    "address_text": "Kerkstraat 12",
    "source": "neighbour",
    "consent_status": "not_possible",
    "consent_reason": "Ze doet niet open",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def url(network):
    return reverse("care:worry", args=[network.slug])


@pytest.fixture
def known(network, make_person, areas):
    return make_person(
        network,
        first_name="Godelieve",
        last_name="Peeters",
        street="Kerkstraat",
        house_number="12",
        area=areas["north"],
    )


def test_anonymous_worry_is_stored_for_triage_and_nothing_comes_back(users, url, network, known, actor_of):
    c = Client()
    page = c.get(url).content.decode()
    assert "checked" not in page  # no answer is chosen for them
    r = c.post(url, WORRY, REMOTE_ADDR="203.0.113.7")
    assert r.status_code == 302 and r.url == reverse("care:worry_thanks", args=[network.slug])
    sig = Signal.objects.get()
    assert (sig.reported_by, sig.source, sig.status, sig.person) == (None, "neighbour", "open", None)
    assert sig.suggested_person == known and sig.area == known.area  # triage gets the hint, not the reporter
    event = Event.objects.get(kind="care.signal_created")
    assert (event.actor, event.via, event.ip) == (None, "public", "203.0.113.7")
    # the coaches who triage signals are told
    assert Notification.objects.filter(recipient=users["professional"], kind="care.signal").exists()
    thanks = c.get(r.url).content.decode()
    for secret in ("Godelieve", "Peeters", f"#{sig.pk}", "Kerkstraat", "Open"):
        assert secret not in thanks
    # and the coach sees it in the normal flow
    assert sig in services.visible_signals(actor_of(users["coordinator"]))


def test_throttled_per_address_and_what_was_typed_is_kept(url, settings):
    settings.ZORGZAAM_PUBLIC_SIGNAL_LIMIT = 2
    c = Client()
    for _ in range(2):
        assert c.post(url, WORRY, REMOTE_ADDR="198.51.100.1").status_code == 302
    r = c.post(url, WORRY, REMOTE_ADDR="198.51.100.1")
    assert r.status_code == 429
    assert WORRY["description"] in r.content.decode()
    assert Signal.objects.count() == 2
    assert c.post(url, WORRY, REMOTE_ADDR="198.51.100.2").status_code == 302  # another address


def test_honeypot_size_csrf_bad_input_and_unknown_network(url):
    c = Client()
    assert c.post(url, {**WORRY, "website": "http://spam.example"}).status_code == 302
    assert c.post(url, {**WORRY, "description": "x" * 30_000}).status_code == 413
    r = c.post(url, {**WORRY, "source": "professional", "consent_status": ""})
    assert r.status_code == 200 and WORRY["description"] in r.content.decode()
    assert Client(enforce_csrf_checks=True).post(url, WORRY).status_code == 403
    assert Client().get(reverse("care:worry", args=["nowhere"])).status_code == 404
    assert Signal.objects.count() == 0


def test_a_resident_raises_a_worry_and_sees_only_received(users, client_of, network, themes, actor_of):
    c = client_of(users["resident"])
    form = c.get(reverse("care:signal_create"))
    assert form.status_code == 200
    assert 'value="professional"' not in form.content.decode()  # residents choose among their own sources
    r = c.post(reverse("care:signal_create"), {**WORRY, "urgency": "normal"})
    assert r.status_code == 302, r.context["form"].errors
    sig = Signal.objects.get()
    assert sig.reported_by == users["resident"]
    coord = actor_of(users["coordinator"])
    person = coord.network.persons.create(first_name="Godelieve", last_name="Peeters")
    sig = services.link_signal_person(coord, sig, person)
    services.request_from_signal(coord, sig)
    listing = c.get(reverse("care:signals")).content.decode()
    detail = c.get(reverse("care:signal_detail", args=[sig.pk])).content.decode()
    with translation.override("nl"):
        from django.utils.translation import gettext

        received, became = gettext("Received"), gettext("Became a request")
    for html in (listing, detail):
        assert received in html and became not in html and "Godelieve" not in html
    api = c.get("/api/care/signals").json()
    items = api["items"] if isinstance(api, dict) else api
    assert [(i["status"], i["person_id"], i["area_id"]) for i in items] == [("received", None, None)]


def test_policy_viewer_still_cannot_raise_signals(users, client_of):
    assert client_of(users["policy"]).get(reverse("care:signal_create")).status_code in (403, 404)
