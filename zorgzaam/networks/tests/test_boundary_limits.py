"""An area boundary has an upload limit (core.uploads, kind "boundaries"): a file, pasted text and the
API are refused alike by the service, before the GeoJSON is parsed."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zorgzaam.networks.models import Area

SQUARE = [[4.0, 50.9], [4.1, 50.9], [4.1, 51.0], [4.0, 51.0], [4.0, 50.9]]


def _big_polygon() -> dict:
    # A valid polygon made large by many points along one edge.
    points = [[4.0 + i / 100000, 50.9] for i in range(0, 10000, 10)]
    return {"type": "Polygon", "coordinates": [points + [[4.1, 51.0], [4.0, 51.0], [4.0, 50.9]]]}


@pytest.fixture
def small_limit(settings):
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "boundaries": 5000}


def _client(user):
    c = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="nl")
    c.force_login(user)
    return c


@pytest.mark.django_db
def test_boundary_over_the_limit_is_refused_alike_by_file_text_and_api(users, areas, small_limit):
    big = json.dumps(_big_polygon())
    assert len(big) > 5000
    c = _client(users["coordinator"])
    url = reverse("networks:area_edit", args=[areas["north"].pk])
    data = {"name": "Noord", "slug": "noord", "description": ""}
    by_file = c.post(url, {**data, "boundary_file": SimpleUploadedFile("b.geojson", big.encode())})
    by_text = c.post(url, {**data, "boundary_text": big})
    api = c.patch(
        f"/api/networks/{areas['north'].network.slug}/areas/{areas['north'].pk}",
        json.dumps({"boundary": _big_polygon()}),
        content_type="application/json",
    )
    file_errors = by_file.context["form"].errors["boundary_file"]
    text_errors = by_text.context["form"].errors["boundary_text"]
    assert by_file.status_code == by_text.status_code == 200 and api.status_code == 422
    assert "te groot" in file_errors[0] and "te groot" in text_errors[0]
    assert api.json()["errors"] == [{"field": "boundary", "message": text_errors[0]}]
    assert Area.objects.get(pk=areas["north"].pk).boundary is None
    # A boundary under the limit is saved.
    ok = c.post(url, {**data, "boundary_text": json.dumps({"type": "Polygon", "coordinates": [SQUARE]})})
    assert ok.status_code == 302 and Area.objects.get(pk=areas["north"].pk).boundary
