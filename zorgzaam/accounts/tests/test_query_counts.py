"""Exact query counts (issue 10 item 9): the security page lists a login's API tokens; with 1 and
with 20 tokens it makes the same, exact number of queries."""

import pytest

from zorgzaam.accounts import services
from zorgzaam.core.testing import assert_queries_per_page

pytestmark = pytest.mark.django_db


def test_token_list(users, client_of, actor_of):
    actor = actor_of(users["coordinator"])

    def rows(n):
        for i in range(n):
            services.create_token(actor, f"token {i}")

    assert_queries_per_page([(client_of(users["coordinator"]), "/accounts/security/", 10)], rows)
