import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.community.models import Activity, Occurrence, Place


@pytest.fixture
def place(network, areas):
    return Place.objects.create(
        network=network,
        name="Buurthuis Noord",
        area=areas["north"],
        latitude=50.9,
        longitude=4.0,
        address="Dorp 1",
    )


@pytest.fixture
def make_activity(network, areas, place):
    def make(**fields):
        fields.setdefault("title", "Koffieklets")
        fields.setdefault("place", place)
        fields.setdefault("area", areas["north"])
        fields.setdefault("start_date", timezone.localdate() + dt.timedelta(days=1))
        fields.setdefault("start_time", dt.time(14, 0))
        fields.setdefault("duration_minutes", 120)
        organisers = fields.pop("organisers", [])
        act = Activity.objects.create(network=network, **fields)
        act.organisers.set(organisers)
        services.sync_occurrences(act)
        return act

    return make


@pytest.fixture
def occurrence(make_activity):
    """The single future date of a one-off activity with two seats."""
    return make_activity(capacity=2).occurrences.get()


@pytest.fixture
def past_occurrence(make_activity):
    act = make_activity(title="Wandelclub", start_date=timezone.localdate() - dt.timedelta(days=7))
    occ = act.occurrences.get()
    assert occ.starts_at < timezone.now()
    return occ


def fresh(occ):
    return Occurrence.objects.get(pk=occ.pk)
