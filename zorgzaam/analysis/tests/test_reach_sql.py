"""Reach at city scale (issue 15 item 4): reached people are counted per area by the database, the
reached ids never travel as a literal IN list, and the number of queries does not grow with them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zorgzaam.analysis import reach
from zorgzaam.people.models import Consent, Person

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _reach_of(network, areas):
    with CaptureQueriesContext(connection) as ctx:
        rows = reach.network_reach(network, areas, TODAY, TODAY, 3)
    return rows, [q["sql"] for q in ctx.captured_queries]


def test_network_reach_counts_in_sql_without_id_lists(network, areas, make_person):
    north, south = areas["north"], areas["south"]
    reach.register_reach_source(
        "test.queryset", lambda net, s, e: Person.objects.filter(network=net).values_list("pk", flat=True)
    )
    try:
        counts = {}
        for n in (1, 6):
            while Person.objects.filter(area=north).count() < n:
                p = make_person(network, area=north, birth_year=TODAY.year - 80, lives_alone=True)
                Consent.objects.create(person=p, purpose="statistics", granted=True, channel="spoken")
            rows, sqls = _reach_of(network, [north, south])
            counts[n] = len(sqls)
        # a person without consent is reached but not counted
        make_person(network, area=north, birth_year=TODAY.year - 80)
        rows, sqls = _reach_of(network, [north, south])
    finally:
        reach.unregister_reach_source("test.queryset")
    assert counts[1] == counts[6] == len(sqls)
    ids = sorted(Person.objects.filter(area=north).values_list("pk", flat=True))
    literal = ", ".join(str(i) for i in ids[:3])
    assert not any(f"IN ({literal}" in sql for sql in sqls)
    summary, group_rows = rows[0]
    assert summary["area"] == north and summary["reached"] == 6
    by = {r.group: r for r in group_rows}
    assert by["age_75_plus"].reached == 6 and by["living_alone"].reached == 6
    assert rows[1][0]["reached"] is None  # nobody reached in the south: hidden below k


def test_area_reach_with_explicit_ids_and_registered_population(network, areas, make_person):
    north = areas["north"]
    people = [make_person(network, area=north, birth_year=TODAY.year - 70) for _i in range(4)]
    for p in people[:3]:
        Consent.objects.create(person=p, purpose="statistics", granted=True, channel="spoken")
    summary, rows = reach.area_reach(network, north, TODAY, TODAY, 3, reached_ids={p.pk for p in people})
    assert summary["reached"] == 3 and summary["population_source"] == "registered"
    assert summary["population"] == 4
    assert reach.registered_population(network, north, TODAY.year)["age_65_plus"] == 4
