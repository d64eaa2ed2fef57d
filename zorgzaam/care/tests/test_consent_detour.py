"""Consent without nudges (issue 13 item 5): a referral refused for want of consent says so with a link
to record it; the detour to the consent page and back keeps the typed referral; and what the referral
form says will be shared is exactly what the partner sees."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from zorgzaam.care import services
from zorgzaam.care.models import Referral
from zorgzaam.socialmap.models import Service

pytestmark = pytest.mark.django_db

MESSAGE = "Mevrouw zoekt hulp bij het poetsen, liefst op dinsdag"


@pytest.fixture
def setup(users, actor_of, resident_person, organisation, themes):
    coord = actor_of(users["coordinator"])
    req = services.create_request(coord, person=resident_person, description="Poetshulp", themes=["health"])
    services.triage(coord, req)
    service = Service.objects.create(organisation=organisation, name="Thuishulp")
    return req, service


def _shared(html: str) -> list[str]:
    return re.findall(r'data-shared="([a-z_]+)"[^>]*>([^<]+)<', html)


def test_detour_to_consent_and_back_keeps_the_referral(setup, users, client_of, resident_person):
    req, service = setup
    c = client_of(users["coordinator"])
    refer = reverse("care:referral_create", args=[req.pk])
    r = c.post(refer, {"service": service.pk, "message": MESSAGE})
    html = r.content.decode()
    assert r.status_code == 200 and MESSAGE in html and not Referral.objects.exists()
    link = re.search(r'href="([^"]*/consent/[^"]*)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query == {"purpose": ["share"], "organisation": [str(service.organisation_id)], "next": [refer]}
    consent_page = c.get(link).content.decode()
    assert not re.search(r'name="granted"[^>]*checked', consent_page)  # the decision is theirs
    r = c.post(
        link,
        {
            "purpose": "share",
            "organisation": service.organisation_id,
            "granted": "1",
            "channel": "spoken",
            "next": refer,
        },
    )
    assert r.status_code == 302 and r.url == refer
    back = c.get(refer).content.decode()
    assert MESSAGE in back and re.search(rf'value="{service.pk}"[^>]*selected', back)
    assert c.post(refer, {"service": service.pk, "message": MESSAGE}).status_code == 302
    assert Referral.objects.get().message == MESSAGE
    assert MESSAGE not in c.get(refer).content.decode()  # the draft is gone once sent


def test_consent_page_never_returns_to_another_site(users, client_of, resident_person):
    c = client_of(users["coordinator"])
    url = reverse("people:consent", args=[resident_person.pk]) + "?next=https://evil.example/"
    r = c.post(
        url, {"purpose": "contact", "granted": "0", "channel": "spoken", "next": "https://evil.example/"}
    )
    assert r.status_code == 302 and r.url == reverse("people:detail", args=[resident_person.pk])


def test_what_the_form_says_is_shared_is_what_the_partner_sees(setup, users, client_of, resident_person):
    req, service = setup
    resident_person.consents.create(
        purpose="share", organisation=service.organisation, granted=True, channel="spoken"
    )
    c = client_of(users["coordinator"])
    form_fields = _shared(c.get(reverse("care:referral_create", args=[req.pk])).content.decode())
    assert c.post(reverse("care:referral_create", args=[req.pk]), {"service": service.pk, "message": MESSAGE})
    ref = Referral.objects.get()
    partner_page = (
        client_of(users["partner"]).get(reverse("care:inbox_detail", args=[ref.pk])).content.decode()
    )
    assert form_fields and _shared(partner_page) == form_fields
    # and the partner page shows nothing personal beyond those fields
    assert set(ref.shared_data) == {"first_name", "last_name", "phone", "address", "themes"}
