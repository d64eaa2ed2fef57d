"""HSDS 3.0 exactly: exports valid against the pinned official schemas and datapackage, the official
examples import and round-trip, the formula-safe spreadsheet variant."""

import csv
import io
import json
import zipfile

import pytest

from zorgzaam.socialmap import hsds
from zorgzaam.socialmap.models import OrganisationProfile, Service
from zorgzaam.socialmap.tests import hsds_schemas as spec
from zorgzaam.socialmap.tests.test_hsds import filled, twin  # noqa: F401 (fixtures)


def _zip_of_dir(folder) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(folder.glob("*.csv")):
            zf.write(path, path.name)
    return buf.getvalue()


def _empty_paths(v, path=""):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _empty_paths(x, f"{path}.{k}")
    elif isinstance(v, list):
        for x in v:
            yield from _empty_paths(x, f"{path}[]")
    elif v in ("", None):
        yield path


def _sorted(data) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


@pytest.fixture
def coordinator(users, actor_of, network):
    network.nis_code = "41002"  # Aalst, Oost-Vlaanderen
    network.save()
    return actor_of(users["coordinator"])


def test_json_export_valid_against_official_schema(coordinator, filled, organisation):  # noqa: F811
    organisation.email = ""
    organisation.address = "Kerkstraat 1"  # no postcode: the required fields are still there
    organisation.save()
    data = json.loads(hsds.export_json(coordinator))
    assert len(data) == 2
    for org in data:
        assert spec.errors(org, "compiled/organization.json") == []
    # Optional empty fields are left out; only required ones may be empty (an organisation's description,
    # a postcode we do not know).
    assert sorted(set(_empty_paths(data))) == ["[].description", "[].locations[].addresses[].postal_code"]
    loc = data[1]["services"][0]["service_at_locations"][0]["location"]
    assert loc["addresses"][0] == {
        "id": loc["addresses"][0]["id"],
        "address_1": "Stationsstraat 40",
        "city": "Lindebeek",
        "state_province": "Oost-Vlaanderen",
        "postal_code": "9300",
        "country": "BE",
        "address_type": "physical",
    }
    assert {a["id"] for a in loc["accessibility"]} and all(a["id"] for a in loc["accessibility"])
    terms = [a["taxonomy_term"] for a in data[1]["services"][0]["attributes"]]
    assert all(t["name"] and t["description"] for t in terms)


@pytest.mark.parametrize(
    ("nis", "postcode", "expected"),
    [
        ("11002", "", "Antwerpen"),
        ("21004", "", "Brussels-Capital Region"),
        ("23088", "", "Vlaams-Brabant"),
        ("24062", "", "Vlaams-Brabant"),
        ("25072", "", "Brabant wallon"),
        ("31005", "", "West-Vlaanderen"),
        ("44021", "", "Oost-Vlaanderen"),
        ("57081", "", "Hainaut"),
        ("62063", "", "Liège"),
        ("71016", "", "Limburg"),
        ("82003", "", "Luxembourg"),
        ("92094", "", "Namur"),
        ("", "1000", "Brussels-Capital Region"),
        ("", "3500", "Limburg"),
        ("", "", ""),
    ],
)
def test_province_from_nis_code(nis, postcode, expected):
    from zorgzaam.socialmap.hsds.common import province

    assert province(nis, postcode) == expected


def test_tabular_export_has_official_files_and_columns(coordinator, filled):  # noqa: F811
    zf = zipfile.ZipFile(io.BytesIO(hsds.export_csv_zip(coordinator)))
    official = spec.datapackage_columns()
    assert set(zf.namelist()) == set(official)
    for name, columns in official.items():
        header = next(csv.reader(io.StringIO(zf.read(name).decode("utf-8"))))
        assert header == columns, name
    rows = list(csv.DictReader(io.StringIO(zf.read("service_at_location.csv").decode())))
    assert len(rows) == 1 and rows[0]["location_id"]
    locations = {r["id"]: r for r in csv.DictReader(io.StringIO(zf.read("locations.csv").decode()))}
    assert locations[rows[0]["location_id"]]["location_type"] == "physical"


def test_feed_keeps_values_spreadsheet_variant_neutralises(coordinator, filled):  # noqa: F811
    service = Service.objects.get(name="Gezinszorg")
    service.description = '=HYPERLINK("http://evil.example","klik")'
    service.save()
    feed = zipfile.ZipFile(io.BytesIO(hsds.export_csv_zip(coordinator)))
    excel = zipfile.ZipFile(io.BytesIO(hsds.export_csv_zip(coordinator, excel=True)))

    def description(zf):
        rows = csv.DictReader(io.StringIO(zf.read("services.csv").decode("utf-8-sig")))
        return next(r["description"] for r in rows if r["name"] == "Gezinszorg")

    assert description(feed) == service.description
    assert description(excel) == "'" + service.description
    assert excel.read("services.csv").startswith("\ufeff".encode())


EXAMPLES = {
    "organization_full.json": ("json", lambda: (spec.SPEC / "examples/organization_full.json").read_bytes()),
    "service_full.json": ("json", lambda: (spec.SPEC / "examples/service_full.json").read_bytes()),
    "csv": ("zip", lambda: _zip_of_dir(spec.SPEC / "examples/csv")),
}


def _export(actor, fmt):
    return hsds.export_json(actor).encode() if fmt == "json" else hsds.export_csv_zip(actor)


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_official_examples_import_and_round_trip(users, actor_of, network, twin, example):  # noqa: F811
    fmt, raw = EXAMPLES[example]
    coordinator = actor_of(users["coordinator"])
    outsider = actor_of(users["outsider"], twin)
    result = hsds.import_hsds(coordinator, raw(), fmt)
    assert result["organisations_created"] == 1 and result["services_created"] >= 1
    first = _export(coordinator, fmt)
    hsds.import_hsds(outsider, first, fmt)
    again = _export(outsider, fmt)
    assert _sorted(json.loads(hsds.export_json(outsider))) == _sorted(
        json.loads(hsds.export_json(coordinator))
    )
    if fmt == "zip":
        for name in hsds.CSV_TABLES:
            assert zipfile.ZipFile(io.BytesIO(again)).read(name) == zipfile.ZipFile(io.BytesIO(first)).read(
                name
            )
    data = json.loads(hsds.export_json(coordinator))
    for org in data:
        assert spec.errors(org, "compiled/organization.json") == []
    service = data[0]["services"][0]
    assert service["name"] == "Community Counselling"
    # What Zorgzaam does not model is published again: Urdu, free-text areas and accessibility, the rest.
    assert {lang["code"] for lang in service["languages"]} == {"ur"}
    assert service["service_areas"][0]["name"].startswith("The service is available to all residents")
    location = service["service_at_locations"][0]["location"]
    assert location["accessibility"][0]["description"].startswith("The building is equipped")
    assert (
        location["addresses"][0]["country"] == "US"
        and location["addresses"][0]["state_province"] == "MyState"
    )
    assert service["minimum_age"] == 12 and service["alert"].startswith("Following COVID-19")


def test_official_example_matches_what_we_publish(users, actor_of, network):
    """Importing the official organization_full.json and exporting it gives the same organisation back,
    except for what Zorgzaam adds (its own taxonomy attributes) and normalises (HH:MM, one phone)."""
    coordinator = actor_of(users["coordinator"])
    hsds.import_hsds(coordinator, (spec.SPEC / "examples/organization_full.json").read_bytes(), "json")
    org = json.loads(hsds.export_json(coordinator))[0]
    official = spec.load("examples/organization_full.json")
    for key in set(official) - {"services", "attributes"}:
        assert org[key] == official[key], key  # (100.0 == 100: numbers come back as floats)
    assert org["attributes"][: len(official.get("attributes", []))] == official.get("attributes", [])
    assert org["locations"][0]["addresses"] == official["locations"][0]["addresses"]
    assert org["locations"][0]["transportation"] == official["locations"][0]["transportation"]


def test_service_full_is_read_as_a_service(users, actor_of, network):
    coordinator = actor_of(users["coordinator"])
    official = spec.load("examples/service_full.json")
    hsds.import_hsds(coordinator, json.dumps(official).encode(), "json")
    service = Service.objects.get(hsds_id=official["id"])
    assert service.name == official["name"]
    assert str(service.organisation.socialmap_profile.hsds_id) == official["organization"]["id"]
    assert service.organisation.name == official["organization"]["name"]


def test_csv_example_reads_the_3_0_columns(users, actor_of, network):
    coordinator = actor_of(users["coordinator"])
    hsds.import_hsds(coordinator, EXAMPLES["csv"][1](), "zip")
    service = Service.objects.get()
    assert service.name == "Community Counselling"
    assert service.website == "http://example.com/counselling"
    assert service.email == "email@example.com"
    assert service.cost_note.startswith("Non-NHS patients")
    assert service.address == "1-30 Main Street" and service.city == "MyCity"
    assert service.hsds_extra["minimum_age"] == 12


def _with_csv(raw: bytes, name: str, change) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for n in zin.namelist():
            content = zin.read(n)
            if n == name:
                rows = list(csv.DictReader(io.StringIO(content.decode())))
                change(rows)
                buf = io.StringIO()
                writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
                content = buf.getvalue().encode()
            zout.writestr(n, content)
    return out.getvalue()


def test_broken_csv_example_reports_row_and_field_and_writes_nothing(users, actor_of, network):
    coordinator = actor_of(users["coordinator"])
    raw = _with_csv(EXAMPLES["csv"][1](), "locations.csv", lambda rows: rows[0].update(latitude="north"))
    raw = _with_csv(raw, "services.csv", lambda rows: rows[0].update(email="not an address"))
    with pytest.raises(hsds.ImportProblems) as exc:
        hsds.import_hsds(coordinator, raw, "zip")
    got = {(p["file"], p["row"], p["field"]) for p in exc.value.problems}
    assert ("locations.csv", 2, "latitude") in got
    assert ("services.csv", 2, "email") in got
    assert not Service.objects.exists() and not OrganisationProfile.objects.exists()


def test_demo_network_export_is_valid(db):
    """The demo social map (where the 2.0-style export had 452 schema errors over 8 organisations)."""
    from django.contrib.auth import get_user_model

    from zorgzaam.core.demo import DEMO_SLUG, run_demo
    from zorgzaam.networks.models import Network
    from zorgzaam.people.actor import build_actor

    run_demo()
    network = Network.objects.get(slug=DEMO_SLUG)
    actor = build_actor(get_user_model().objects.get(username="coordinator"), network)
    data = json.loads(hsds.export_json(actor))
    assert len(data) >= 8
    problems = [e for org in data for e in spec.errors(org, "compiled/organization.json")]
    assert problems == [], f"{len(problems)} errors, e.g. {problems[:5]}"


@pytest.mark.parametrize("role", ["partner", "professional", "volunteer", "policy", "resident"])
def test_spreadsheet_download_only_for_coordinators(users, client_of, filled, role):  # noqa: F811
    assert client_of(users[role]).get("/socialmap/open-referral/export-excel.zip").status_code == 403


def test_exchange_page_offers_both_tables_and_the_api(users, client_of, filled):  # noqa: F811
    coord = client_of(users["coordinator"])
    page = coord.get("/socialmap/open-referral/").content.decode()
    assert "/socialmap/open-referral/export-excel.zip" in page and "/api/hsds/testgem/" in page
    resp = coord.get("/socialmap/open-referral/export-excel.zip")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    assert set(zipfile.ZipFile(io.BytesIO(resp.content)).namelist()) == set(hsds.CSV_TABLES)


ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SVC = "ac148810-d857-441c-9679-408f346de14b"


@pytest.mark.parametrize(
    "payload",
    [
        {"id": ORG, "name": "X", "description": "", "services": 5},
        [1, "two", None],
        {"status": "active", "organization": "not an object"},
        [{"id": ORG, "name": "X", "services": [{"id": SVC, "name": "S", "status": 5, "phones": "x"}]}],
        [{"id": ORG, "name": "X", "services": [{"id": SVC, "name": "S", "schedules": [{"byday": 3}]}]}],
        [{"id": ORG, "name": "X", "locations": [{"latitude": True, "addresses": "x"}], "attributes": [7]}],
        [
            {
                "id": ORG,
                "name": "X",
                "services": [{"id": SVC, "name": "S", "service_at_locations": [{"location": 1}]}],
            }
        ],
        [{"id": ORG, "name": "X", "services": [{"id": SVC, "name": "S", "assured_date": "gisteren"}]}],
    ],
)
def test_odd_json_is_refused_or_read_never_a_crash(users, actor_of, network, payload):
    coordinator = actor_of(users["coordinator"])
    try:
        hsds.import_hsds(coordinator, json.dumps(payload).encode(), "json")
    except hsds.ImportProblems as exc:
        assert exc.problems and not Service.objects.exists()
    else:
        assert spec.errors(json.loads(hsds.export_json(coordinator))[0], "compiled/organization.json") == []


@pytest.mark.parametrize("value", [float("inf"), float("nan"), "1e999", "NaN"])
def test_coordinates_must_be_finite(users, actor_of, network, value):
    payload = [{"id": ORG, "name": "X", "description": "", "locations": [{"id": SVC, "latitude": value}]}]
    with pytest.raises(hsds.ImportProblems) as exc:
        hsds.import_hsds(actor_of(users["coordinator"]), json.dumps(payload).encode(), "json")
    assert {p["field"] for p in exc.value.problems} == {"latitude"}


def test_csv_numbers_must_be_finite(users, actor_of, network):
    raw = _with_csv(EXAMPLES["csv"][1](), "phones.csv", lambda rows: rows[0].update(extension="nan"))
    with pytest.raises(hsds.ImportProblems) as exc:
        hsds.import_hsds(actor_of(users["coordinator"]), raw, "zip")
    assert ("phones.csv", 2, "extension") in {(p["file"], p["row"], p["field"]) for p in exc.value.problems}


def test_tabular_export_foreign_keys_resolve(coordinator, filled):  # noqa: F811
    """Every link the official datapackage declares points at a row of the export (no dangling ids)."""
    zf = zipfile.ZipFile(io.BytesIO(hsds.export_csv_zip(coordinator)))
    package = spec.load("datapackage.json")
    path_of = {r["name"]: r["path"] for r in package["resources"]}
    rows = {
        r["path"]: list(csv.DictReader(io.StringIO(zf.read(r["path"]).decode())))
        for r in package["resources"]
    }
    checked = 0
    for resource in package["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            target_ids = {row["id"] for row in rows[path_of[fk["reference"]["resource"]]]}
            for row in rows[resource["path"]]:
                if row[fk["fields"]]:
                    checked += 1
                    assert row[fk["fields"]] in target_ids, (resource["path"], fk["fields"], row["id"])
    assert checked > 10
