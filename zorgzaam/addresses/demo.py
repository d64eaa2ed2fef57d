"""The demo's address register: a BeST "openaddress" CSV for Lindebeek's streets (in exactly the format
FPS BOSA publishes), shipped in data/ and loaded through the real importer. `generate()` rebuilds the
file from the demo data: every street of people/demo.py lies inside its area (networks/demo.py), with
numbers 1-150 (even on one side, odd on the other), a few boxes, one proposed and one retired address."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from zorgzaam.addresses import services
from zorgzaam.core import uploads
from zorgzaam.networks.demo import AREAS
from zorgzaam.people.actor import system_actor
from zorgzaam.people.demo import MUNICIPALITY, POSTCODE, STREETS

FILE = Path(__file__).resolve().parent / "data" / "openaddress-lindebeek.csv"
NIS = "41999"
HEADER = [
    "EPSG:31370_x", "EPSG:31370_y", "EPSG:4326_lat", "EPSG:4326_lon", "address_id", "box_number",
    "house_number", "municipality_id", "municipality_name_de", "municipality_name_fr",
    "municipality_name_nl", "postcode", "postname_fr", "postname_nl", "street_id", "streetname_de",
    "streetname_fr", "streetname_nl", "region_code", "status",
]  # fmt: skip
LAST_NUMBER = 150


def _rows():
    from pyproj import Transformer

    to_lambert = Transformer.from_crs(4326, 31370, always_xy=True)
    address_id = 2_000_000
    for a_index, (slug, _name, _desc, (lon0, lat0, lon1, lat1)) in enumerate(AREAS):
        streets = STREETS.get(slug, [])
        for s_index, street in enumerate(streets):
            street_id = f"{7_000 + a_index * 100 + s_index}"
            # One straight street per row of the area, west to east, 0.002° inside the edges.
            lat = lat0 + (lat1 - lat0) * (s_index + 1) / (len(streets) + 1)
            for n in range(1, LAST_NUMBER + 1):
                lon = lon0 + 0.002 + (lon1 - lon0 - 0.004) * (n - 1) / (LAST_NUMBER - 1)
                side = 0.00015 if n % 2 else -0.00015
                boxes = ["1", "2", "3"] if (s_index == 2 and n in (10, 12)) else [""]
                for box in boxes:
                    address_id += 1
                    status = "current"
                    if street == "Ter Walle" and n == LAST_NUMBER:
                        status = "proposed"
                    if street == "Markt" and n == LAST_NUMBER:
                        status = "retired"
                    y_lat, x_lon = round(lat + side, 7), round(lon, 7)
                    x, y = to_lambert.transform(x_lon, y_lat)
                    yield [
                        f"{x:.2f}", f"{y:.2f}", f"{y_lat:.7f}", f"{x_lon:.7f}", str(address_id), box, str(n),
                        NIS, "", "", MUNICIPALITY, POSTCODE, "", MUNICIPALITY, street_id, "", "", street,
                        "BE-VLG", status,
                    ]  # fmt: skip


def generate() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_rows())
    return out.getvalue()


def build(ctx):
    counts = services.import_file(system_actor(), FILE, kind=uploads.ADDRESSES_COMMAND)
    ctx.log(f"    {counts['addresses']} addresses in {counts['streets']} streets")


if __name__ == "__main__":  # python -m zorgzaam.addresses.demo: rewrite the shipped file
    FILE.write_text(generate(), encoding="utf-8")
