"""HSDS 3.0 tabular data: the nested JSON as the CSV tables of the official datapackage.json, and back.

Every table of the datapackage is written (with its header, also when empty), with the 3.0 file and
column names. Links between tables follow the datapackage's foreign keys; reading joins the tables back
into nested organizations, which then go through the same reader as JSON.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile

from django.utils.translation import gettext as _

from zorgzaam.core import uploads
from zorgzaam.core.csvsafe import safe_cell
from zorgzaam.socialmap.hsds.common import Collector

# File and column names as in the official HSDS 3.0 datapackage.json (a test compares them).
TABLES: dict[str, list[str]] = {
    "organizations.csv": [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ],
    "programs.csv": ["id", "organization_id", "name", "alternate_name", "description"],
    "services.csv": [
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "service_at_location.csv": ["id", "service_id", "location_id", "description"],
    "locations.csv": [
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    "phones.csv": [
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ],
    "contacts.csv": [
        "id",
        "organization_id",
        "service_id",
        "service_at_location_id",
        "location_id",
        "name",
        "title",
        "department",
        "email",
    ],
    "addresses.csv": [
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "schedules.csv": [
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ],
    "funding.csv": ["id", "organization_id", "service_id", "source"],
    "service_areas.csv": ["id", "service_id", "name", "description", "extent", "extent_type", "uri"],
    "required_documents.csv": ["id", "service_id", "document", "uri"],
    "languages.csv": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "accessibility.csv": ["id", "location_id", "description", "details", "url"],
    "taxonomy_terms.csv": [
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ],
    "metadata.csv": [
        "id",
        "resource_id",
        "resource_type",
        "last_action_date",
        "last_action_type",
        "field_name",
        "previous_value",
        "replacement_value",
        "updated_by",
    ],
    "meta_table_descriptions.csv": ["id", "name", "language", "character_set"],
    "cost_options.csv": [
        "id",
        "service_id",
        "valid_from",
        "valid_to",
        "option",
        "currency",
        "amount",
        "amount_description",
    ],
    "organization_identifiers.csv": [
        "id",
        "organization_id",
        "identifier_scheme",
        "identifier_type",
        "identifier",
    ],
    "taxonomies.csv": ["id", "name", "description", "uri", "version"],
}

TABLE_OF = {
    "organization": "organizations.csv",
    "program": "programs.csv",
    "service": "services.csv",
    "attribute": "attributes.csv",
    "service_at_location": "service_at_location.csv",
    "location": "locations.csv",
    "phone": "phones.csv",
    "contact": "contacts.csv",
    "address": "addresses.csv",
    "schedule": "schedules.csv",
    "funding": "funding.csv",
    "service_area": "service_areas.csv",
    "required_document": "required_documents.csv",
    "language": "languages.csv",
    "accessibility": "accessibility.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "metadata": "metadata.csv",
    "cost_option": "cost_options.csv",
    "organization_identifier": "organization_identifiers.csv",
    "taxonomy": "taxonomies.csv",
}
# Nested list -> the entity of its items.
LIST_ENTITY = {
    "funding": "funding",
    "contacts": "contact",
    "phones": "phone",
    "locations": "location",
    "programs": "program",
    "organization_identifiers": "organization_identifier",
    "services": "service",
    "schedules": "schedule",
    "service_areas": "service_area",
    "service_at_locations": "service_at_location",
    "languages": "language",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "addresses": "address",
    "accessibility": "accessibility",
    "attributes": "attribute",
    "metadata": "metadata",
}
CHILDREN = {
    "organization": [
        "funding",
        "contacts",
        "phones",
        "locations",
        "programs",
        "organization_identifiers",
        "services",
    ],
    "service": [
        "phones",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "funding",
        "cost_options",
        "required_documents",
        "contacts",
    ],
    "location": ["languages", "addresses", "contacts", "accessibility", "phones", "schedules"],
    "service_at_location": ["contacts", "phones", "schedules"],
    "contact": ["phones"],
    "phone": ["languages"],
}
# One nested object -> (key in the parent, the parent's column holding its id, its entity).
SINGLES = {
    "service_at_location": [("location", "location_id", "location")],
    "service": [("program", "program_id", "program")],
    "attribute": [("taxonomy_term", "taxonomy_term_id", "taxonomy_term")],
    "taxonomy_term": [("taxonomy_detail", "taxonomy_id", "taxonomy")],
}
# Links implied by nesting (our export never writes them inside the object).
IMPLIED = {("service_at_location", "location_id"), ("service", "program_id")}
NUMBERS = {
    "latitude",
    "longitude",
    "extension",
    "year_incorporated",
    "minimum_age",
    "maximum_age",
    "timezone",
    "count",
    "interval",
    "amount",
}


def _children(entity: str) -> list[str]:
    return [*CHILDREN.get(entity, []), "attributes", "metadata"]


def _link(key: str, parent: str) -> str:
    return {"attributes": "link_id", "metadata": "resource_id"}.get(key, f"{parent}_id")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    return str(v)


# --- nested -> tables ----------------------------------------------------------------------------


def flatten(orgs: list[dict]) -> dict[str, list[dict]]:
    rows: dict[str, dict[str, dict]] = {name: {} for name in TABLES}

    def emit(entity: str, item: dict, link_col: str | None = None, parent_id: str | None = None):
        if not isinstance(item, dict):
            return
        table = TABLE_OF[entity]
        row = {c: _cell(item.get(c)) for c in TABLES[table] if not isinstance(item.get(c), dict | list)}
        if link_col and parent_id and link_col in row:
            row[link_col] = parent_id
        for key, col, child_entity in SINGLES.get(entity, []):
            child = item.get(key)
            if isinstance(child, dict) and child.get("id"):
                row[col] = str(child["id"])
                emit(child_entity, child)
        # One record may be nested in several places (a phone of a service and of its location):
        # one row, with every link filled in.
        key = row.get("id") or f"#{len(rows[table])}"
        if key in rows[table]:
            known = rows[table][key]
            for c, v in row.items():
                if not known.get(c):
                    known[c] = v
        else:
            rows[table][key] = row
        for list_key in _children(entity):
            for child in item.get(list_key) or []:
                emit(LIST_ENTITY[list_key], child, _link(list_key, entity), item.get("id"))

    for o in orgs:
        emit("organization", o)
    return {name: list(r.values()) for name, r in rows.items()}


def write_zip(tables: dict[str, list[dict]], *, excel: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, columns in TABLES.items():
            out = io.StringIO()
            if excel:
                out.write("\ufeff")  # Excel only reads UTF-8 with a byte order mark
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in tables.get(name, []):
                writer.writerow({c: safe_cell(v) for c, v in row.items()} if excel else row)
            zf.writestr(name, out.getvalue())
    return buf.getvalue()


# --- tables -> nested ----------------------------------------------------------------------------


def read_zip(raw: bytes, c: Collector) -> dict[str, list[tuple[int, dict]]] | None:
    """The tables of a ZIP, unpacked through the upload guard: a zip bomb, a lying header, odd member
    names or an unreadable member stop the import with one problem before more is unpacked."""
    try:
        return _read_tables(uploads.ZipGuard(io.BytesIO(raw), uploads.HSDS), c)
    except uploads.UploadRefused as exc:
        c.add("ZIP", "-", None, exc.messages[0])
        return None


def _read_tables(zf: uploads.ZipGuard, c: Collector) -> dict[str, list[tuple[int, dict]]]:
    names = {i.filename.rsplit("/", 1)[-1]: i for i in zf.members}
    tables: dict[str, list[tuple[int, dict]]] = {}
    for name in TABLES:
        tables[name] = []
        if name not in names:
            if name in ("organizations.csv", "services.csv"):
                c.add(name, "-", None, _("This file is missing from the ZIP."))
            continue
        try:
            content = zf.read(names[name]).decode("utf-8-sig")
        except UnicodeDecodeError:
            c.add(name, "-", None, _("This file is not UTF-8 text."))
            continue
        reader = csv.DictReader(io.StringIO(content))
        try:
            fieldnames = reader.fieldnames or []
            if "id" not in fieldnames:
                c.add(name, 1, "id", _("This column is missing."))
                continue
            # Row 1 is the header, so data rows start at 2 (as a spreadsheet shows them).
            tables[name] = [(n, row) for n, row in enumerate(reader, start=2)]
        except csv.Error as exc:
            c.add(name, "-", None, _("This is not a valid CSV file (%(error)s).") % {"error": exc})
    return tables


def _typed(value: str, column: str, c: Collector, src):
    if column not in NUMBERS:
        return value
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        c.add(*src, column, _("Not a number."))
        return value
    return int(number) if number.is_integer() and "." not in value else number


def nest(tables: dict[str, list[tuple[int, dict]]], c: Collector) -> list[dict]:
    """Organizations with everything linked to them nested, each object marked with its file and row."""
    index: dict[tuple[str, str], dict[str, list]] = {}

    def by(table: str, column: str) -> dict[str, list]:
        if (table, column) not in index:
            found: dict[str, list] = {}
            for n, row in tables.get(table, []):
                value = (row.get(column) or "").strip()
                if value:
                    found.setdefault(value, []).append((n, row))
            index[(table, column)] = found
        return index[(table, column)]

    def build(entity: str, n: int, row: dict, parent_col: str | None, depth: int = 0) -> dict:
        table = TABLE_OF[entity]
        obj: dict = {"__src": (table, n)}
        for col in TABLES[table]:
            value = (row.get(col) or "").strip()
            if not value or col == parent_col:
                continue
            obj[col] = _typed(value, col, c, (table, n))
        for key, col, child_entity in SINGLES.get(entity, []):
            found = by(TABLE_OF[child_entity], "id").get(obj.get(col, ""))
            if found:
                obj[key] = build(child_entity, *found[0], None, depth + 1)
                if (entity, col) in IMPLIED:
                    obj.pop(col, None)
        if depth > 8 or not obj.get("id"):
            return obj
        for list_key in _children(entity):
            child_entity = LIST_ENTITY[list_key]
            col = _link(list_key, entity)
            items = [
                build(child_entity, m, r, col, depth + 1)
                for m, r in by(TABLE_OF[child_entity], col).get(obj["id"], [])
            ]
            if items:
                obj[list_key] = items
        return obj

    orgs = [build("organization", n, row, None) for n, row in tables.get("organizations.csv", [])]
    known = {o.get("id") for o in orgs}
    for n, row in tables.get("services.csv", []):
        if (row.get("organization_id") or "").strip() not in known:
            c.add(
                "services.csv", n, "organization_id", _("No organization with this id in organizations.csv.")
            )
    return orgs
