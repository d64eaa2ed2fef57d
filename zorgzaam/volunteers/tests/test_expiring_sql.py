"""Home page at city scale (issue 15 item 4): the safeguarding records running out are chosen by the
database (newest per person and kind, by date), not by loading every record into Python."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.volunteers import services
from zorgzaam.volunteers.models import SafeguardingRecord

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _record(person, days, kind="criminal_record", issued=100):
    return SafeguardingRecord.objects.create(
        person=person,
        kind=kind,
        issued_on=TODAY - dt.timedelta(days=issued),
        valid_until=TODAY + dt.timedelta(days=days),
    )


def test_expiring_records_filtered_in_sql(network, areas, users, actor_of, make_person):
    renewed, running_out, far, other_kind = (make_person(network, area=areas["north"]) for _i in range(4))
    _record(renewed, 5)
    _record(renewed, 900, issued=1)  # renewed: the old extract is silenced
    old = _record(running_out, 3)
    _record(far, 400)  # not running out
    training = _record(other_kind, 10, kind="training")
    coord = actor_of(users["coordinator"])
    with CaptureQueriesContext(connection) as ctx:
        recs = services.expiring_records(coord)
    assert recs == [old, training]  # soonest first
    selects = [q["sql"] for q in ctx.captured_queries if "volunteers_safeguardingrecord" in q["sql"]]
    assert len(selects) == 1 and "EXISTS" in selects[0] and '"valid_until" <=' in selects[0]
    # the reminders use the same rule: only the record running out within the threshold
    assert services.send_expiry_reminders(network, threshold=4) >= 1
    assert set(SafeguardingRecord.objects.filter(reminders__isnull=False).distinct()) == {old}


def test_home_page_queries_do_not_grow_with_records(network, areas, users, client_of, make_person):
    def rows(n):
        for _i in range(n):
            p = make_person(network, area=areas["north"])
            _record(p, 10)
            _record(p, 500, kind="training")

    assert_queries_per_page([(client_of(users["coordinator"]), "/", 25)], rows)
