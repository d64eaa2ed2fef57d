"""Exact query counts (issue 10 item 9): the audit list, its CSV export and the API list with 1 and
with 20 entries make the same, exact number of queries (the page resolves its actors' names in one query)."""

import pytest

from zorgzaam.audit import kinds, services
from zorgzaam.core.testing import assert_queries_per_page

pytestmark = pytest.mark.django_db


def test_audit_lists(users, client_of, actor_of, make_person, network):
    coord = actor_of(users["coordinator"])

    def rows(n):
        for _ in range(n):
            p = make_person(network)
            services.record(coord, kinds.PERSON_VIEWED, subject=p, obj=p)

    c = client_of(users["coordinator"])
    cases = [(c, "/audit/", 10), (c, "/audit/export.csv", 7), (c, "/api/audit/events", 7)]
    assert_queries_per_page(cases, rows)
