"""What the published OpenAPI schema promises about errors, checked without fuzzing (issue 14 item 6)."""

import pytest
from ninja import Schema

from zorgzaam.api import api


def test_every_operation_documents_the_error_answers():
    schema = api.get_openapi_schema()
    missing = [
        f"{method.upper()} {path}: {code}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        for code in (400, 401, 403, 404, 409, 422)
        if code not in operation["responses"]
    ]
    assert not missing, missing


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_schema_names_are_unique():
    """OpenAPI components are keyed by class name: two API schemas with one name publish one of them
    for both (care's helper suggestions were published with value roles' person_id)."""
    seen = {}
    clashes = []
    for cls in _subclasses(Schema):
        if not cls.__module__.startswith("zorgzaam.") or ".tests" in cls.__module__:
            continue
        other = seen.setdefault(cls.__name__, cls)
        if other is not cls:
            clashes.append(f"{cls.__name__}: {other.__module__} and {cls.__module__}")
    assert not clashes, clashes


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_a_translated_400(users, client_of):
    c = client_of(users["coordinator"])
    r = c.post(
        "/api/people/persons", b"\x00{", content_type="application/json", headers={"Accept-Language": "nl"}
    )
    assert r.status_code == 400
    assert r.json()["detail"] != "Cannot parse request body"
