"""Input PostgreSQL cannot store, refused by the API on every database (issue 14 item 6; found by the
API fuzz test's PostgreSQL pass): NUL characters in text, UTC offsets beyond +-15:59."""

import pytest

from zorgzaam.volunteers.models import Initiative

pytestmark = pytest.mark.django_db


def test_nul_character_in_a_json_body_is_refused(users, client_of):
    c = client_of(users["coordinator"])
    r = c.post("/api/volunteers/initiatives", {"title": "a\x00b"}, content_type="application/json")
    assert r.status_code == 400, r.content
    assert not Initiative.objects.exists()


def test_nul_character_in_the_query_is_refused(users, client_of):
    r = client_of(users["coordinator"]).get("/api/people/persons", {"q": "a\x00b"})
    assert r.status_code == 422, r.content


@pytest.mark.parametrize("since", ["0172-12-28T10:17:39.552095+19:35", "0001-01-01T00:00:00+19:35"])
def test_audit_since_with_an_extreme_offset_is_not_a_500(since, users, client_of):
    r = client_of(users["coordinator"]).get("/api/audit/events", {"since": since})
    assert r.status_code in (200, 422), r.content
