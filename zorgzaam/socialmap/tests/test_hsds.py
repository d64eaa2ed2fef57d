import csv
import io
import json
import uuid
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap import hsds
from zorgzaam.socialmap.models import OrganisationProfile, Service


@pytest.fixture
def filled(network, areas, organisation, other_org, make_service):
    organisation.address = "Stationsstraat 40, 9300 Lindebeek"
    organisation.latitude, organisation.longitude = 50.93, 4.05
    organisation.phone = "053 70 30 30"
    organisation.save()
    make_service(
        organisation,
        "Gezinszorg",
        description="Hulp bij wassen en aankleden",
        categories=["home-care", "informal-carers"],
        groups=["elderly", "disability"],
        areas=[areas["north"], areas["south"]],
        languages=["nl", "fr"],
        hours=[(0, "08:30", "12:00"), (0, "13:00", "16:30"), (3, "09:00", "12:00")],
        cost="price",
        cost_note="Volgens inkomen",
        hours_note="Ook op afspraak",
        phone="053 70 30 31",
        email="gezinszorg@example.org",
        website="https://example.org/gezinszorg",
        address="Stationsstraat 40",
        postcode="9300",
        city="Lindebeek",
        latitude=50.931234,
        longitude=4.051234,
        wheelchair_accessible=True,
        home_visits=True,
    )
    make_service(other_org, "Onthaal", categories=["admin-money"], accepts_referrals=False, active=False)
    make_service(other_org, "Juridisch advies", last_verified_at=None, languages=["ar"])


@pytest.fixture
def twin(other_network, users):
    """The outsider coordinates an empty network with the same neighbourhood names."""
    for name, slug in (("Noord", "noord"), ("Zuid", "zuid")):
        Area.objects.create(network=other_network, name=name, slug=slug)
    return other_network


def test_json_export_shape(users, actor_of, filled):
    data = json.loads(hsds.export_json(actor_of(users["coordinator"])))
    assert [o["name"] for o in data] == ["CAW Test", "Thuiszorg Test"]
    svc = data[1]["services"][0]
    assert svc["name"] == "Gezinszorg" and svc["status"] == "active"
    assert [(s.get("byday"), s.get("opens_at")) for s in svc["schedules"]] == [
        ("MO", "08:30"),
        ("MO", "13:00"),
        ("TH", "09:00"),
        (None, None),
    ]
    assert svc["schedules"][-1]["description"] == "Ook op afspraak"
    assert [a["name"] for a in svc["service_areas"]] == ["Noord", "Zuid"]
    loc = svc["service_at_locations"][0]["location"]
    assert loc["latitude"] == 50.931234 and loc["addresses"][0]["postal_code"] == "9300"
    assert {a["description"] for a in loc["accessibility"]} == {"wheelchair_accessible", "home_visits"}
    codes = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in svc["attributes"]}
    assert ("zorgzaam-category", "home-care") in codes and ("zorgzaam-cost", "price") in codes


def test_json_round_trip(users, actor_of, filled, twin):
    exported = hsds.export_json(actor_of(users["coordinator"]))
    result = hsds.import_hsds(actor_of(users["outsider"], twin), exported.encode(), "json")
    assert result["organisations_created"] == 2 and result["services_created"] == 3
    again = hsds.export_json(actor_of(users["outsider"], twin))
    assert json.loads(again) == json.loads(exported)
    # Importing the same file again updates, it does not duplicate.
    result = hsds.import_hsds(actor_of(users["outsider"], twin), exported.encode(), "json")
    assert result["services_updated"] == 3 and result["services_created"] == 0
    assert Service.objects.filter(organisation__network=twin).count() == 3


def test_csv_zip_round_trip(users, actor_of, filled, twin):
    exported = hsds.export_csv_zip(actor_of(users["coordinator"]))
    names = set(zipfile.ZipFile(io.BytesIO(exported)).namelist())
    assert names == set(hsds.CSV_TABLES)
    hsds.import_hsds(actor_of(users["outsider"], twin), exported, "zip")
    again = hsds.export_csv_zip(actor_of(users["outsider"], twin))
    for name in hsds.CSV_TABLES:
        first = zipfile.ZipFile(io.BytesIO(exported)).read(name)
        assert zipfile.ZipFile(io.BytesIO(again)).read(name) == first, name
    # Both formats describe the same data.
    assert json.loads(hsds.export_json(actor_of(users["outsider"], twin))) == json.loads(
        hsds.export_json(actor_of(users["coordinator"]))
    )


def test_import_updates_matching_ids(users, actor_of, filled):
    actor = actor_of(users["coordinator"])
    data = json.loads(hsds.export_json(actor))
    data[1]["services"][0]["name"] = "Gezinszorg (nieuw)"
    data[1]["name"] = "Thuiszorg Test vzw"
    before = Service.objects.count()
    hsds.import_hsds(actor, json.dumps(data).encode(), "json")
    assert Service.objects.count() == before
    assert Service.objects.filter(name="Gezinszorg (nieuw)", organisation__name="Thuiszorg Test vzw").exists()


def _snapshot():
    return sorted(
        (s.hsds_id.hex, s.name, s.organisation.name, s.schedules.count()) for s in Service.objects.all()
    ), Organisation.objects.count()


def test_broken_json_changes_nothing(users, actor_of, filled):
    actor = actor_of(users["coordinator"])
    data = json.loads(hsds.export_json(actor))
    data[0]["name"] = "CAW Test hernoemd"  # valid on its own, must not be saved either
    data[1]["services"][0]["schedules"][0]["opens_at"] = "25:99"
    data[1]["services"][0]["attributes"].append(
        {"taxonomy_term": {"taxonomy": "zorgzaam-category", "code": "bestaat-niet"}}
    )
    data[1]["services"][0]["email"] = "geen mailadres"
    data.append({"id": "not-a-uuid", "name": "Nieuw", "services": []})
    before = _snapshot()
    with pytest.raises(hsds.ImportProblems) as exc, translation.override("en"):
        hsds.import_hsds(actor, json.dumps(data).encode(), "json")
    problems = exc.value.problems
    fields = {(p["row"], p["field"]) for p in problems}
    assert ("organization 2, service 1, schedule 1", "opens_at") in fields
    assert ("organization 2, service 1", "categories") in fields
    assert ("organization 2, service 1", "email") in fields
    assert ("organization 3", "id") in fields
    assert all("JSON" in m for m in exc.value.messages)
    assert _snapshot() == before


def test_broken_csv_reports_file_row_field(users, actor_of, filled):
    actor = actor_of(users["coordinator"])
    exported = hsds.export_csv_zip(actor)
    zin = zipfile.ZipFile(io.BytesIO(exported))
    rows = list(csv.DictReader(io.StringIO(zin.read("services.csv").decode())))
    rows[1]["organization_id"] = "00000000-0000-0000-0000-000000000000"
    rows[2]["name"] = ""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            if name == "services.csv":
                buf = io.StringIO()
                writer = csv.DictWriter(buf, fieldnames=hsds.CSV_TABLES[name])
                writer.writeheader()
                writer.writerows(rows)
                zout.writestr(name, buf.getvalue())
            else:
                zout.writestr(name, zin.read(name))
    before = _snapshot()
    with pytest.raises(hsds.ImportProblems) as exc:
        hsds.import_hsds(actor, out.getvalue(), "zip")
    got = {(p["file"], p["row"], p["field"]) for p in exc.value.problems}
    assert ("services.csv", 3, "organization_id") in got
    assert ("services.csv", 4, "name") in got
    assert _snapshot() == before


def test_not_a_file(users, actor_of, filled):
    actor = actor_of(users["coordinator"])
    with pytest.raises(hsds.ImportProblems):
        hsds.import_hsds(actor, b"{not json", "json")
    with pytest.raises(hsds.ImportProblems):
        hsds.import_hsds(actor, b"PK nope", "zip")


@pytest.mark.parametrize("role", ["partner", "professional", "volunteer", "policy", "resident"])
def test_only_coordinators_exchange(users, actor_of, client_of, filled, role):
    actor = actor_of(users[role])
    with pytest.raises(PermissionDenied):
        hsds.export_json(actor)
    with pytest.raises(PermissionDenied):
        hsds.import_hsds(actor, b"[]", "json")
    client = client_of(users[role])
    assert client.get("/socialmap/open-referral/").status_code == 403
    assert client.get("/socialmap/open-referral/export.zip").status_code == 403
    assert client.get("/api/socialmap/hsds/export.json").status_code == 403


def test_import_view_and_api(users, client_of, actor_of, filled, twin):
    exported = hsds.export_json(actor_of(users["coordinator"])).encode()
    coord = client_of(users["coordinator"])
    assert coord.get("/socialmap/open-referral/export.json").status_code == 200
    broken = json.loads(exported)
    # Our own taxonomy is ours: an unknown category code is an error (unknown languages are kept).
    broken[0]["services"][0]["attributes"].append(
        {"id": str(uuid.uuid4()), "taxonomy_term": {"taxonomy": "zorgzaam-category", "code": "xx-unknown"}}
    )
    resp = coord.post(
        "/socialmap/open-referral/",
        {"file": SimpleUploadedFile("kaart.json", json.dumps(broken).encode(), "application/json")},
    )
    assert resp.status_code == 200
    assert "xx-unknown" in resp.content.decode()
    resp = coord.post("/socialmap/open-referral/", {"file": SimpleUploadedFile("kaart.txt", b"x")})
    assert resp.status_code == 200 and Service.objects.count() == 3
    outsider = client_of(users["outsider"])
    resp = outsider.post(
        "/api/socialmap/hsds/import?network=elders", {"file": SimpleUploadedFile("kaart.json", exported)}
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["services_created"] == 3
    assert OrganisationProfile.objects.filter(organisation__network=twin).count() == 2
    resp = outsider.post(
        "/api/socialmap/hsds/import?network=elders",
        {"file": SimpleUploadedFile("kaart.json", json.dumps(broken).encode())},
    )
    assert resp.status_code == 422
    assert "xx-unknown" in resp.json()["errors"][0]["message"]


def test_rename_onto_existing_name_changes_nothing(users, actor_of, filled, network):
    actor = actor_of(users["coordinator"])
    data = json.loads(hsds.export_json(actor))
    Organisation.objects.create(network=network, name="Bestaat al")
    data[0]["name"] = "Bestaat al"
    data[0]["services"][0]["name"] = "Gewijzigd"
    before = _snapshot()
    with pytest.raises(hsds.ImportProblems):
        hsds.import_hsds(actor, json.dumps(data).encode(), "json")
    assert _snapshot() == before
