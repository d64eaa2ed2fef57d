"""`zorgzaam import_sectors`: the platform administrator's command-line import."""

import io

import pytest
from django.core.management import CommandError, call_command

from zorgzaam.sectors import services
from zorgzaam.sectors.models import Placement, Sector, SectorSet
from zorgzaam.sectors.testing import grid_boxes, write_layer

CODES = [f"41999A{i:02d}-" for i in range(6)]


@pytest.mark.django_db
def test_command_imports_prints_progress_and_places_every_network(
    tmp_path, network, other_network, make_person
):
    path = write_layer(tmp_path / "s", grid_boxes(3, 2), CODES, fmt="gpkg")
    out = io.StringIO()
    call_command("import_sectors", str(path), "--year", "2024", "--name", "Sectoren 2024", stdout=out)
    sset = SectorSet.objects.get()
    assert (sset.name, sset.reference_year, sset.feature_count, sset.complete) == (
        "Sectoren 2024",
        2024,
        6,
        True,
    )
    assert sset.imported_by is None and services.current_sector_set() == sset
    lines = out.getvalue().splitlines()
    assert lines[0] == "  2%  Reading the file…" and " 85%  Saved 6 of 6 sectors." in lines
    assert "Imported sector layer “Sectoren 2024” (2024, EPSG:31370): 6 sectors." in lines
    assert {f"  {n.slug}: 0 addresses placed, 0 in an area" for n in (network, other_network)} <= set(lines)
    # A second year: the summary lists the changes, and people are placed in the new layer.
    s = Sector.objects.get(code="41999A04-")
    person = make_person(network, longitude=s.centroid_lon, latitude=s.centroid_lat)
    out = io.StringIO()
    call_command("import_sectors", str(path), "--year", "2025", stdout=out)
    assert "Unchanged: 6" in out.getvalue()
    current = services.current_sector_set()
    assert current.reference_year == 2025
    assert Placement.objects.get(person=person).sector.sector_set == current


@pytest.mark.django_db
def test_command_broken_file_exits_with_reason_and_imports_nothing(tmp_path):
    codes = list(CODES)
    codes[4] = codes[1]
    path = write_layer(tmp_path / "dup", grid_boxes(3, 2), codes)
    with pytest.raises(CommandError) as exc:
        call_command("import_sectors", str(path), "--year", "2024", stdout=io.StringIO())
    assert "Nothing was imported" in str(exc.value) and "41999A01-" in str(exc.value)
    assert not SectorSet.objects.exists() and not Sector.objects.exists()
    # Missing year, missing file, wrong kind of file: clear errors, nothing imported.
    good = write_layer(tmp_path / "ok", grid_boxes(3, 2), CODES)
    with pytest.raises(CommandError, match="reference year"):
        call_command("import_sectors", str(good), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_sectors", str(tmp_path / "nope.gpkg"), "--year", "2024")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="GeoPackage"):
        call_command("import_sectors", str(pdf), "--year", "2024")
    assert not SectorSet.objects.exists() and not Sector.objects.exists()
