"""Validation against the pinned official HSDS 3.0 files in hsds_spec/ (JSON Schema 2020-12, formats on)."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).parent / "hsds_spec"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


@cache
def load(relative: str):
    return json.loads((SPEC / relative).read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    resources = []
    for path in sorted((SPEC / "schema").rglob("*.json")):
        rel = path.relative_to(SPEC / "schema").as_posix()
        contents = load(f"schema/{rel}")
        resources.append((BASE + rel, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(uri: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": uri}, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(instance, schema: str) -> list[str]:
    """Messages of every error of `instance` against e.g. "compiled/organization.json"."""
    uri = schema if schema.startswith("https://") else BASE + schema
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(uri).iter_errors(instance)
    ]


def openapi_response(path: str) -> str:
    """The URI of the 200 response schema of GET `path` ("/services/{id}") in the pinned openapi.json."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return f"{BASE}openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"


def datapackage_columns() -> dict[str, list[str]]:
    return {
        r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in load("datapackage.json")["resources"]
    }
