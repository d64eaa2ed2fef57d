import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import geo, services
from zorgzaam.sectors.models import AreaSector, ImportJob, Indicator, IndicatorValue, Sector, SectorSet
from zorgzaam.sectors.testing import grid_boxes, write_layer

NORTH_CODES = ["41999A00-", "41999A01-", "41999A02-"]


@pytest.fixture
def report(sector_set, areas):
    services.set_area_sectors(
        system_actor(areas["north"].network), areas["north"], NORTH_CODES, recompute=False
    )
    total = Indicator.objects.get(code="population_total")
    old = Indicator.objects.get(code="population_85_plus")
    median = Indicator.objects.get(code="median_taxable_income")
    rows = []
    for i, code in enumerate(NORTH_CODES):
        rows += [
            IndicatorValue(indicator=total, sector_code=code, year=2025, value=100 + i),
            IndicatorValue(indicator=old, sector_code=code, year=2025, value=[1, 2, 30][i]),
            IndicatorValue(indicator=median, sector_code=code, year=2025, value=21000 + i),
        ]
    IndicatorValue.objects.bulk_create(rows)
    return areas


ALLOWED_INDICATORS = {"coordinator", "professional", "policy"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["coordinator", "professional", "volunteer", "partner", "policy", "resident"]
)
def test_index_and_catalogue_access(report, users, client_of, role):
    c = client_of(users[role])
    expected = 200 if role in ALLOWED_INDICATORS else 403
    assert c.get(reverse("sectors:index")).status_code == expected
    assert c.get(reverse("sectors:indicators")).status_code == expected
    assert c.get("/api/sectors/indicators").status_code == expected
    # Shared data (indicator tables, the catalogue) is for the platform administrator only.
    assert c.get(reverse("sectors:indicator_import")).status_code == 403
    assert c.get(reverse("sectors:indicator_create")).status_code == 403
    rows = 200 if role in ("coordinator", "professional") else 403
    sets = c.get(reverse("sectors:sets"))
    assert sets.status_code == rows
    assert c.get(reverse("sectors:set", args=[SectorSet.objects.get().pk])).status_code == rows
    if rows == 200:
        assert sets.context["form"] is None and b'enctype="multipart/form-data"' not in sets.content
    if expected == 200:
        index = c.get(reverse("sectors:index")).content.decode()
        with translation.override("nl"):
            note = translation.gettext(
                "Sector layers and figures are the same for every network: "
                "the platform administrator imports and updates them."
            )
        assert "beheerder van het platform" in note and note in index
        assert reverse("sectors:indicator_import") not in index
        catalogue = c.get(reverse("sectors:indicators")).content.decode()
        assert reverse("sectors:indicator_import") not in catalogue
        assert reverse("sectors:indicator_create") not in catalogue


@pytest.mark.django_db
def test_platform_admin_pages(report, admin, client_of, make_user, network):
    c = client_of(admin)
    for name in ("index", "indicators", "indicator_import", "indicator_create", "sets"):
        assert c.get(reverse(f"sectors:{name}")).status_code == 200, name
    assert c.get(reverse("sectors:sets")).context["form"] is not None
    index = c.get(reverse("sectors:index")).content.decode()
    assert reverse("sectors:indicator_import") in index and reverse("sectors:sets") in index
    # A superuser without any role in a network still reaches the layer pages.
    from zorgzaam.accounts.models import User

    bare = User.objects.create_user(username="root", password="x" * 12, is_superuser=True)
    bare_client = client_of(bare)
    for name in ("index", "sets", "indicators", "indicator_import"):
        assert bare_client.get(reverse(f"sectors:{name}")).status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,area,sectors_page,figures,sector_columns",
    [
        ("coordinator", "north", 200, 200, True),
        ("coordinator", "south", 200, 200, True),
        ("professional", "north", 200, 200, True),
        ("professional", "south", 403, 403, False),
        ("policy", "north", 403, 200, False),
        ("volunteer", "north", 403, 403, False),
        ("partner", "north", 403, 403, False),
        ("resident", "north", 403, 403, False),
        ("outsider", "north", 403, 403, False),
    ],
)
def test_area_pages_by_role(report, users, client_of, role, area, sectors_page, figures, sector_columns):
    c = client_of(users[role])
    a = report[area]
    assert c.get(reverse("sectors:area_sectors", args=[a.pk])).status_code == sectors_page
    resp = c.get(reverse("sectors:area_indicators", args=[a.pk]))
    assert resp.status_code == figures
    api = c.get(f"/api/sectors/areas/{a.pk}/indicators")
    assert api.status_code == figures
    geo = c.get(f"/api/sectors/areas/{a.pk}/sectors")
    assert geo.status_code == sectors_page
    if figures == 200 and area == "north":
        body = resp.content.decode()
        assert ("41999A01-" in body) == sector_columns
        data = api.json()
        assert bool(data["sectors"]) == sector_columns
        aggregates = {a["indicator"]: a for a in data["aggregates"]}
        assert aggregates["population_total"]["value"] == 303
        assert aggregates["population_85_plus"]["value"] == 33
        assert aggregates["median_taxable_income"]["method"] == "not_aggregable"
        if sector_columns:
            cells = {c["sector"]: c for c in data["sectors"]["population_85_plus"]}
            assert cells["41999A00-"]["suppressed"] and cells["41999A00-"]["value"] is None
            assert cells["41999A00-"]["display"] == SYMBOL
            # A00 + A01 = 3 next to the area total: A02 (30) is hidden with them.
            assert cells["41999A02-"]["value"] is None and cells["41999A02-"]["suppressed"]
            assert SYMBOL in body and "disclosure-note" in body
    if sectors_page == 200 and area == "north":
        fc = geo.json()
        assert fc["type"] == "FeatureCollection"
        assert sorted(f["properties"]["code"] for f in fc["features"]) == NORTH_CODES


@pytest.mark.django_db
def test_aggregate_suppressed_for_policy(report, users, client_of, network):
    network.k_anonymity = 40
    network.save()
    data = client_of(users["policy"]).get(f"/api/sectors/areas/{report['north'].pk}/indicators").json()
    agg = {a["indicator"]: a for a in data["aggregates"]}
    assert agg["population_85_plus"]["suppressed"] and agg["population_85_plus"]["value"] is None
    assert agg["population_85_plus"]["display"] == SYMBOL
    assert agg["population_total"]["value"] == 303


@pytest.mark.django_db
def test_edit_area_sectors_by_form_and_api(report, users, client_of, django_capture_on_commit_callbacks):
    north = report["north"]
    url = reverse("sectors:area_sectors", args=[north.pk])
    prof = client_of(users["professional"])
    assert prof.post(url, {"codes": ["41999A05-"]}).status_code == 403
    assert (
        prof.put(
            f"/api/sectors/areas/{north.pk}/sectors", {"codes": []}, content_type="application/json"
        ).status_code
        == 403
    )
    assert sorted(services.sectors_of_area(north).values_list("code", flat=True)) == NORTH_CODES
    coord = client_of(users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = coord.post(url, {"codes": ["41999A05-"], "pasted": "41999a06-, 41999A07-"})
    assert resp.status_code == 302
    assert list(services.sectors_of_area(north).values_list("code", flat=True)) == [
        "41999A05-",
        "41999A06-",
        "41999A07-",
    ]
    assert ImportJob.objects.filter(kind="placements", status="done").exists()
    # Unknown codes: a clear message and nothing changes.
    resp = coord.post(url, {"codes": ["41999A05-"], "pasted": "99999X99-"})
    assert resp.status_code == 200 and "99999X99-" in resp.content.decode()
    assert services.sectors_of_area(north).count() == 3
    resp = coord.put(
        f"/api/sectors/areas/{north.pk}/sectors",
        {"codes": ["41999A11-", "nope"]},
        content_type="application/json",
    )
    assert resp.status_code == 422
    resp = coord.put(
        f"/api/sectors/areas/{north.pk}/sectors", {"codes": ["41999A11-"]}, content_type="application/json"
    )
    assert resp.status_code == 200 and resp.json()["codes"] == ["41999A11-"]
    outsider = client_of(users["outsider"])
    assert (
        outsider.put(
            f"/api/sectors/areas/{north.pk}/sectors", {"codes": []}, content_type="application/json"
        ).status_code
        == 403
    )
    assert AreaSector.objects.filter(area=north).count() == 1


@pytest.mark.django_db
def test_sector_import_through_pages(users, admin, client_of, tmp_path, django_capture_on_commit_callbacks):
    coord = client_of(admin)
    path = write_layer(tmp_path / "s", grid_boxes(2, 2), [f"41999A{i:02d}-" for i in range(4)], fmt="gpkg")
    upload = SimpleUploadedFile("sectors.gpkg", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        resp = coord.post(reverse("sectors:sets"), {"file": upload, "reference_year": 2024})
    assert resp.status_code == 302
    job = ImportJob.objects.get(kind="sectors")
    assert job.status == "done" and job.progress == 100 and job.counts["sectors"] == 4
    assert job.sector_set.feature_count == 4 and job.network is None and job.created_by == admin
    page = coord.get(resp.url)
    assert page.status_code == 200 and "every 1s" not in page.content.decode()
    partial = coord.get(resp.url, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"job-status" in partial.content
    assert coord.get(f"/api/sectors/jobs/{job.pk}").json()["status"] == "done"
    # Every network's addresses are placed again after a new layer.
    assert ImportJob.objects.filter(kind="placements", status="done").count() == 2
    for role in ("professional", "coordinator", "outsider"):
        assert client_of(users[role]).get(f"/api/sectors/jobs/{job.pk}").status_code == 403
        assert client_of(users[role]).get(resp.url).status_code == 403
    # A damaged ZIP is refused on the form before anything is stored (core.uploads): no job.
    bad = SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really")
    resp = coord.post(reverse("sectors:sets"), {"file": bad, "reference_year": 2025})
    assert resp.status_code == 200 and resp.context["form"].errors["file"]
    assert ImportJob.objects.filter(kind="sectors").count() == 1
    # A file that is no layer: the job fails with the reason and nothing is imported.
    bad = SimpleUploadedFile("broken.geojson", b"{not json")
    with django_capture_on_commit_callbacks(execute=True):
        resp = coord.post(reverse("sectors:sets"), {"file": bad, "reference_year": 2025})
    failed = ImportJob.objects.get(pk=int(resp.url.rstrip("/").split("/")[-1]))
    assert failed.status == "failed" and failed.errors
    assert SectorSet.objects.count() == 1 and Sector.objects.count() == 4
    # Wrong extension: refused on the form.
    resp = coord.post(
        reverse("sectors:sets"), {"file": SimpleUploadedFile("x.pdf", b"%PDF"), "reference_year": 2025}
    )
    assert resp.status_code == 200 and ImportJob.objects.filter(kind="sectors").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "professional", "policy", "outsider"])
def test_sector_import_refused_for_network_roles(
    users, client_of, tmp_path, role, django_capture_on_commit_callbacks
):
    """A network's coordinator cannot replace the layer every other network uses (page and API)."""
    c = client_of(users[role])
    path = write_layer(tmp_path / "s", grid_boxes(2, 2), [f"41999A{i:02d}-" for i in range(4)])
    uploads_before = set(services.upload_dir().iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        page = c.post(
            reverse("sectors:sets"),
            {"file": SimpleUploadedFile("s.geojson", path.read_bytes()), "reference_year": 2024},
        )
        api = c.post(
            "/api/sectors/sets",
            {"file": SimpleUploadedFile("s.geojson", path.read_bytes()), "reference_year": 2024},
        )
    assert page.status_code == 403
    assert api.status_code == 403
    with translation.override("nl"):  # the default language of the pages and the API
        assert (
            api.json()["detail"]
            == translation.gettext("You do not have access to this.")
            != ("You do not have access to this.")
        )
    table = c.post(
        reverse("sectors:indicator_import"),
        {"file": SimpleUploadedFile("t.csv", b"CD_SECTOR;CD_YEAR;POP\n41999A00-;2024;5\n")},
    )
    assert table.status_code == 403
    assert not ImportJob.objects.exists() and not IndicatorValue.objects.exists()
    assert not SectorSet.objects.exists() and not Sector.objects.exists()
    assert set(services.upload_dir().iterdir()) == uploads_before  # not even the file was kept


@pytest.mark.django_db
def test_sector_import_over_the_api(admin, client_of, tmp_path, django_capture_on_commit_callbacks):
    c = client_of(admin)
    path = write_layer(tmp_path / "s", grid_boxes(2, 2), [f"41999A{i:02d}-" for i in range(4)])
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(
            "/api/sectors/sets", {"file": SimpleUploadedFile("s.geojson", path.read_bytes()), "name": "Test"}
        )
    assert resp.status_code == 202
    job = c.get(f"/api/sectors/jobs/{resp.json()['id']}").json()
    # No reference year and none in the column names: the job says why and nothing is imported.
    assert job["status"] == "failed" and job["errors"] and not SectorSet.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(
            "/api/sectors/sets",
            {"file": SimpleUploadedFile("s.geojson", path.read_bytes()), "reference_year": 2024, "name": "T"},
        )
    job = c.get(f"/api/sectors/jobs/{resp.json()['id']}").json()
    assert job["status"] == "done" and job["counts"]["sectors"] == 4
    assert SectorSet.objects.get().name == "T"
    resp = c.post("/api/sectors/sets", {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "file"


@pytest.mark.django_db
def test_indicator_import_through_pages(
    sector_set, users, admin, client_of, django_capture_on_commit_callbacks
):
    coord = client_of(admin)
    url = reverse("sectors:indicator_import")
    csv_text = (
        "CD_SECTOR;CD_YEAR;population_total;Inkomen\n41999A00-;2025;150;21000\n41999A01-;2025;90;20000\n"
    )
    resp = coord.post(url, {"file": SimpleUploadedFile("pop.csv", csv_text.encode())})
    assert resp.status_code == 302
    page = coord.get(url)
    body = page.content.decode()
    assert "41999A01-" in body and "Inkomen" in body  # the preview
    form = page.context["form"]
    assert form["role_0"].value() == "sector" and form["role_1"].value() == "year"
    assert form["role_2"].value() == "value" and form["indicator_2"].value() == "population_total"
    post = {f"role_{i}": form[f"role_{i}"].value() for i in range(4)}
    post.update({f"indicator_{i}": form[f"indicator_{i}"].value() or "" for i in range(4)})
    post.update(
        {"role_3": "value", "indicator_3": "median_taxable_income", "source_name": "Test", "default_year": ""}
    )
    with django_capture_on_commit_callbacks(execute=True):
        resp = coord.post(url, post)
    assert resp.status_code == 302
    job = ImportJob.objects.get(kind="indicators")
    assert job.status == "done" and job.counts["values"] == 4
    assert services.indicator_values("median_taxable_income", ["41999A00-"]) == {"41999A00-": 21000}
    # The same kind of file again: the mapping is filled in as last time.
    coord.post(url, {"file": SimpleUploadedFile("pop2.csv", csv_text.encode())})
    form = coord.get(url).context["form"]
    assert form["role_3"].value() == "value" and form["indicator_3"].value() == "median_taxable_income"
    # A mapping without a sector column is refused on the form; nothing is queued.
    post2 = {**post, "role_0": "ignore"}
    resp = coord.post(url, post2)
    assert resp.status_code == 200 and ImportJob.objects.count() == 1


@pytest.mark.django_db
def test_query_counts(report, users, client_of, django_assert_max_num_queries):
    coord = client_of(users["coordinator"])
    north = report["north"]
    for url, n in [
        (reverse("sectors:index"), 12),
        # + 4 for the disclosure over every area of the network (links, values, rate parts, layer)
        (reverse("sectors:area_indicators", args=[north.pk]), 18),
        # + 1 since two-step login: the enrolment middleware asks whether this login must have it
        (reverse("sectors:area_sectors", args=[north.pk]), 17),
        (reverse("sectors:indicators"), 10),
        (reverse("sectors:sets"), 12),
        (f"/api/sectors/areas/{north.pk}/indicators", 18),
        (f"/api/sectors/areas/{north.pk}/sectors", 12),
    ]:
        with django_assert_max_num_queries(n):
            assert coord.get(url).status_code == 200
    # Adding indicators and sectors does not add queries to the area table.
    for i in range(5):
        Indicator.objects.create(code=f"extra_{i}", name_nl=f"Extra {i}")
    services.set_area_sectors(
        system_actor(north.network), north, NORTH_CODES + ["41999A08-", "41999A09-"], recompute=False
    )
    with django_assert_max_num_queries(18):
        assert coord.get(reverse("sectors:area_indicators", args=[north.pk])).status_code == 200


@pytest.mark.django_db
def test_map_data_is_json_not_inline_script(report, users, client_of):
    body = (
        client_of(users["coordinator"])
        .get(reverse("sectors:area_sectors", args=[report["north"].pk]))
        .content.decode()
    )
    assert 'id="sector-map-data" type="application/json"' in body
    start = body.index('id="sector-map-data" type="application/json">') + len(
        'id="sector-map-data" type="application/json">'
    )
    data = json.loads(body[start : body.index("</script>", start)])
    assert {f["properties"]["code"] for f in data["features"] if f["properties"]["selected"]} == set(
        NORTH_CODES
    )


@pytest.mark.django_db
def test_indicator_values_endpoint(report, users, client_of):
    north = report["north"]
    url = f"/api/sectors/indicators/population_85_plus/values?area={north.pk}"
    data = client_of(users["professional"]).get(url).json()
    assert data["aggregate"]["value"] == 33 and data["year"] == 2025
    cells = {c["sector"]: c for c in data["values"]}
    assert cells["41999A01-"]["display"] == SYMBOL and cells["41999A01-"]["value"] is None
    assert cells["41999A02-"]["value"] is None  # else 33 - 30 gives the two small sectors away
    for role in ("policy", "volunteer", "outsider"):
        assert client_of(users[role]).get(url).status_code == 403
    assert (
        client_of(users["professional"])
        .get(f"/api/sectors/indicators/population_85_plus/values?area={report['south'].pk}")
        .status_code
        == 403
    )
    assert (
        client_of(users["coordinator"])
        .get(f"/api/sectors/indicators/nope/values?area={north.pk}")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_csv_export_is_suppressed(report, users, client_of):
    url = reverse("sectors:area_indicators_csv", args=[report["north"].pk])
    body = client_of(users["professional"]).get(url).content.decode("utf-8-sig")
    lines = {line.split(";")[1]: line.split(";") for line in body.strip().splitlines()[1:]}
    assert lines["population_85_plus"][3:] == ["33", SYMBOL, SYMBOL, SYMBOL]
    assert lines["population_total"][3] == "303"
    policy = client_of(users["policy"]).get(url).content.decode("utf-8-sig")
    assert "41999A00-" not in policy and "303" in policy
    assert client_of(users["volunteer"]).get(url).status_code == 403
    assert client_of(users["outsider"]).get(url).status_code == 403


@pytest.mark.django_db
def test_person_export_and_erasure(sector_set, network, areas, make_person):
    from zorgzaam.core import registry
    from zorgzaam.sectors.models import Placement

    s = Sector.objects.get(code="41999A03-")
    p = make_person(network, longitude=s.centroid_lon, latitude=s.centroid_lat)
    services.assign_points(network)
    assert registry.collect_person_exports(p)["sector_placement"]["sector"] == "41999A03-"
    for hook in registry.ERASURE_HOOKS:
        hook(p)
    assert not Placement.objects.filter(person=p).exists()


@pytest.mark.django_db
def test_sets_endpoint(report, users, client_of):
    data = client_of(users["professional"]).get("/api/sectors/sets").json()
    assert [(s["reference_year"], s["feature_count"], s["current"]) for s in data] == [(2024, 12, True)]
    assert client_of(users["policy"]).get("/api/sectors/sets").status_code == 403


@pytest.mark.django_db
def test_unexpected_failure_marks_job_failed(
    admin, actor_of, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(geo, "read_sector_file", boom)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_sector_import(actor_of(admin), Upload("a.geojson", b"{}"), reference_year=2024)
    job.refresh_from_db()
    assert job.status == "failed" and "unexpected" in job.errors[0] and SectorSet.objects.count() == 0


@pytest.mark.django_db
def test_editor_shows_sectors_of_other_areas(report, users, client_of):
    services.set_area_sectors(
        system_actor(report["south"].network), report["south"], ["41999A05-"], recompute=False
    )
    body = (
        client_of(users["coordinator"])
        .get(reverse("sectors:area_sectors", args=[report["north"].pk]))
        .content.decode()
    )

    def label(code):
        return body.split(f'value="{code}"')[1].split("</label>")[0]

    assert "Wijk 41999A05- (" in label("41999A05-") and "Zuid)" in label("41999A05-")
    assert "(" not in label("41999A06-") and "Zuid" not in label("41999A06-")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,shown", [("coordinator", True), ("policy", True), ("volunteer", False), ("resident", False)]
)
def test_home_panel(sector_set, users, client_of, role, shown):
    resp = client_of(users[role]).get("/")
    assert ("sectors/_home_panel.html" in [t.name for t in resp.templates]) == shown
