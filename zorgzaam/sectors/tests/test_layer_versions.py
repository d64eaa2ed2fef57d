"""Layer versions: one layer per reference year (a re-import replaces it), and a file covering some
municipalities keeps the current sectors of the others (per municipality: the sector code's first
five characters)."""

import pytest
import shapely

from zorgzaam.networks.models import Area, Network
from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import services
from zorgzaam.sectors.models import AreaSector, ImportJob, Indicator, IndicatorValue, Sector, SectorSet
from zorgzaam.sectors.testing import grid_boxes, write_layer

ANTWERPEN = [f"11002A{i:02d}-" for i in range(4)]
GENT = [f"44021A{i:02d}-" for i in range(4)]
GENT_NEW = [f"44021B{i:02d}-" for i in range(6)]  # Gent redrawn: six sectors over the same ground
GENT_ORIGIN = (160000.0, 200000.0)


def _both(tmp_path, name="both"):
    return write_layer(
        tmp_path / name, grid_boxes(2, 2) + grid_boxes(2, 2, origin=GENT_ORIGIN), ANTWERPEN + GENT
    )


def _gent_only(tmp_path, codes=GENT_NEW, name="gent"):
    return write_layer(tmp_path / name, grid_boxes(3, 2, origin=GENT_ORIGIN), codes)


def _import(path, year, **kwargs):
    return services.import_sector_file(system_actor(), path, reference_year=year, **kwargs)


def _codes(sset):
    return sorted(Sector.objects.filter(sector_set=sset).values_list("code", flat=True))


@pytest.mark.django_db
def test_a_file_for_gent_keeps_antwerpen_current(tmp_path, make_person):
    first = _import(_both(tmp_path), 2023)
    antwerpen = Network.objects.create(name="Antwerpen", slug="antwerpen", nis_code="11002")
    area = Area.objects.create(network=antwerpen, name="Centrum", slug="centrum")
    services.set_area_sectors(system_actor(antwerpen), area, ANTWERPEN[:2], recompute=False)
    s = Sector.objects.get(sector_set=first, code=ANTWERPEN[1])
    person = make_person(antwerpen, longitude=s.centroid_lon, latitude=s.centroid_lat)

    job = ImportJob.objects.create(kind=ImportJob.Kind.SECTORS)
    second = _import(_gent_only(tmp_path), 2024, job=job)

    assert services.current_sector_set() == second
    # Antwerpen's sectors are still current (kept, same shapes); Gent's are the new ones.
    assert _codes(second) == sorted(ANTWERPEN + GENT_NEW)
    assert second.feature_count == 10
    for code in ANTWERPEN:
        old = Sector.objects.get(sector_set=first, code=code)
        kept = Sector.objects.get(sector_set=second, code=code)
        assert (kept.geometry, kept.name_nl, kept.nis_code, kept.area_m2) == (
            old.geometry,
            old.name_nl,
            old.nis_code,
            old.area_m2,
        )
    assert sorted(services.network_sectors(antwerpen).values_list("code", flat=True)) == ANTWERPEN
    assert list(services.sectors_of_area(area).values_list("code", flat=True)) == ANTWERPEN[:2]
    assert services.assign_points(antwerpen)["in_area"] == 1
    person.refresh_from_db()
    assert person.area_id == area.pk
    # Changes are about Gent only; the kept sectors count as unchanged.
    changes = list(second.changes_in.all())
    assert {c for ch in changes if ch.kind == "unchanged" for c in ch.new_codes} == set(ANTWERPEN)
    assert not {c for ch in changes if ch.kind != "unchanged" for c in ch.old_codes + ch.new_codes} & set(
        ANTWERPEN
    )
    job.refresh_from_db()
    assert job.counts["kept"] == 4 and job.counts["sectors"] == 10
    # The old version stays as it was.
    assert _codes(first) == sorted(ANTWERPEN + GENT)


@pytest.mark.django_db
def test_a_redrawn_municipality_is_not_kept_twice(tmp_path):
    """A merged municipality gets a new NIS code: its old sectors lie under the new ones and go."""
    _import(_both(tmp_path), 2023)
    merged = [f"44084A{i:02d}-" for i in range(4)]  # Gent under another NIS code, same ground
    second = _import(write_layer(tmp_path / "merged", grid_boxes(2, 2, origin=GENT_ORIGIN), merged), 2025)
    assert _codes(second) == sorted(ANTWERPEN + merged)


@pytest.mark.django_db
def test_reimporting_a_year_replaces_that_version(tmp_path, network):
    path = _both(tmp_path)
    first = _import(path, 2024)
    area = Area.objects.create(network=network, name="Noord", slug="noord-x")
    services.set_area_sectors(system_actor(network), area, GENT[:2], recompute=False)
    total = Indicator.objects.create(code="pop_x", name_nl="Bevolking X")
    IndicatorValue.objects.create(indicator=total, sector_code=GENT[0], year=2024, value=10, sector_set=first)

    fixed = write_layer(
        tmp_path / "fixed",
        grid_boxes(2, 2) + grid_boxes(2, 2, origin=GENT_ORIGIN),
        ANTWERPEN + GENT,
        names_nl=[f"Verbeterd {c}" for c in ANTWERPEN + GENT],
    )
    job = ImportJob.objects.create(kind=ImportJob.Kind.SECTORS)
    second = _import(fixed, 2024, job=job)

    # One layer for 2024: the new one; never two with the same year (or default name).
    assert list(SectorSet.objects.filter(reference_year=2024)) == [second]
    assert not SectorSet.objects.filter(pk=first.pk).exists()
    assert services.current_sector_set() == second
    assert Sector.objects.get(sector_set=second, code=GENT[0]).name_nl == f"Verbeterd {GENT[0]}"
    # What pointed at the replaced version now points at the new one.
    assert set(AreaSector.objects.filter(area=area).values_list("sector__sector_set", flat=True)) == {
        second.pk
    }
    assert list(services.sectors_of_area(area).values_list("code", flat=True)) == GENT[:2]
    assert IndicatorValue.objects.get().sector_set == second
    job.refresh_from_db()
    assert job.counts["replaced"] == 1


@pytest.mark.django_db
def test_same_year_files_per_municipality_make_one_layer(tmp_path):
    gent = _import(write_layer(tmp_path / "g", grid_boxes(2, 2, origin=GENT_ORIGIN), GENT), 2024)
    antwerpen = _import(write_layer(tmp_path / "a", grid_boxes(2, 2), ANTWERPEN), 2024)
    assert list(SectorSet.objects.all()) == [antwerpen] and gent.pk != antwerpen.pk
    assert _codes(antwerpen) == sorted(ANTWERPEN + GENT)


@pytest.mark.django_db
def test_replacing_keeps_later_changes_linked(tmp_path):
    """Replacing an older year: the recorded changes towards the newer layer now start from it."""
    _import(_both(tmp_path), 2023)
    newer = _import(_gent_only(tmp_path), 2024)
    replacement = _import(_both(tmp_path, "again"), 2023)
    assert services.current_sector_set() == newer
    assert SectorSet.objects.filter(reference_year=2023).get() == replacement
    assert newer.changes_in.filter(from_set=replacement).exists()
    assert not newer.changes_in.exclude(from_set=replacement).exists()


@pytest.mark.django_db
def test_a_failed_replacement_keeps_the_old_version(tmp_path, monkeypatch):
    first = _import(_both(tmp_path), 2024)
    from zorgzaam.sectors import geo

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    older = _import(_both(tmp_path, "other"), 2023)  # nothing earlier to compare with
    monkeypatch.setattr(geo, "detect_changes", boom)
    with pytest.raises(RuntimeError):
        _import(_both(tmp_path, "again"), 2024)  # fails while comparing with 2023
    assert set(SectorSet.objects.values_list("pk", flat=True)) == {first.pk, older.pk}
    assert services.current_sector_set() == first and first.feature_count == 8
    assert shapely.geometry.shape(Sector.objects.filter(sector_set=first).first().geometry).is_valid


@pytest.mark.django_db
def test_command_says_what_was_kept_and_replaced(tmp_path):
    import io

    from django.core.management import call_command

    call_command(
        "import_sectors", str(_both(tmp_path)), "--year", "2024", "--no-placements", stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command("import_sectors", str(_gent_only(tmp_path)), "--year", "2024", "--no-placements", stdout=out)
    lines = out.getvalue().splitlines()
    assert "  Sectors of other municipalities kept: 4" in lines
    assert "  Earlier layer of this year replaced: 1" in lines
    assert SectorSet.objects.get().feature_count == 10
