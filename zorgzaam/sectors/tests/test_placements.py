import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import services
from zorgzaam.sectors.models import Placement, Sector


def _naive(lon, lat, geoms):
    out = []
    for x, y in zip(lon, lat, strict=True):
        hit = -1
        for i, g in enumerate(geoms):
            if g.intersects(shapely.Point(x, y)):
                hit = i
                break
        out.append(hit)
    return np.array(out)


# Irregular polygons (triangles and a ring with a hole) so the check is not only about boxes.
SHAPES = [
    shapely.Polygon([(0, 0), (4, 0), (0, 3)]),
    shapely.Polygon([(4, 0), (4, 3), (0, 3)]),
    shapely.Polygon([(5, 0), (9, 0), (9, 4), (5, 4)], holes=[[(6, 1), (8, 1), (8, 3), (6, 3)]]),
    shapely.box(6.5, 1.5, 7.5, 2.5),
    shapely.MultiPolygon([shapely.box(10, 0, 11, 1), shapely.box(12, 0, 13, 1)]),
]

coords = st.lists(
    st.tuples(st.floats(-1, 14, allow_nan=False), st.floats(-1, 5, allow_nan=False)), min_size=0, max_size=200
)


@settings(max_examples=60, deadline=None)
@given(coords)
def test_vectorised_locate_matches_naive_loop(points):
    lon = np.array([p[0] for p in points], dtype=float)
    lat = np.array([p[1] for p in points], dtype=float)
    assert services.locate(lon, lat, SHAPES).tolist() == _naive(lon, lat, SHAPES).tolist()


def test_locate_random_points_against_grid():
    rng = np.random.default_rng(7)
    grid = [shapely.box(i, j, i + 1, j + 1) for j in range(10) for i in range(10)]
    lon, lat = rng.uniform(-1, 11, 5000), rng.uniform(-1, 11, 5000)
    got = services.locate(lon, lat, grid)
    assert got.tolist() == _naive(lon, lat, grid).tolist()
    assert (got == -1).sum() > 0 and (got >= 0).sum() > 0


def _link(area, codes):
    services.set_area_sectors(system_actor(area.network), area, codes, recompute=False)


def _centre(code):
    s = Sector.objects.get(code=code)
    return s.centroid_lon, s.centroid_lat


@pytest.mark.django_db
def test_assign_points_fills_area_only_when_empty_or_automatic(sector_set, network, areas, make_person):
    north, south = areas["north"], areas["south"]
    _link(north, ["41999A00-", "41999A01-"])
    _link(south, ["41999A02-"])
    lon0, lat0 = _centre("41999A00-")
    lon2, lat2 = _centre("41999A02-")
    empty = make_person(network, longitude=lon0, latitude=lat0)
    manual = make_person(network, longitude=lon0, latitude=lat0, area=south)
    nowhere = make_person(network, longitude=lon0 + 1, latitude=lat0 + 1)
    no_point = make_person(network)
    counts = services.assign_points(network)
    assert counts["points"] == 3 and counts["in_sector"] == 2 and counts["areas_filled"] == 1
    empty.refresh_from_db()
    manual.refresh_from_db()
    assert empty.area == north and manual.area == south
    pl = Placement.objects.get(person=empty)
    assert pl.sector.code == "41999A00-" and pl.area == north and pl.area_set_automatically
    assert not Placement.objects.get(person=manual).area_set_automatically
    assert Placement.objects.get(person=nowhere).sector is None
    assert not Placement.objects.filter(object_id=no_point.pk).exists()
    # The person moves: the automatic area follows, the manual one stays.
    type(empty).objects.filter(pk__in=[empty.pk, manual.pk]).update(longitude=lon2, latitude=lat2)
    services.assign_points(network)
    empty.refresh_from_db()
    manual.refresh_from_db()
    assert empty.area == south and manual.area == south
    assert Placement.objects.get(person=empty).sector.code == "41999A02-"
    # Coordinates removed: the placement is forgotten.
    type(empty).objects.filter(pk=empty.pk).update(longitude=None, latitude=None)
    services.assign_points(network)
    assert not Placement.objects.filter(person=empty).exists()


@pytest.mark.django_db
def test_drawn_boundary_area_and_other_networks(sector_set, network, other_network, areas, make_person):
    lon, lat = _centre("41999A05-")
    areas["south"].boundary = {
        "type": "Polygon",
        "coordinates": [
            [
                [lon - 0.001, lat - 0.001],
                [lon + 0.001, lat - 0.001],
                [lon + 0.001, lat + 0.001],
                [lon - 0.001, lat + 0.001],
                [lon - 0.001, lat - 0.001],
            ]
        ],
    }
    areas["south"].save()
    p = make_person(network, longitude=lon, latitude=lat)
    elsewhere = make_person(other_network, longitude=lon, latitude=lat)
    network.nis_code = "41999"
    network.save()
    services.assign_points(network)
    p.refresh_from_db()
    assert p.area == areas["south"]
    assert Placement.objects.get(person=p).sector.code == "41999A05-"
    assert not Placement.objects.filter(person=elsewhere).exists()


@pytest.mark.django_db
def test_registered_point_sources(sector_set, network, areas):
    _link(areas["north"], ["41999A03-"])
    lon, lat = _centre("41999A03-")
    services.register_point_source("test.place", lambda net: [(7, lon, lat), (8, 0.0, 0.0)])
    try:
        services.assign_points(network)
    finally:
        services.POINT_SOURCES.pop("test.place")
    placed = {p.object_id: p for p in Placement.objects.filter(source="test.place")}
    assert placed[7].area == areas["north"] and placed[7].sector.code == "41999A03-"
    assert placed[8].area is None and placed[7].person is None


@pytest.mark.django_db
def test_saving_area_sectors_recomputes_placements(
    sector_set, network, areas, make_person, users, actor_of, django_capture_on_commit_callbacks
):
    from zorgzaam.sectors.models import ImportJob

    lon, lat = _centre("41999A07-")
    p = make_person(network, longitude=lon, latitude=lat)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_area_sectors(actor_of(users["coordinator"]), areas["north"], ["41999A07-"])
    p.refresh_from_db()
    assert p.area == areas["north"]
    job = ImportJob.objects.get(kind="placements")
    assert job.status == "done" and job.progress == 100 and job.counts["points"] >= 1


@pytest.mark.django_db
def test_person_saved_is_placed_in_background(
    sector_set, network, areas, make_person, django_capture_on_commit_callbacks
):
    _link(areas["north"], ["41999A04-"])
    lon, lat = _centre("41999A04-")
    with django_capture_on_commit_callbacks(execute=True):
        p = make_person(network, longitude=lon, latitude=lat)
    p.refresh_from_db()
    assert p.area == areas["north"]
    pl = Placement.objects.get(person=p)
    assert pl.sector.code == "41999A04-" and pl.area_set_automatically
    # Moving outside every sector and area: the automatic area is kept (we never guess "none"),
    # the placement records no sector.
    p.longitude, p.latitude = 0.0, 0.0
    with django_capture_on_commit_callbacks(execute=True):
        p.save()
    assert Placement.objects.get(person=p).sector is None
    # A manually chosen area is never overwritten.
    p.area = areas["south"]
    p.longitude, p.latitude = lon, lat
    with django_capture_on_commit_callbacks(execute=True):
        p.save()
    p.refresh_from_db()
    assert p.area == areas["south"] and not Placement.objects.get(person=p).area_set_automatically
    p.longitude = p.latitude = None
    with django_capture_on_commit_callbacks(execute=True):
        p.save()
    assert not Placement.objects.filter(person=p).exists()


@pytest.mark.django_db
def test_redrawing_an_area_places_people_again(
    network, areas, make_person, django_capture_on_commit_callbacks
):
    p = make_person(network, longitude=4.05, latitude=50.93)
    assert p.area is None
    south = areas["south"]
    south.boundary = {
        "type": "Polygon",
        "coordinates": [[[4.0, 50.9], [4.1, 50.9], [4.1, 51.0], [4.0, 51.0], [4.0, 50.9]]],
    }
    with django_capture_on_commit_callbacks(execute=True):
        south.save()
    p.refresh_from_db()
    assert p.area == south
    assert Placement.objects.get(person=p).area_set_automatically
