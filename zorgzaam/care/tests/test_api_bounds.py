"""Care API input the database cannot hold, and what the schema promises (issue 14 item 6)."""

import pytest

from zorgzaam.api import api
from zorgzaam.care.models import Match

pytestmark = pytest.mark.django_db

API = "/api/care"


def test_batch_with_ids_beyond_the_database_range_is_refused(client_of, users):
    c = client_of(users["coordinator"])
    r = c.post(
        f"{API}/batch",
        {"pairs": [[10**30, 1]]},
        content_type="application/json",
        headers={"Idempotency-Key": "bounds-1"},
    )
    assert r.status_code == 422, r.content
    assert Match.objects.count() == 0


def test_request_list_with_an_area_beyond_the_database_range_is_refused(client_of, users):
    r = client_of(users["coordinator"]).get(f"{API}/requests?area={10**30}")
    assert r.status_code == 422, r.content


def test_suggestions_schema_names_what_the_answer_holds():
    """Two schemas called SuggestionOut (care and valued roles) shared one OpenAPI component, so the
    published schema of the care suggestions said person_id while the answer holds helper_id."""
    schema = api.get_openapi_schema()
    ref = schema["paths"]["/api/care/requests/{request_id}/suggestions"]["get"]["responses"][200]
    name = ref["content"]["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[-1]
    props = schema["components"]["schemas"][name]["properties"]
    assert "helper_id" in props and "person_id" not in props
