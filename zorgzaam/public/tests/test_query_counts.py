"""Exact query counts (issue 10 item 9): the public neighbourhood pages, flyer and calendars with 1 and
with 20 activities, places and services make the same, exact number of queries (no login)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.community.models import Activity, Place
from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap.models import Service

pytestmark = pytest.mark.django_db


def test_public_pages(network, areas):
    north = areas["north"]
    home = Place.objects.create(network=network, name="Buurthuis", area=north, latitude=50.9, longitude=4.0)

    def rows(n):
        for _ in range(n):
            i = Place.objects.count()
            place = Place.objects.create(
                network=network, name=f"Plek {i}", area=north, latitude=50.9, longitude=4.0
            )
            for where in (place, home):
                act = Activity.objects.create(
                    network=network,
                    title=f"Activiteit {i}",
                    place=where,
                    area=north,
                    start_date=timezone.localdate() + dt.timedelta(days=1),
                    start_time=dt.time(14),
                    rrule="FREQ=WEEKLY",
                )
                services.sync_occurrences(act)
            org = Organisation.objects.create(
                network=network, name=f"Organisatie {i}", kind="ldc", phone="053"
            )
            service = Service.objects.create(organisation=org, name=f"Dienst {i}", phone="053")
            service.areas.set([north])

    c = Client()
    base = "/buurt/testgem"
    cases = [
        (c, f"{base}/", 3),
        (c, f"{base}/noord/", 12),
        (c, f"{base}/noord/flyer.pdf", 12),
        (c, f"{base}/noord/agenda.ics", 4),
        (c, f"{base}/places/{home.pk}.ics", 4),
    ]
    assert_queries_per_page(cases, rows)
