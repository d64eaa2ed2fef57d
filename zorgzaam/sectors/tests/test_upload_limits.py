"""Upload limits for sector layers and indicator tables (issue 11 item 5): checked before anything is
stored or parsed, the same on the page, in the API and on the command line; job problem lists capped."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from zorgzaam.core import uploads
from zorgzaam.core.tests.zipfiles import MB, named_zip_bytes, zeros_zip, zeros_zip_bytes
from zorgzaam.sectors import services
from zorgzaam.sectors.models import ImportJob, IndicatorValue, SectorSet
from zorgzaam.sectors.testing import grid_boxes, write_layer


@pytest.fixture(scope="module")
def bomb():
    """200 MB of zeros as a 'shapefile', about 200 KB zipped."""
    return zeros_zip_bytes(200 * MB, member="sectors.shp")


def _nothing_stored(before_files):
    assert not ImportJob.objects.exists() and not SectorSet.objects.exists()
    assert set(services.upload_dir().iterdir()) == before_files


def _client(user):
    c = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    c.force_login(user)
    return c


def _both(c, name, raw):
    """The same sector file to the page and to the API; each timed (after a first look at the page)."""
    assert c.get(reverse("sectors:sets")).status_code == 200
    out = []
    for url in (reverse("sectors:sets"), "/api/sectors/sets"):
        start = time.perf_counter()
        resp = c.post(url, {"file": SimpleUploadedFile(name, raw), "reference_year": 2024})
        out.append((resp, time.perf_counter() - start))
    return out


@pytest.mark.django_db
def test_sector_file_over_the_limit_is_refused_alike_on_page_and_api(admin, tmp_path, settings):
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "sectors": 1000}
    raw = write_layer(tmp_path / "s", grid_boxes(2, 2), [f"41999A{i:02d}-" for i in range(4)]).read_bytes()
    assert len(raw) > 1000
    before = set(services.upload_dir().iterdir())
    (page, _s), (api, _s2) = _both(_client(admin), "s.geojson", raw)
    assert page.status_code == 200
    shown = page.context["form"].errors["file"]
    assert len(shown) == 1 and "too large" in shown[0]
    assert api.status_code == 422
    assert api.json()["errors"] == [{"field": "file", "message": shown[0]}]
    _nothing_stored(before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw,text",
    [
        (None, "zip bomb"),
        (named_zip_bytes("../../sectors.shp"), "not allowed"),
        (named_zip_bytes("sectors.shp", symlink=True), "links are not accepted"),
        (b"PK\x03\x04 not really", "cannot be opened"),
    ],
    ids=["bomb", "dot-dot", "symlink", "damaged"],
)
def test_unsafe_sector_zips_are_refused_at_once(admin, bomb, raw, text):
    before = set(services.upload_dir().iterdir())
    (page, page_s), (api, api_s) = _both(_client(admin), "sectors.zip", raw or bomb)
    assert page_s < 1 and api_s < 1, (page_s, api_s)
    assert page.status_code == 200 and text in page.context["form"].errors["file"][0]
    assert api.status_code == 422 and text in api.json()["errors"][0]["message"]
    _nothing_stored(before)


@pytest.mark.django_db
def test_command_checks_its_own_limit_before_reading(tmp_path, settings):
    path = write_layer(tmp_path / "s", grid_boxes(2, 2), [f"41999A{i:02d}-" for i in range(4)], fmt="gpkg")
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "sectors_command": 1000}
    with pytest.raises(CommandError, match="too large"):
        call_command("import_sectors", str(path), "--year", "2024", stdout=io.StringIO())
    assert not SectorSet.objects.exists()
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "sectors_command": 2048 * MB}
    bomb = zeros_zip(tmp_path / "bomb.zip", 200 * MB, member="sectors.shp")
    start = time.perf_counter()
    with pytest.raises(CommandError, match="zip bomb"):
        call_command("import_sectors", str(bomb), "--year", "2024", stdout=io.StringIO())
    assert time.perf_counter() - start < 1
    assert not SectorSet.objects.exists()


@pytest.mark.django_db
def test_indicator_tables_are_checked_before_they_are_stored(admin, settings, bomb):
    c = _client(admin)
    url = reverse("sectors:indicator_import")
    before = set(services.upload_dir().iterdir())
    # A workbook is a ZIP file: one that unpacks to 200 MB of zeros is refused at once.
    start = time.perf_counter()
    resp = c.post(url, {"file": SimpleUploadedFile("table.xlsx", bomb)})
    assert time.perf_counter() - start < 1
    assert resp.status_code == 200 and "zip bomb" in resp.context["upload_form"].errors["file"][0]
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "indicators": 100}
    table = b"CD_SECTOR;CD_YEAR;POP\n" + b"41999A00-;2024;5\n" * 10
    resp = c.post(url, {"file": SimpleUploadedFile("t.csv", table)})
    assert resp.status_code == 200 and "too large" in resp.context["upload_form"].errors["file"][0]
    assert set(services.upload_dir().iterdir()) == before and not c.session.get("sectors_table_upload")


@pytest.mark.django_db
def test_job_problem_lists_are_capped(
    sector_set, admin, actor_of, client_of, django_capture_on_commit_callbacks
):
    rows = "".join(f"99999X{i:03d}-;2024;5\n" for i in range(250))  # 250 unknown sector codes
    path = services.upload_dir() / "capped-test.csv"
    path.write_text("CD_SECTOR;CD_YEAR;POP\n" + rows)
    mapping = {"CD_SECTOR": ["sector", ""], "CD_YEAR": ["year", ""], "POP": ["value", "population_total"]}
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_indicator_import(
            actor_of(admin), str(path), filename="t.csv", mapping=mapping, default_year=None, source_name="T"
        )
    job.refresh_from_db()
    assert job.status == "failed" and not IndicatorValue.objects.exists()
    assert len(job.errors) == uploads.MAX_PROBLEMS + 1
    assert job.errors[0].startswith("Row 2:") and job.errors[-1] == "… and 150 more problems."
    api = _client(admin).get(f"/api/sectors/jobs/{job.pk}").json()
    assert api["errors"] == job.errors
    page = _client(admin).get(reverse("sectors:job", args=[job.pk])).content.decode()
    assert "… and 150 more problems." in page and "99999X249" not in page


def test_a_failed_job_stores_at_most_the_cap(db):
    job = ImportJob.objects.create(kind=ImportJob.Kind.SECTORS)
    services.finish_job(job, ok=False, errors=[f"problem {i}" for i in range(5000)])
    job.refresh_from_db()
    assert len(job.errors) == uploads.MAX_PROBLEMS + 1
    assert job.errors[-1] == "… and 4,900 more problems."
