"""Statbel's files as they come (issue 14 item 7): years in file names, Statbel's own .prj files, the
TOTAL column, empty tables, monotone job progress and catalogue names in messages."""

import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import geo, indicators, services, statbel
from zorgzaam.sectors.models import ImportJob, Indicator, SectorSet
from zorgzaam.sectors.services import imports, layers, placement
from zorgzaam.sectors.testing import grid_boxes, write_layer

CODES = [f"41999A{i:02d}-" for i in range(4)]

# The .prj files in Statbel's downloads: ESRI WKT without an EPSG authority code. Lambert 72 uses
# ESRI's rounding of the false origin (150000.01256 / 5400088.4378) and the other parallel order,
# which PROJ only links to EPSG:31370 at 25 % confidence.
STATBEL_PRJ_31370 = (
    'PROJCS["Belge_1972_Belgian_Lambert_72",GEOGCS["GCS_Belge_1972",DATUM["D_Belge_1972",'
    'SPHEROID["International_1924",6378388.0,297.0]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],'
    'PARAMETER["False_Easting",150000.01256],PARAMETER["False_Northing",5400088.4378],'
    'PARAMETER["Central_Meridian",4.367486666666666],PARAMETER["Standard_Parallel_1",49.8333339],'
    'PARAMETER["Standard_Parallel_2",51.16666723333333],PARAMETER["Latitude_Of_Origin",90.0],'
    'UNIT["Meter",1.0]]'
)
STATBEL_PRJ_3812 = (
    'PROJCS["ETRS_1989_Belgian_Lambert_2008",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",'
    'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],'
    'PARAMETER["False_Easting",649328.0],PARAMETER["False_Northing",665262.0],'
    'PARAMETER["Central_Meridian",4.359215833333333],PARAMETER["Standard_Parallel_1",49.83333333333334],'
    'PARAMETER["Standard_Parallel_2",51.16666666666666],PARAMETER["Latitude_Of_Origin",50.797815],'
    'UNIT["Meter",1.0]]'
)
# Same projection family, another country: must not be taken for a Belgian one.
FRENCH_LAMBERT_93 = (
    'PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",'
    'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],'
    'PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],'
    'PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],'
    'PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]'
)


# --- the year in a file name ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, year",
    [
        ("sh_statbel_statistical_sectors_31370_20240101.shp.zip", 2024),
        ("sh_statbel_statistical_sectors_3812_20230101.shp.zip", 2023),
        ("sh_statbel_statistical_sectors_4326_20220101.geojson", 2022),
        ("sh_statbel_statistical_sectors_31370_20240101.gpkg", 2024),
        ("TF_SOC_POP_STRUCT_2024.txt", 2024),
        ("OPENDATA_SECTOREN_2021.xlsx", 2021),
        ("TF_SOC_POP_STRUCT_2024 (1).txt", 2024),
        ("/tmp/uploads/sh_statbel_statistical_sectors_31370_20200101.shp.zip", 2020),
        ("scbel01012011_gen_shp.zip", 2011),  # older releases: DDMMYYYY
        ("sectors.geojson", None),
        ("sectors_31370.geojson", None),  # an EPSG code is no year
        ("export_1234.csv", None),
        ("", None),
    ],
)
def test_year_from_file_name(name, year):
    assert statbel.year_from_name(name) == year


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filename, fmt, year",
    [
        ("sh_statbel_statistical_sectors_31370_20240101.shp.zip", "shp-zip", 2024),
        ("sh_statbel_statistical_sectors_4326_20230101.geojson", "geojson", 2023),
        ("sh_statbel_statistical_sectors_3812_20220101.gpkg", "gpkg", 2022),
    ],
)
def test_sector_import_takes_the_year_from_the_file_name(
    admin, actor_of, tmp_path, filename, fmt, year, django_capture_on_commit_callbacks
):
    path = write_layer(tmp_path / "s", grid_boxes(2, 2), CODES, fmt=fmt)
    upload = SimpleUploadedFile(filename, path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_sector_import(actor_of(admin), upload, reference_year=None)
    job.refresh_from_db()
    assert job.status == "done", job.errors
    assert job.sector_set.reference_year == year


@pytest.mark.django_db
def test_a_given_year_wins_over_the_file_name(tmp_path):
    path = write_layer(tmp_path / "sh_statbel_statistical_sectors_31370_20240101", grid_boxes(2, 2), CODES)
    sset = services.import_sector_file(system_actor(), path, reference_year=2019)
    assert sset.reference_year == 2019
    assert services.import_sector_file(system_actor(), path).reference_year == 2024  # from path name


# --- Statbel's .prj files ------------------------------------------------------------------------


@pytest.mark.parametrize("wkt, epsg", [(STATBEL_PRJ_31370, 31370), (STATBEL_PRJ_3812, 3812)])
def test_statbel_esri_wkt_is_recognised(wkt, epsg):
    assert geo._epsg_of(wkt) == epsg


def test_another_lambert_projection_is_not_taken_for_a_belgian_one():
    assert statbel.belgian_epsg_of(FRENCH_LAMBERT_93) is None
    assert geo._epsg_of(FRENCH_LAMBERT_93) == 2154  # PROJ knows it itself: and it is refused later


@pytest.mark.django_db
@pytest.mark.parametrize("prj, epsg", [(STATBEL_PRJ_31370, 31370), (STATBEL_PRJ_3812, 3812)])
def test_shapefile_with_statbel_prj_imports(tmp_path, prj, epsg):
    path = write_layer(tmp_path / "s", grid_boxes(2, 2), CODES, epsg=epsg, fmt="shp-zip")
    # Replace the .prj GDAL wrote by Statbel's text, as in their download.
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members = {n: (prj.encode() if n.endswith(".prj") else b) for n, b in members.items()}
    with zipfile.ZipFile(path, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    sset = services.import_sector_file(system_actor(), path, reference_year=2024)
    assert sset.crs_source == f"EPSG:{epsg}" and sset.feature_count == 4


# --- indicator tables: TOTAL, the year in the name, empty files ----------------------------------


STATBEL_POPULATION_HEADERS = [
    "CD_REFNIS",
    "TX_DESCR_NL",
    "TX_DESCR_FR",
    "CD_SECTOR",
    "TX_SECTOR_DESCR_NL",
    "TX_SECTOR_DESCR_FR",
    "TOTAL",
]


@pytest.mark.django_db
def test_total_column_is_proposed_as_population(catalogue):
    mapping, source = indicators.suggest_mapping(STATBEL_POPULATION_HEADERS)
    assert source is None
    assert mapping["TOTAL"] == ("value", "population_total")
    assert mapping["CD_SECTOR"] == ("sector", "")
    assert mapping["CD_REFNIS"] == ("ignore", "")


@pytest.mark.django_db
def test_statbel_population_table_through_the_pages(sector_set, admin, client_of):
    c = client_of(admin)
    url = reverse("sectors:indicator_import")
    text = "|".join(STATBEL_POPULATION_HEADERS) + "\n"
    text += "41999|Lindebeek|Lindebeek|41999A00-|Centrum|Centre|1234\n"
    resp = c.post(url, {"file": SimpleUploadedFile("TF_SOC_POP_STRUCT_2024.txt", text.encode())})
    assert resp.status_code == 302
    form = c.get(url).context["form"]
    total = STATBEL_POPULATION_HEADERS.index("TOTAL")
    assert form[f"role_{total}"].value() == "value"
    assert form[f"indicator_{total}"].value() == "population_total"
    assert form["default_year"].value() == 2024  # proposed from the file name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"CD_SECTOR;CD_YEAR;TOTAL\n",  # headings only
        b"CD_SECTOR|TOTAL\r\n\r\n   \r\n",  # headings and blank lines
        b"\xef\xbb\xbf",  # only a byte-order mark
        b"\n\n  \n",  # only blank lines
    ],
)
def test_empty_indicator_file_is_refused_at_upload(catalogue, admin, client_of, content, settings, tmp_path):
    c = client_of(admin)
    url = reverse("sectors:indicator_import")
    resp = c.post(url, {"file": SimpleUploadedFile("TF_SOC_POP_STRUCT_2024.txt", content)})
    assert resp.status_code == 200
    with translation.override("nl"):  # the pages' default language
        expected = translation.gettext("The file is empty: it has no rows with figures.")
    assert resp.context["upload_form"].errors == {"__all__": [expected]}
    assert expected in resp.content.decode()
    assert "sectors_table_upload" not in c.session
    assert list(services.upload_dir().iterdir()) == []  # nothing kept
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_empty_file_message_is_translated(catalogue, admin, client_of):
    c = client_of(admin)
    resp = c.post(
        reverse("sectors:indicator_import"),
        {"file": SimpleUploadedFile("t.csv", b"CD_SECTOR;TOTAL\n")},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    error = resp.context["upload_form"].non_field_errors()[0]
    with translation.override("fr"):
        expected = translation.gettext("The file is empty: it has no rows with figures.")
    assert error == expected != "The file is empty: it has no rows with figures."


# --- progress only goes forward ------------------------------------------------------------------


def _record_progress(monkeypatch):
    """Every progress value stored on a job, read back from the database after each write."""
    seen: dict[int, list[int]] = {}
    original_progress, original_finish = services.report_progress, services.finish_job

    def remember(job):
        if job is not None:
            seen.setdefault(job.pk, []).append(ImportJob.objects.get(pk=job.pk).progress)

    def progress(job, *args, **kwargs):
        original_progress(job, *args, **kwargs)
        remember(job)

    def finish(job, *args, **kwargs):
        original_finish(job, *args, **kwargs)
        remember(job)

    # The package re-exports them (callers outside it) and its modules import them by name.
    for module in (services, layers, placement):
        monkeypatch.setattr(module, "report_progress", progress)
    for module in (services, imports, placement):
        monkeypatch.setattr(module, "finish_job", finish)
    return seen


def test_progress_never_goes_back(db):
    job = ImportJob.objects.create(kind=ImportJob.Kind.SECTORS)
    services.report_progress(job, 60, "sixty")
    services.report_progress(job, 40, "forty")
    job.refresh_from_db()
    assert job.progress == 60 and job.message == "forty"


@pytest.mark.django_db
def test_recorded_progress_is_non_decreasing(
    admin, actor_of, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    seen = _record_progress(monkeypatch)
    actor = actor_of(admin)
    first = write_layer(tmp_path / "a", grid_boxes(3, 2), [f"41999A{i:02d}-" for i in range(6)])
    gent = write_layer(
        tmp_path / "b", grid_boxes(2, 2, origin=(160000, 200000)), [f"44021A{i:02d}-" for i in range(4)]
    )
    table = tmp_path / "t.csv"
    table.write_text("CD_SECTOR;CD_YEAR;TOTAL\n" + "".join(f"41999A{i:02d}-;2024;{i}\n" for i in range(6)))
    with django_capture_on_commit_callbacks(execute=True):
        services.start_sector_import(
            actor, SimpleUploadedFile("a.geojson", first.read_bytes()), reference_year=2023
        )
    with django_capture_on_commit_callbacks(execute=True):
        # A second layer: compared with the first, other municipalities kept.
        services.start_sector_import(
            actor, SimpleUploadedFile("b.geojson", gent.read_bytes()), reference_year=2024
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.start_indicator_import(
            actor,
            str(table),
            filename="t.csv",
            mapping={
                "CD_SECTOR": ["sector", ""],
                "CD_YEAR": ["year", ""],
                "TOTAL": ["value", "population_total"],
            },
            default_year=None,
            source_name="",
        )
    jobs = ImportJob.objects.filter(kind__in=["sectors", "indicators"])
    assert jobs.count() == 3 and set(jobs.values_list("status", flat=True)) == {"done"}
    for job in jobs:
        values = seen[job.pk]
        assert len(values) >= 3 and values == sorted(values) and values[-1] == 100, values


# --- catalogue names, not codes ------------------------------------------------------------------


@pytest.mark.django_db
def test_row_problems_name_the_indicator(sector_set, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("CD_SECTOR;CD_YEAR;TOTAL\n41999A00-;2024;5\n41999A00-;2024;6\n")
    mapping = {"CD_SECTOR": ("sector", ""), "CD_YEAR": ("year", ""), "TOTAL": ("value", "population_total")}
    with pytest.raises(ValidationError) as exc:
        indicators.import_table(system_actor(), path, mapping=mapping)
    text = " ".join(exc.value.messages)
    assert "second value for Population in 2024" in text and "population_total" not in text


@pytest.mark.django_db
def test_mapping_problems_name_the_indicator_and_the_meaning(sector_set, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("CD_SECTOR;CD_YEAR;A;B\n41999A00-;2024;5;6\n")
    mapping = {
        "CD_SECTOR": ("sector", ""),
        "CD_YEAR": ("year", ""),
        "A": ("value", "population_65_plus"),
        "B": ("value", "population_65_plus"),
    }
    with pytest.raises(ValidationError) as exc:
        indicators.import_table(system_actor(), path, mapping=mapping)
    text = " ".join(exc.value.messages)
    assert "Two columns have the same meaning (indicator value) for Population aged 65+." in text
    assert "population_65_plus" not in text


@pytest.mark.django_db
def test_mapping_form_offers_indicators_by_name(sector_set, admin, client_of):
    c = client_of(admin)
    url = reverse("sectors:indicator_import")
    c.post(url, {"file": SimpleUploadedFile("t.csv", b"CD_SECTOR;TOTAL\n41999A00-;5\n")})
    form = c.get(url).context["form"]
    labels = dict(form.fields["indicator_1"].choices)
    assert labels["population_total"] == Indicator.objects.get(code="population_total").name
    assert not any(str(label).startswith(code) for code, label in labels.items() if code)


# --- the sets endpoint for the platform administrator --------------------------------------------


@pytest.mark.django_db
def test_platform_admin_without_network_lists_sets(sector_set, client_of):
    root = get_user_model().objects.create_superuser("root", "root@x.test", "correct horse battery")
    resp = client_of(root).get("/api/sectors/sets")
    assert resp.status_code == 200
    assert [(s["reference_year"], s["current"]) for s in resp.json()] == [(2024, True)]
    assert SectorSet.objects.count() == 1
