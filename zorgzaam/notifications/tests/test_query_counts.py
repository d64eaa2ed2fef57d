"""Exact query counts (issue 10 item 9): the notification list with 1 and with 20 notifications
(rendered for the reader from kind and parameters) makes the same, exact number of queries."""

import pytest

from zorgzaam.care import services as care
from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notification_list(users, client_of, actor_of, make_person, network, areas):
    prof = users["professional"]
    req = care.create_request(
        actor_of(users["coordinator"]), person=make_person(network, area=areas["north"]), description="x"
    )

    def rows(n):
        for _ in range(n):
            notify(
                prof, kind="care.request_assigned", params={"request": req.pk}, network=network, email=False
            )

    assert_queries_per_page([(client_of(prof), "/notifications/", 9)], rows)
