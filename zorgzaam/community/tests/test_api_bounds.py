"""Times over the community API are wall-clock times without a UTC offset, in and out (issue 14 item 6)."""

import pytest

from zorgzaam.api import api
from zorgzaam.community.models import Activity, Place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start_time", ["14:00:00Z", "14:00:00+02:00", "17:00:03.95-14:16"])
def test_activity_time_with_an_offset_is_refused(start_time, users, client_of):
    body = {"title": "Breicafé", "start_date": "2026-01-05", "start_time": start_time}
    r = client_of(users["coordinator"]).post(
        "/api/community/activities", body, content_type="application/json"
    )
    assert r.status_code == 422, r.content
    assert not Activity.objects.exists()


def test_route_stop_time_with_an_offset_is_refused(users, client_of):
    body = {"name": "Kar", "mobile": True, "route": [{"time": "10:00:00+01:00", "name": "Markt"}]}
    r = client_of(users["coordinator"]).post("/api/community/places", body, content_type="application/json")
    assert r.status_code == 422, r.content
    assert not Place.objects.exists()


def test_local_time_is_accepted_and_published_without_format_time(users, client_of):
    body = {"title": "Breicafé", "start_date": "2026-01-05", "start_time": "14:30"}
    r = client_of(users["coordinator"]).post(
        "/api/community/activities", body, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["start_time"] == "14:30:00"
    schemas = api.get_openapi_schema()["components"]["schemas"]
    for name, field in [("ActivityIn", "start_time"), ("ActivityOut", "start_time"), ("StopIn", "time")]:
        published = schemas[name]["properties"][field]
        # JSON Schema's "time" format requires an offset, which these times never have.
        assert published.get("format") != "time" and "pattern" in published, (name, published)
