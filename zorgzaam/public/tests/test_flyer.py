"""The one-page flyer as people read it: large type, only the area's own places, dates written the
same way, a QR code to the public page, page number and date, in Dutch and in French."""

import base64
import datetime as dt
import re
import zlib

import pytest
from django.test import Client
from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.community.models import Activity, Place
from zorgzaam.community.tests.pdfutil import page_count, texts
from zorgzaam.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for m in re.finditer(
        rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length \d+\s*>>\s*stream\r?\n(.*?)endstream", pdf, re.S
    ):
        raw = m.group(1).strip()
        out.append(zlib.decompress(base64.a85decode(raw[:-2] if raw.endswith(b"~>") else raw)))
    return out


@pytest.fixture
def area_with_life(network, areas, settings):
    settings.ZORGZAAM_BASE_URL = "https://zorg.example.be"
    Organisation.objects.create(network=network, name="LDC De Linde", kind="ldc", phone="053 70 20 20")
    Place.objects.create(network=network, name="Buurthuis Noord", area=areas["north"], address="Kerkstraat 1")
    Place.objects.create(network=network, name="Zaal Zuid", area=areas["south"], address="Zuidlaan 9")
    Place.objects.create(network=network, name="Stadhuis", address="Markt 1")  # network-wide, fixed
    Place.objects.create(network=network, name="Koffiekar", mobile=True)
    act = Activity.objects.create(
        network=network,
        title="Koffieklets",
        area=areas["north"],
        start_date=timezone.localdate() + dt.timedelta(days=1),
        start_time=dt.time(14),
        rrule="FREQ=WEEKLY",
    )
    services.sync_occurrences(act)
    return act


def test_flyer_lists_only_the_areas_own_places(area_with_life):
    text = texts(Client().get("/buurt/testgem/noord/flyer.pdf").content)[0]
    assert "Buurthuis Noord" in text and "Koffiekar" in text
    assert "Zaal Zuid" not in text and "Stadhuis" not in text


@pytest.mark.parametrize("lang,page_word", [("nl", "pagina 1 / 1"), ("fr", "page 1 / 1")])
def test_flyer_has_page_number_date_qr_and_large_type(area_with_life, lang, page_word):
    resp = Client().get("/buurt/testgem/noord/flyer.pdf", HTTP_ACCEPT_LANGUAGE=lang)
    pdf = resp.content
    assert page_count(pdf) == 1
    text = texts(pdf)[0]
    assert page_word in text
    from django.utils import translation

    from zorgzaam.core.formatting import long_date

    with translation.override(lang):
        assert long_date(timezone.localdate()) in text
        first = timezone.localtime(area_with_life.occurrences.order_by("starts_at").first().starts_at)
        from zorgzaam.core.formatting import day_and_time

        assert day_and_time(first) in text  # weekday written out, same form on every line
    assert "https://zorg.example.be/buurt/testgem/noord/" in text
    body = b"\n".join(_streams(pdf))
    sizes = {float(s) for s in re.findall(rb"/F\d+ ([\d.]+) Tf", body)}
    # footer (9 pt) aside, nothing smaller than 12 pt; headings of at least 16 pt exist
    assert min(s for s in sizes if s != 9) >= 12 and max(sizes) >= 16
    # the QR code: many filled squares
    assert body.count(b" re f") + body.count(b" re\nf") > 100 or len(re.findall(rb"re f", body)) > 100


def test_flyer_fills_the_page(area_with_life, network, areas):
    """With a full programme the text reaches the lower part of the page (above the QR block)."""
    for i in range(8):
        act = Activity.objects.create(
            network=network,
            title=f"Activiteit {i}",
            area=areas["north"],
            start_time=dt.time(10),
            start_date=timezone.localdate() + dt.timedelta(days=1),
            rrule="FREQ=WEEKLY",
        )
        services.sync_occurrences(act)
    pdf = Client().get("/buurt/testgem/noord/flyer.pdf").content
    body = b"\n".join(_streams(pdf))
    ys = [float(y) for y in re.findall(rb"BT 1 0 0 1 [\d.]+ ([\d.]+) Tm", body)]
    assert page_count(pdf) == 1
    assert min(y for y in ys if y > 60) < 200  # text runs down to the QR block
