import zipfile

import pytest
import shapely
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import geo, services
from zorgzaam.sectors.models import Sector, SectorChange, SectorSet
from zorgzaam.sectors.testing import grid_boxes, write_layer

CODES = [f"41999A{i:02d}-" for i in range(6)]


def _import(path, year=2024, actor=None):
    return services.import_sector_file(actor or system_actor(), path, reference_year=year)


def _nothing_imported():
    assert SectorSet.objects.count() == 0
    assert Sector.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp-zip"])
@pytest.mark.parametrize("epsg", [31370, 3812, 4326])
def test_each_format_and_crs(tmp_path, fmt, epsg):
    boxes = grid_boxes(3, 2)
    path = write_layer(tmp_path / "s", boxes, CODES, epsg=epsg, fmt=fmt)
    sset = _import(path)
    assert sset.complete and sset.feature_count == 6 and sset.crs_source == f"EPSG:{epsg}"
    sectors = {s.code: s for s in Sector.objects.filter(sector_set=sset)}
    assert set(sectors) == set(CODES)
    first = sectors["41999A00-"]
    assert first.name_nl == "Wijk 41999A00-" and first.name_fr == "Quartier 41999A00-"
    assert first.nis_code == "41999"
    # 500 m x 500 m in Lambert-72, measured again after the round trip.
    assert first.area_m2 == pytest.approx(250_000, rel=0.01)
    # Stored in WGS84 near Lindebeek/Aalst, whatever the file's system.
    assert 3.5 < first.centroid_lon < 4.5 and 50.5 < first.centroid_lat < 51.2
    assert first.minx < first.centroid_lon < first.maxx and first.miny < first.centroid_lat < first.maxy
    geom = shapely.geometry.shape(first.geometry)
    assert geom.is_valid and geom.contains(shapely.Point(first.centroid_lon, first.centroid_lat))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "columns",
    [
        {
            "code": "cd_sector",
            "name_nl": "tx_sector_descr_nl",
            "name_fr": "tx_sector_descr_fr",
            "nis": "cd_munty_refnis",
        },
        {"code": "CD_SECTOR", "name_nl": "T_SEC_NL", "name_fr": "T_SEC_FR", "nis": "CD_REFNIS"},
        {"code": "CS01012020", "name_nl": "t_sec_nl", "name_fr": "t_sec_fr", "nis": "CNIS5_2020"},
    ],
)
def test_column_aliases_and_case(tmp_path, columns):
    path = write_layer(tmp_path / "s", grid_boxes(3, 2), CODES, columns=columns)
    sset = services.import_sector_file(
        system_actor(), path, reference_year=None if "CS0101" in columns["code"] else 2024
    )
    assert sset.reference_year == (2020 if columns["code"] == "CS01012020" else 2024)
    s = Sector.objects.get(sector_set=sset, code="41999A03-")
    assert (s.name_nl, s.name_fr, s.nis_code) == ("Wijk 41999A03-", "Quartier 41999A03-", "41999")


@pytest.mark.django_db
def test_lower_case_codes_are_normalised(tmp_path):
    path = write_layer(tmp_path / "s", grid_boxes(3, 2), [c.lower() for c in CODES])
    _import(path)
    assert sorted(Sector.objects.values_list("code", flat=True)) == CODES


def _bowtie(x0=150000, y0=200000):
    return shapely.Polygon([(x0, y0), (x0 + 500, y0 + 500), (x0 + 500, y0), (x0, y0 + 500)])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case",
    [
        "no_code_column",
        "invalid_geometry",
        "duplicate_codes",
        "bad_code",
        "empty_code",
        "wrong_crs",
        "outside_belgium",
    ],
)
def test_broken_files_import_nothing(tmp_path, case):
    boxes, codes, kwargs = grid_boxes(3, 2), list(CODES), {}
    if case == "no_code_column":
        kwargs["columns"] = {"code": "IDENTIFIER"}
    elif case == "invalid_geometry":
        boxes[2] = _bowtie()
    elif case == "duplicate_codes":
        codes[4] = codes[1]
    elif case == "bad_code":
        codes[3] = "hello"
    elif case == "empty_code":
        codes[3] = ""
    elif case == "wrong_crs":
        kwargs["epsg"] = 32631  # UTM 31N: not one of Statbel's systems
    path = write_layer(tmp_path / "s", boxes, codes, **kwargs)
    if case == "outside_belgium":
        # Lambert-72 coordinates in a file that says WGS84 (a classic export mistake).
        path = tmp_path / "lying.geojson"
        path.write_text(
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"CD_SECTOR":"41999A00-"},'
            '"geometry":{"type":"Polygon","coordinates":[[[150000,200000],[150500,200000],[150500,200500],'
            "[150000,200000]]]}}]}"
        )
    with pytest.raises(ValidationError) as exc:
        _import(path)
    assert exc.value.messages and all(m for m in exc.value.messages)
    _nothing_imported()


@pytest.mark.django_db
def test_empty_unreadable_and_not_a_zip(tmp_path):
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type":"FeatureCollection","features":[]}')
    garbage = tmp_path / "garbage.gpkg"
    garbage.write_bytes(b"not a geopackage at all")
    badzip = tmp_path / "broken.zip"
    badzip.write_bytes(b"PK\x03\x04 truncated")
    nozip = tmp_path / "nothing.zip"
    with zipfile.ZipFile(nozip, "w") as zf:
        zf.writestr("readme.txt", "hello")
    for path, words in [
        (empty, "no sectors"),
        (garbage, "cannot be read"),
        (badzip, "zip"),
        (nozip, "Shapefile"),
    ]:
        with pytest.raises(ValidationError) as exc:
            _import(path)
        assert words in " ".join(exc.value.messages)
    _nothing_imported()


@pytest.mark.django_db
def test_points_are_not_sectors(tmp_path):
    import numpy as np
    import pyogrio

    path = tmp_path / "points.geojson"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(np.array([shapely.Point(4.0, 50.9)])),
        [np.array(["41999A00-"], dtype=object)],
        ["CD_SECTOR"],
        driver="GeoJSON",
        crs="EPSG:4326",
        geometry_type="Point",
    )
    with pytest.raises(ValidationError):
        _import(path)
    _nothing_imported()


@pytest.mark.django_db
def test_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    path = write_layer(tmp_path / "s", grid_boxes(3, 2), CODES)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(geo, "detect_changes", boom)
    _import(path, 2023)
    with pytest.raises(RuntimeError):
        _import(path, 2024)
    assert SectorSet.objects.count() == 1 and Sector.objects.count() == 6


@pytest.mark.django_db
def test_only_the_platform_admin_imports(tmp_path, users, actor_of, other_network, admin):
    """The layer is shared by every network: a coordinator of one network may not replace it."""
    path = write_layer(tmp_path / "s", grid_boxes(3, 2), CODES)
    refused = [actor_of(users[r]) for r in ("coordinator", "professional", "policy", "volunteer", "resident")]
    refused += [actor_of(users["partner"]), actor_of(users["outsider"], other_network)]
    for actor in refused:
        with pytest.raises(PermissionDenied) as exc:
            services.import_sector_file(actor, path, reference_year=2024)
        assert str(exc.value) == "You do not have access to this."
    _nothing_imported()
    sset = services.import_sector_file(actor_of(admin), path, reference_year=2024)
    assert sset.imported_by == admin and sset.complete
    # System work (background tasks, demo, CLI) may import too.
    again = services.import_sector_file(system_actor(), path, reference_year=2025)
    assert again.imported_by is None and services.current_sector_set() == again


@pytest.mark.django_db
def test_versioning_split_merge_rename(tmp_path):
    # 2023: a row of four sectors A00..A03 and one more B00.
    x0, y0 = 150000, 200000
    old = [shapely.box(x0 + i * 500, y0, x0 + (i + 1) * 500, y0 + 500) for i in range(4)]
    old.append(shapely.box(x0, y0 + 500, x0 + 500, y0 + 1000))
    old_codes = ["41999A00-", "41999A01-", "41999A02-", "41999A03-", "41999B00-"]
    first = _import(write_layer(tmp_path / "old", old, old_codes), 2023)
    # 2024: A00 unchanged, A01 split in two (A011, A012), A02 and A03 merged into A09, B00 renamed B10,
    # plus a brand-new sector far away.
    new = [
        old[0],
        shapely.box(x0 + 500, y0, x0 + 750, y0 + 500),
        shapely.box(x0 + 750, y0, x0 + 1000, y0 + 500),
        shapely.box(x0 + 1000, y0, x0 + 2000, y0 + 500),
        old[4],
        shapely.box(x0 + 5000, y0 + 5000, x0 + 5500, y0 + 5500),
    ]
    new_codes = ["41999A00-", "41999A011", "41999A012", "41999A09-", "41999B10-", "41999C00-"]
    second = _import(write_layer(tmp_path / "new", new, new_codes), 2024)
    assert services.current_sector_set() == second
    assert Sector.objects.filter(sector_set=first).count() == 5  # the old version is kept
    changes = {
        (c.kind, tuple(c.old_codes), tuple(c.new_codes)) for c in SectorChange.objects.filter(to_set=second)
    }
    assert changes == {
        ("unchanged", ("41999A00-",), ("41999A00-",)),
        ("split", ("41999A01-",), ("41999A011", "41999A012")),
        ("merged", ("41999A02-", "41999A03-"), ("41999A09-",)),
        ("renamed", ("41999B00-",), ("41999B10-",)),
        ("new", (), ("41999C00-",)),
    }
    assert services.change_summary(second) == {
        "unchanged": 1,
        "split": 1,
        "merged": 1,
        "renamed": 1,
        "new": 1,
    }


@pytest.mark.django_db
def test_area_follows_sector_changes(tmp_path, areas):
    from zorgzaam.sectors.models import AreaSector

    x0, y0 = 150000, 200000
    old = [shapely.box(x0 + i * 500, y0, x0 + (i + 1) * 500, y0 + 500) for i in range(2)]
    first = _import(write_layer(tmp_path / "old", old, ["41999A00-", "41999A01-"]), 2023)
    AreaSector.objects.create(
        area=areas["north"], sector=Sector.objects.get(sector_set=first, code="41999A01-")
    )
    new = [
        old[0],
        shapely.box(x0 + 500, y0, x0 + 750, y0 + 500),
        shapely.box(x0 + 750, y0, x0 + 1000, y0 + 500),
    ]
    _import(write_layer(tmp_path / "new", new, ["41999A00-", "41999A011", "41999A012"]), 2024)
    assert list(services.sectors_of_area(areas["north"]).values_list("code", flat=True)) == [
        "41999A011",
        "41999A012",
    ]
    assert services.area_geometry(areas["north"]).area == pytest.approx(
        services.area_geometry(areas["north"]).envelope.area, rel=0.01
    )


@pytest.mark.django_db
def test_older_year_does_not_replace_current(tmp_path):
    newer = _import(write_layer(tmp_path / "a", grid_boxes(3, 2), CODES), 2025)
    _import(write_layer(tmp_path / "b", grid_boxes(3, 2), CODES), 2019)
    assert services.current_sector_set() == newer
