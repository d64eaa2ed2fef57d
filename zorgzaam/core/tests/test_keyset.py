"""Keyset (cursor) paging of the persons API (issue 15 item 5): following `next_cursor` visits every
visible row once in the offset order, a bad cursor is a clear 400 and the query count of a cursor
page does not grow with the rows."""

import base64
import json

import pytest

from zorgzaam.core.testing import assert_same_queries

pytestmark = pytest.mark.django_db
URL = "/api/people/persons"


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_cursor_pages_visit_every_visible_row_once(users, client_of, network, areas, make_person):
    for i in range(7):
        make_person(
            network, area=areas["north" if i % 2 else "south"], last_name="Peeters" if i < 4 else "Aerts"
        )
    for role in ("coordinator", "professional"):
        c = client_of(users[role])
        everyone = c.get(URL, {"limit": 1000}).json()
        seen, cursor = [], None
        for _page in range(20):
            params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            body = c.get(URL, params).json()
            seen += [p["id"] for p in body["items"]]
            assert body["count"] == everyone["count"]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert seen == [p["id"] for p in everyone["items"]]  # same order, none twice, none missing
    # offset keeps working
    c = client_of(users["coordinator"])
    assert c.get(URL, {"limit": 2, "offset": 2}).json()["items"] == c.get(URL).json()["items"][2:4]


@pytest.mark.parametrize("cursor", ["", "%%%", _cursor(["a"]), _cursor([[1], {}, None]), "x" * 2000])
def test_bad_cursor_is_refused(users, client_of, cursor):
    r = client_of(users["coordinator"]).get(URL, {"cursor": cursor}, headers={"Accept-Language": "nl"})
    if cursor == "":
        assert r.status_code == 200  # no cursor: the first page
    else:
        assert r.status_code == 422
        assert [e["field"] for e in r.json()["errors"]] == ["cursor"]
        assert cursor == "x" * 2000 or "cursor" in r.json()["errors"][0]["message"]


def test_cursor_page_queries(users, client_of, network, areas, make_person):
    def rows(n):
        for _i in range(n):
            make_person(network, area=areas["north"])

    url = f"{URL}?limit=50&cursor={_cursor(['', '', 0])}"
    assert_same_queries(client_of(users["coordinator"]), url, rows, expected=7)
