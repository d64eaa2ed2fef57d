"""Opening hours over the API are wall-clock times without a UTC offset (issue 14 item 6)."""

import pytest

from zorgzaam.api import api
from zorgzaam.socialmap.models import ServiceSchedule

pytestmark = pytest.mark.django_db


def test_schedule_times_are_published_without_format_time():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    for name in ("ScheduleIn", "ScheduleOut"):
        for field in ("opens_at", "closes_at"):
            published = schemas[name]["properties"][field]
            assert published.get("format") != "time" and "pattern" in published, (name, published)


def test_schedule_time_with_an_offset_is_refused(users, client_of, organisation):
    from zorgzaam.socialmap.models import Service

    service = Service.objects.create(organisation=organisation, name="Onthaal")
    body = {"schedules": [{"weekday": 0, "opens_at": "09:00:00Z", "closes_at": "12:00"}]}
    r = client_of(users["coordinator"]).patch(
        f"/api/socialmap/services/{service.pk}", body, content_type="application/json"
    )
    assert r.status_code == 422, r.content
    assert not ServiceSchedule.objects.exists()
