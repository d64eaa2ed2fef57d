"""api_actor reads network and X-On-Behalf-Of ids as plain ASCII digits (issue 14 item 6):
"²".isdigit() is true but int("²") fails, which was a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "¹²", "9" * 30])
def test_network_that_is_not_an_id_is_not_found(value, users, client_of):
    r = client_of(users["coordinator"]).get("/api/people/persons", {"network": value})
    assert r.status_code == 404, r.content


def test_network_by_id_and_slug_still_work(users, client_of, network):
    c = client_of(users["coordinator"])
    assert c.get("/api/people/persons", {"network": str(network.pk)}).status_code == 200
    assert c.get("/api/people/persons", {"network": network.slug}).status_code == 200


@pytest.mark.parametrize("on_behalf", ["²", "9" * 30])
def test_on_behalf_header_that_is_not_an_id_is_ignored(on_behalf, users, client_of):
    r = client_of(users["coordinator"]).get("/api/people/persons", headers={"X-On-Behalf-Of": on_behalf})
    assert r.status_code == 200, r.content
