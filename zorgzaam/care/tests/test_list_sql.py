"""Request and signal lists at city scale (issue 15 item 4): the theme filter is an EXISTS subquery,
not a join with a DISTINCT over every column; a request with several themes shows once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zorgzaam.care import services
from zorgzaam.care.models import Theme
from zorgzaam.core.testing import assert_same_queries

pytestmark = pytest.mark.django_db


def test_theme_filter_without_distinct(users, actor_of, network, areas, make_person, themes):
    coord = actor_of(users["coordinator"])
    p = make_person(network, area=areas["north"])
    req = services.create_request(coord, person=p, description="r", themes=["health", "money"])
    other = services.create_request(coord, person=p, description="o", themes=["health"])
    sig = services.record_signal(coord, person=p, description="s", themes=["money", "health"])
    money = Theme.objects.get(code="money")
    with CaptureQueriesContext(connection) as ctx:
        found = list(services.search_requests(coord, theme=money))
    assert found == [req] and other not in found
    sql = ctx.captured_queries[0]["sql"]
    assert "DISTINCT" not in sql and "EXISTS" in sql
    assert list(services.search_signals(coord, theme=money.pk)) == [sig]
    assert len(services.search_requests(coord, theme=Theme.objects.get(code="health"))) == 2


def test_theme_filtered_list_queries(users, client_of, actor_of, network, areas, make_person, themes):
    coord = actor_of(users["coordinator"])
    money = Theme.objects.get(code="money")

    def rows(n):
        for i in range(n):
            p = make_person(network, area=areas["north"], street="Dorp", house_number=str(i))
            services.create_request(coord, person=p, description=f"r{i}", themes=["health", "money"])

    client, url = client_of(users["coordinator"]), f"/care/requests/?theme={money.pk}"
    assert_same_queries(client, url, rows, expected=13)
    assert client.get(url).context["page"].paginator.count == 20  # 20 rows, each once
