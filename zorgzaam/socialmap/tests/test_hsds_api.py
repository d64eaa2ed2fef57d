"""The public HSDS 3.0 API: the paths of the pinned openapi.json, every answer valid against its schema."""

import json
import uuid

import pytest
from django.test import Client

from zorgzaam.socialmap.models import OrganisationProfile, Service
from zorgzaam.socialmap.tests import hsds_schemas as spec
from zorgzaam.socialmap.tests.test_hsds import filled  # noqa: F401 (fixture)

BASE = "/api/hsds/testgem"
TAX_CATEGORY, TAX_COST = "zorgzaam-category", "zorgzaam-cost"


def uid(seed):
    """Ids of things without an id of their own (terms, taxonomies): stable UUIDv5 of a seed."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


@pytest.fixture
def anonymous():
    return Client()


def _get(client, path, schema, **params):
    resp = client.get(BASE + path, params)
    assert resp.status_code == 200, resp.content
    data = resp.json()
    assert spec.errors(data, schema) == [], path
    return data


def _ids(page):
    return [x["id"] for x in page["contents"]]


def test_every_path_answers_as_openapi_defines(anonymous, filled):  # noqa: F811
    index = _get(anonymous, "/", spec.openapi_response("/"))
    assert index["version"] == "3.0"
    services = _get(anonymous, "/services", spec.openapi_response("/services"))
    assert services["total_items"] == 2 and services["first_page"] and services["last_page"]
    names = {s["name"] for s in services["contents"]}
    assert names == {"Gezinszorg", "Juridisch advies"}
    for sid in _ids(services):
        _get(anonymous, f"/services/{sid}", spec.openapi_response("/services/{id}"))
    full = _get(anonymous, "/services", spec.openapi_response("/services"), full="true")
    assert any(s.get("schedules") for s in full["contents"])
    orgs = _get(anonymous, "/organizations", spec.openapi_response("/organizations"))
    assert orgs["total_items"] == 2
    for oid in _ids(orgs):
        org = _get(anonymous, f"/organizations/{oid}", spec.openapi_response("/organizations/{id}"))
        assert all(set(s) == {"id", "name", "status"} for s in org["services"])
    _get(
        anonymous, "/organizations", spec.openapi_response("/organizations"), full="true", full_service="true"
    )
    sals = _get(anonymous, "/service_at_locations", spec.openapi_response("/service_at_locations"))
    assert sals["total_items"] == 1
    sal = sals["contents"][0]
    # The pinned openapi.json points /service_at_locations/{id} at compiled/service.json, which requires a
    # service's name and status; the answer is the fully nested service_at_location the path describes.
    _get(anonymous, f"/service_at_locations/{sal['id']}", "compiled/service_at_location.json")
    taxonomies = _get(anonymous, "/taxonomies", spec.openapi_response("/taxonomies"))
    assert taxonomies["total_items"] == 5
    for tid in _ids(taxonomies):
        _get(anonymous, f"/taxonomies/{tid}", spec.openapi_response("/taxonomies/{id}"))
    terms = _get(anonymous, "/taxonomy_terms", spec.openapi_response("/taxonomy_terms"), per_page="500")
    assert terms["total_items"] == len(terms["contents"]) > 10
    _get(
        anonymous,
        f"/taxonomy_terms/{terms['contents'][0]['id']}",
        spec.openapi_response("/taxonomy_terms/{id}"),
    )


def test_only_public_services_are_served(anonymous, filled):  # noqa: F811
    hidden = Service.objects.get(name="Onthaal")  # inactive: not on the public pages either
    assert not hidden.active
    assert anonymous.get(f"{BASE}/services/{hidden.hsds_id}").status_code == 404
    assert str(hidden.hsds_id) not in anonymous.get(f"{BASE}/services", {"format": "ndjson"}).content.decode()
    for path in ("/services", "/service_at_locations", "/organizations"):
        body = anonymous.get(BASE + path, {"full": "true", "full_service": "true"}).content.decode()
        assert "Onthaal" not in body and str(hidden.hsds_id) not in body
    # An organisation without any public service is not served.
    Service.objects.filter(organisation__name="CAW Test").update(active=False)
    caw = OrganisationProfile.objects.get(organisation__name="CAW Test")
    assert anonymous.get(f"{BASE}/organizations/{caw.hsds_id}").status_code == 404


def test_paging_and_query_parameters(anonymous, filled):  # noqa: F811
    schema = spec.openapi_response("/services")
    page1 = _get(anonymous, "/services", schema, per_page="1")
    page2 = _get(anonymous, "/services", schema, per_page="1", page="2")
    assert page1["total_pages"] == 2 and page1["first_page"] and not page1["last_page"]
    assert page2["page_number"] == 2 and page2["last_page"] and _ids(page1) != _ids(page2)
    found = _get(anonymous, "/services", schema, search="gezins")
    assert [s["name"] for s in found["contents"]] == ["Gezinszorg"]
    home_care = uid(f"{TAX_CATEGORY}/home-care")
    assert [
        s["name"] for s in _get(anonymous, "/services", schema, taxonomy_term_id=home_care)["contents"]
    ] == ["Gezinszorg"]
    by_taxonomy = _get(anonymous, "/services", schema, taxonomy_id=uid(f"taxonomy/{TAX_COST}"))
    assert by_taxonomy["total_items"] == 2
    org = OrganisationProfile.objects.get(organisation__name="CAW Test")
    assert _get(anonymous, "/services", schema, organization_id=str(org.hsds_id))["total_items"] == 1
    assert _get(anonymous, "/services", schema, modified_after="2999-01-01T00:00:00Z")["empty"]
    minimal = _get(anonymous, "/services", schema, minimal="true")["contents"]
    assert all(set(s) <= {"id", "name", "status", "last_modified"} for s in minimal)
    sals = spec.openapi_response("/service_at_locations")
    assert _get(anonymous, "/service_at_locations", sals, postcode="9300")["total_items"] == 1
    assert _get(anonymous, "/service_at_locations", sals, postcode="1000")["total_items"] == 0
    terms = spec.openapi_response("/taxonomy_terms")
    top = _get(anonymous, "/taxonomy_terms", terms, top_only="true", per_page="500")["contents"]
    assert top and all("parent_id" not in t for t in top)
    lines = anonymous.get(f"{BASE}/services", {"format": "ndjson"}).content.decode().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert spec.errors(json.loads(line), "compiled/service_list.json") == []


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"per_page": "-1"},
        {"per_page": "99999"},
        {"full": "maybe"},
        {"modified_after": "yesterday"},
        {"format": "xml"},
    ],
)
def test_bad_parameters_are_a_400_not_a_500(anonymous, filled, params):  # noqa: F811
    resp = anonymous.get(f"{BASE}/services", params)
    assert resp.status_code == 400 and resp.json()["detail"]


def test_unknown_things_are_404(anonymous, filled):  # noqa: F811
    assert anonymous.get("/api/hsds/bestaat-niet/services").status_code == 404
    for path in (
        "/services/x",
        "/organizations/x",
        "/service_at_locations/x",
        "/taxonomies/x",
        "/taxonomy_terms/x",
    ):
        assert anonymous.get(BASE + path).status_code == 404
    assert anonymous.post(f"{BASE}/services").status_code == 405
