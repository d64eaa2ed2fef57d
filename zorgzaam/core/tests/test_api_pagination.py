"""Paged API lists refuse a limit or offset beyond what the database takes: 422, not a 500 (issue 14
item 6; found by the API fuzz test with ?limit=1574266492788218527744)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/api/people/persons", "/api/socialmap/services", "/api/care/requests", "/api/audit/events"],
)
@pytest.mark.parametrize("query", [{"limit": 10**22}, {"offset": 10**22}, {"limit": 0}])
def test_limit_and_offset_beyond_the_range_are_refused(url, query, users, client_of):
    assert client_of(users["coordinator"]).get(url, query).status_code == 422


def test_a_normal_page_is_answered(users, client_of):
    r = client_of(users["coordinator"]).get("/api/people/persons", {"limit": 1000, "offset": 5})
    assert r.status_code == 200 and "items" in r.json()
