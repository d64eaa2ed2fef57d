import csv
import functools
import io
import zipfile

import pytest

from zorgzaam.addresses.demo import HEADER

# Two areas side by side in the test municipality (NIS 41999), drawn by hand (no sectors needed).
WEST = (4.00, 50.90, 4.05, 50.95)
EAST = (4.05, 50.90, 4.10, 50.95)


def box(lon0, lat0, lon1, lat1) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]],
    }


@functools.cache
def _to(epsg: int):
    from pyproj import Transformer

    return Transformer.from_crs(4326, epsg, always_xy=True)


def row(address_id, street, number, lat, lon, **kw) -> dict:
    """One BeST row (dict by column name); WGS84, Lambert 72 and Lambert 2008 filled in unless given."""
    x, y = _to(31370).transform(lon, lat)
    x2, y2 = _to(3812).transform(lon, lat)
    out = {
        "EPSG:31370_x": f"{x:.2f}",
        "EPSG:31370_y": f"{y:.2f}",
        "EPSG:3812_x": f"{x2:.2f}",
        "EPSG:3812_y": f"{y2:.2f}",
        "EPSG:4326_lat": f"{lat:.7f}",
        "EPSG:4326_lon": f"{lon:.7f}",
        "address_id": str(address_id),
        "box_number": "",
        "house_number": str(number),
        "municipality_id": "41999",
        "municipality_name_de": "",
        "municipality_name_fr": "",
        "municipality_name_nl": "Testgem",
        "postcode": "9471",
        "postname_fr": "",
        "postname_nl": "Testgem",
        "street_id": f"s-{street}",
        "streetname_de": "",
        "streetname_fr": "",
        "streetname_nl": street,
        "region_code": "BE-VLG",
        "status": "current",
    }
    out.update(kw)
    return out


def csv_text(rows, columns=None) -> str:
    columns = columns or HEADER
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c, "") for c in columns])
    return out.getvalue()


def sample_rows() -> list[dict]:
    """Kerkstraat in the west area, Rue de l'Église / Kerkplein (bilingual) in the east."""
    return [
        row(1, "Kerkstraat", 20, 50.92, 4.02),
        row(2, "Kerkstraat", "20A", 50.9201, 4.0201),
        row(3, "Kerkstraat", 22, 50.9202, 4.0202, box_number="3"),
        row(4, "Kerkplein", 1, 50.93, 4.07, streetname_fr="Place de l'Église", street_id="s-kp"),
        row(5, "Sint-Jozefsplein", 7, 50.91, 4.03),
        row(6, "Kerkstraat", 99, 50.94, 4.04, status="retired"),
        row(
            7, "Andere", 1, 50.85, 4.00, municipality_id="44021", municipality_name_nl="Gent", postcode="9000"
        ),
    ]


@pytest.fixture
def write(tmp_path):
    """write(rows, columns=None, name="openaddress.csv", zip_name=None) -> path"""

    def make(rows, columns=None, name="openaddress.csv", zip_name=None, raw: bytes | None = None):
        data = raw if raw is not None else csv_text(rows, columns).encode("utf-8")
        path = tmp_path / name
        if zip_name:
            path = tmp_path / zip_name
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(name, data)
        else:
            path.write_bytes(data)
        return path

    return make


@pytest.fixture(autouse=True)
def own_upload_folder(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture(autouse=True)
def _english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def place(network):
    """The test network in NIS 41999 with two drawn areas."""
    from zorgzaam.networks.models import Area

    network.nis_code = "41999"
    network.save()
    return {
        "network": network,
        "west": Area.objects.create(network=network, name="West", slug="west", boundary=box(*WEST)),
        "east": Area.objects.create(network=network, name="Oost", slug="oost", boundary=box(*EAST)),
    }


@pytest.fixture
def register(db, write):
    """The sample register, imported."""
    from zorgzaam.addresses import services
    from zorgzaam.people.actor import system_actor

    return services.import_file(system_actor(), write(sample_rows()), replace_people=False)


@pytest.fixture
def admin(network, make_user):
    user = make_user(network, "coordinator", username="admin")
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def client_of():
    """A logged-in client reading English (messages are checked in their source form)."""
    from django.test import Client

    def make(user) -> Client:
        c = Client()
        c.force_login(user)
        c.cookies["django_language"] = "en"
        return c

    return make
