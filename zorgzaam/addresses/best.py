"""Reading BeST "openaddress" files (FPS BOSA) as a stream of address rows: a CSV, or a ZIP holding one
or more. Never the whole file in memory: rows come out in chunks, each converted to WGS84 in one call
where the file gives only Lambert coordinates (EPSG:31370, or EPSG:3812 in files from October 2026).

Columns are found by name, in any order, case and surrounding quotes ignored. Only `current` and
`proposed` addresses are kept; `--municipality` (NIS codes) filters. A row that cannot be read is a
problem with its line number; the import stops with the first problems listed and writes nothing."""

from __future__ import annotations

import csv
import functools
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zorgzaam.addresses import normalize
from zorgzaam.core import uploads

KEPT_STATUSES = {"current": 0, "proposed": 1}  # the rank: current is preferred
CHUNK_ROWS = 20_000
REQUIRED = ("address_id", "street_id", "house_number", "municipality_id", "postcode", "status")
NAME_COLUMNS = ("streetname_nl", "streetname_fr", "streetname_de")
OPTIONAL = ("box_number", "municipality_name_nl", "municipality_name_fr", "municipality_name_de")
OPTIONAL += ("postname_nl", "postname_fr", "region_code")
LATLON = ("epsg:4326_lat", "epsg:4326_lon")
LAMBERT = {31370: ("epsg:31370_x", "epsg:31370_y"), 3812: ("epsg:3812_x", "epsg:3812_y")}
# Belgium with a margin, in WGS84: a point outside is a wrong coordinate, not an address.
BOUNDS = (49.0, 52.0, 2.0, 7.0)

# The columns of one row as the loader stores it (see load.STAGING_COLUMNS).
Row = tuple


@dataclass
class Stats:
    rows: int = 0  # data rows read
    kept: int = 0
    other_status: int = 0
    other_municipality: int = 0
    without_location: int = 0
    problems: uploads.ProblemCounter = field(default_factory=uploads.ProblemCounter)


class _Chunks(io.RawIOBase):
    """A readable binary stream over an iterator of byte chunks (a ZIP member, counted by ZipGuard)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._it, self._buf = iter(chunks), b""
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buf:
            self._buf = next(self._it, b"")
            if not self._buf:
                return 0
        n = min(len(target), len(self._buf))
        target[:n], self._buf = self._buf[:n], self._buf[n:]
        self.consumed += n
        return n


def _column_key(name: str) -> str:
    return name.strip().strip('"').strip().lower().lstrip("\ufeff")


def _binary_streams(path: Path, kind: str) -> Iterator[tuple[str, object, int]]:
    """(name, binary stream, size) for the CSV itself or each CSV in the ZIP."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head in uploads.ZIP_SIGNATURES or path.suffix.lower() == ".zip":
        with path.open("rb") as fh:
            guard = uploads.ZipGuard(fh, kind)
            members = [i for i in guard.members if i.filename.lower().endswith((".csv", ".txt"))]
            if not members:
                raise ValidationError(_("This ZIP file holds no CSV file."))
            for info in members:
                yield info.filename, io.BufferedReader(_Chunks(guard._stream(info)), 1 << 20), info.file_size
            guard.close()
        return
    with path.open("rb") as fh:
        yield path.name, fh, path.stat().st_size


class Reader:
    """Iterates over chunks of kept rows of one file. `progress(fraction)` is called after each chunk."""

    def __init__(self, path, *, kind: str, municipalities=None, progress: Callable | None = None):
        self.path = Path(path)
        self.kind = kind
        self.municipalities = {m.strip() for m in municipalities or () if m.strip()} or None
        self.progress = progress or (lambda fraction: None)
        self.stats = Stats()
        self._transformers: dict[int, object] = {}

    # --- the file ---------------------------------------------------------------------------------

    def chunks(self) -> Iterator[list[Row]]:
        total = 0
        for name, binary, size in _binary_streams(self.path, self.kind):
            yield from self._chunks_of(name, binary, size, total)
            total += size

    def _text(self, binary, name: str):
        return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="", errors="strict")

    def _header(self, text_stream, name: str) -> tuple[list[str], str]:
        first = text_stream.readline()
        if not first.strip():
            raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return [_column_key(c) for c in next(csv.reader([first], delimiter=delimiter))], delimiter

    def _positions(self, header: list[str], name: str) -> dict[str, int]:
        pos = {col: i for i, col in enumerate(header)}
        missing = [c for c in REQUIRED if c not in pos]
        if not any(c in pos for c in NAME_COLUMNS):
            missing.append("streetname_nl")
        has_coords = all(c in pos for c in LATLON) or any(
            all(c in pos for c in cs) for cs in LAMBERT.values()
        )
        if not has_coords:
            missing.append("EPSG:4326_lat/EPSG:4326_lon")
        if missing:
            raise ValidationError(
                _("“%(name)s” is not a BeST address file: the column(s) %(columns)s are missing.")
                % {"name": name, "columns": ", ".join(missing)}
            )
        return pos

    def _chunks_of(self, name: str, binary, size: int, done_before: int) -> Iterator[list[Row]]:
        text_stream = self._text(binary, name)
        try:
            header, delimiter = self._header(text_stream, name)
            pos = self._positions(header, name)
            # Missing optional columns read an always-empty extra cell at the end.
            self._width = len(header) + 1
            self._getter = {
                c: pos.get(c, len(header)) for c in (*REQUIRED, *NAME_COLUMNS, *OPTIONAL, *LATLON)
            }
            self._getter.update({c: pos.get(c, len(header)) for cs in LAMBERT.values() for c in cs})
            chunk: list[dict] = []
            line = 1
            for values in csv.reader(text_stream, delimiter=delimiter):
                line += 1
                if not values or values == [""]:
                    continue
                row = self._row(values, pos, line)
                if row is not None:
                    chunk.append(row)
                if len(chunk) >= CHUNK_ROWS:
                    yield self._finish(chunk)
                    chunk = []
                    self.progress(min(0.99, (done_before + _position(binary, size)) / max(1, size)))
            if chunk:
                yield self._finish(chunk)
        except UnicodeDecodeError as exc:
            raise ValidationError(_("“%(name)s” is not a UTF-8 text file.") % {"name": name}) from exc
        except csv.Error as exc:
            raise ValidationError(
                _("“%(name)s” cannot be read as CSV (line %(line)s).") % {"name": name, "line": line}
            ) from exc

    # --- one row ------------------------------------------------------------------------------------

    def _row(self, values: list[str], pos: dict[str, int], line: int) -> list | None:
        """A kept row as [loader columns..., x, y, epsg, line] (epsg 4326: x, y are lat, lon), else None.
        Hot path (millions of rows): plain indexing, normalisation cached per street and number."""
        if len(values) < self._width:
            values = values + [""] * (self._width - len(values))
        stats = self.stats
        stats.rows += 1
        get = self._getter
        status = values[get["status"]].strip().lower()
        if status not in KEPT_STATUSES:
            stats.other_status += 1
            return None
        nis = values[get["municipality_id"]].strip()
        if self.municipalities is not None and nis not in self.municipalities:
            stats.other_municipality += 1
            return None
        address_id, street_id = values[get["address_id"]].strip(), values[get["street_id"]].strip()
        number = values[get["house_number"]].strip()
        names = (
            values[get["streetname_nl"]].strip(),
            values[get["streetname_fr"]].strip(),
            values[get["streetname_de"]].strip(),
        )
        if not address_id or not street_id or not number or not any(names) or not nis:
            stats.problems.add(
                _("Line %(line)s: an address id, street id, street name, number and municipality are needed.")
                % {"line": line}
            )
            return None
        try:
            point = self._point(values)
        except ValueError:
            stats.problems.add(_("Line %(line)s: the coordinates are not numbers.") % {"line": line})
            return None
        if point is None:
            stats.without_location += 1
            return None
        box = values[get["box_number"]].strip()
        num_norm, box_norm = _split_number(number, box)
        stats.kept += 1
        return [
            address_id[:100], street_id[:100], number[:20], box[:40], num_norm[:20], box_norm[:40],
            values[get["postcode"]].strip()[:10], nis[:5], values[get["municipality_name_nl"]].strip()[:100],
            values[get["municipality_name_fr"]].strip()[:100], names[0][:200], names[1][:200], names[2][:200],
            _search(names)[:650], status, KEPT_STATUSES[status], *point, line,
        ]  # fmt: skip

    def _point(self, values: list[str]):
        """(x, y, epsg): (lat, lon, 4326), or Lambert x, y to convert by chunk; None when the row has none."""
        get = self._getter
        lat, lon = values[get[LATLON[0]]].strip(), values[get[LATLON[1]]].strip()
        if lat and lon:
            return (float(lat.replace(",", ".")), float(lon.replace(",", ".")), 4326)
        for epsg, (cx, cy) in LAMBERT.items():
            x, y = values[get[cx]].strip(), values[get[cy]].strip()
            if x and y:
                return (float(x.replace(",", ".")), float(y.replace(",", ".")), epsg)
        return None

    def _finish(self, chunk: list[list]) -> list[Row]:
        """Convert the Lambert points of a chunk in one call per system, check every point is in
        Belgium, and give the rows as tuples in the loader's column order."""
        for epsg in LAMBERT:
            todo = [r for r in chunk if r[-2] == epsg]
            if todo:
                lon, lat = self._transformer(epsg).transform([r[-4] for r in todo], [r[-3] for r in todo])
                for r, la, lo in zip(todo, lat, lon, strict=True):
                    r[-4], r[-3] = float(la), float(lo)
        out = []
        lat0, lat1, lon0, lon1 = BOUNDS
        for r in chunk:
            lat, lon = r[-4], r[-3]
            if not (
                math.isfinite(lat) and math.isfinite(lon) and lat0 <= lat <= lat1 and lon0 <= lon <= lon1
            ):
                self.stats.kept -= 1
                self.stats.problems.add(_("Line %(line)s: the location is not in Belgium.") % {"line": r[-1]})
                continue
            out.append((*r[:-4], round(lat, 7), round(lon, 7)))
        return out

    def _transformer(self, epsg: int):
        if epsg not in self._transformers:
            from pyproj import Transformer

            self._transformers[epsg] = Transformer.from_crs(epsg, 4326, always_xy=True)
        return self._transformers[epsg]


@functools.lru_cache(maxsize=65536)
def _split_number(number: str, box: str) -> tuple[str, str]:
    return normalize.split_number(number, box)


@functools.lru_cache(maxsize=200_000)
def _search(names: tuple[str, ...]) -> str:
    """Every name of a street, normalised, " | " between (a street's rows repeat its names)."""
    return " | ".join(dict.fromkeys(normalize.text(n) for n in names if n))


def _position(binary, size: int) -> int:
    raw = getattr(binary, "raw", None)
    if isinstance(raw, _Chunks):
        return raw.consumed
    try:
        return binary.tell()
    except (OSError, ValueError):
        return 0
