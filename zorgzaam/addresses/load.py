"""Writing a BeST file into the register, set-based: rows go into a temporary staging table (COPY on
PostgreSQL, executemany in chunks elsewhere), then a few INSERT ... SELECT ... ON CONFLICT statements
upsert streets and addresses and remove what the file no longer holds. The caller runs it in one
transaction: a file that fails anywhere leaves the register as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection

from zorgzaam.addresses.models import Address, Street

STAGING = "addresses_staging"
STAGING_COLUMNS = (
    ("address_id", "varchar(100)"),
    ("street_id", "varchar(100)"),
    ("house_number", "varchar(20)"),
    ("box_number", "varchar(40)"),
    ("number_norm", "varchar(20)"),
    ("box_norm", "varchar(40)"),
    ("postcode", "varchar(10)"),
    ("municipality_id", "varchar(5)"),
    ("municipality_nl", "varchar(100)"),
    ("municipality_fr", "varchar(100)"),
    ("name_nl", "varchar(200)"),
    ("name_fr", "varchar(200)"),
    ("name_de", "varchar(200)"),
    ("search", "varchar(650)"),
    ("status", "varchar(10)"),
    ("rank", "smallint"),
    ("latitude", "double precision"),
    ("longitude", "double precision"),
)
NAMES = [c for c, _t in STAGING_COLUMNS]


def _pg() -> bool:
    return connection.vendor == "postgresql"


def create_staging(cur) -> None:
    cols = ", ".join(f"{c} {t}" for c, t in STAGING_COLUMNS)
    cur.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cur.execute(f"CREATE TEMPORARY TABLE {STAGING} (n integer PRIMARY KEY, {cols})")


def fill_staging(cur, chunks: Iterable[list[tuple]], on_chunk: Callable[[int], None] | None = None) -> int:
    """Stream the chunks into the staging table; returns the number of rows. Each row gets its order
    in the file (`n`), so duplicates of one address id resolve to the last one."""
    n = 0
    if _pg():
        with cur.cursor.copy(f"COPY {STAGING} (n, {', '.join(NAMES)}) FROM STDIN") as copy:
            for chunk in chunks:
                for row in chunk:
                    n += 1
                    copy.write_row((n, *row))
                if on_chunk:
                    on_chunk(n)
        return n
    marks = ", ".join(["%s"] * (len(NAMES) + 1))
    sql = f"INSERT INTO {STAGING} (n, {', '.join(NAMES)}) VALUES ({marks})"  # noqa: S608 (table names from the models, values as parameters)
    for chunk in chunks:
        cur.executemany(sql, [(n + i + 1, *row) for i, row in enumerate(chunk)])
        n += len(chunk)
        if on_chunk:
            on_chunk(n)
    return n


def merge(cur, *, remove_missing: bool = True) -> dict[str, int]:
    """Upsert streets and addresses from the staging table; remove the addresses (and then streets) of
    the file's municipalities that the file no longer holds."""
    street, address = Street._meta.db_table, Address._meta.db_table
    # Only rows that differ are written again: a monthly re-import of an unchanged region is cheap.
    distinct = "IS DISTINCT FROM" if _pg() else "IS NOT"
    cur.execute(f"CREATE INDEX {STAGING}_address ON {STAGING} (address_id, n)")
    if _pg():
        cur.execute(f"ANALYZE {STAGING}")
    # One row per street: its most common values would cost a sort per column; the last row is enough.
    cur.execute(
        f"""
        INSERT INTO {street} (best_id, municipality_id, municipality_nl, municipality_fr, postcode,
                              name_nl, name_fr, name_de, search)
        SELECT s.street_id, s.municipality_id, s.municipality_nl, s.municipality_fr, s.postcode,
               s.name_nl, s.name_fr, s.name_de, s.search
        FROM {STAGING} s
        WHERE s.n IN (SELECT MAX(n) FROM {STAGING} GROUP BY street_id)
        ON CONFLICT (best_id) DO UPDATE SET
            municipality_id = excluded.municipality_id, municipality_nl = excluded.municipality_nl,
            municipality_fr = excluded.municipality_fr, postcode = excluded.postcode,
            name_nl = excluded.name_nl, name_fr = excluded.name_fr, name_de = excluded.name_de,
            search = excluded.search
        WHERE ({street}.municipality_id, {street}.postcode, {street}.name_nl, {street}.name_fr,
               {street}.name_de, {street}.municipality_nl, {street}.municipality_fr)
              {distinct} (excluded.municipality_id, excluded.postcode, excluded.name_nl, excluded.name_fr,
               excluded.name_de, excluded.municipality_nl, excluded.municipality_fr)
        """  # noqa: S608 (table names from the models, values as parameters)
    )
    streets = cur.rowcount  # new or changed streets
    cur.execute(f"SELECT COUNT(*) FROM {address}")  # noqa: S608 (table names from the models, values as parameters)
    before = cur.fetchone()[0]
    cur.execute(
        f"""
        INSERT INTO {address} (best_id, street_id, house_number, box_number, number_norm, box_norm,
                               postcode, municipality_id, status, latitude, longitude)
        SELECT s.address_id, s.street_id, s.house_number, s.box_number, s.number_norm, s.box_norm,
               s.postcode, s.municipality_id, s.status, s.latitude, s.longitude
        FROM {STAGING} s
        WHERE s.n IN (SELECT MAX(n) FROM {STAGING} GROUP BY address_id)
        ON CONFLICT (best_id) DO UPDATE SET
            street_id = excluded.street_id, house_number = excluded.house_number,
            box_number = excluded.box_number, number_norm = excluded.number_norm,
            box_norm = excluded.box_norm, postcode = excluded.postcode,
            municipality_id = excluded.municipality_id, status = excluded.status,
            latitude = excluded.latitude, longitude = excluded.longitude
        WHERE ({address}.street_id, {address}.house_number, {address}.box_number, {address}.postcode,
               {address}.status, {address}.latitude, {address}.longitude)
              {distinct} (excluded.street_id, excluded.house_number, excluded.box_number,
               excluded.postcode, excluded.status, excluded.latitude, excluded.longitude)
        """  # noqa: S608 (table names from the models, values as parameters)
    )
    upserted = cur.rowcount  # new or changed addresses
    removed = 0
    if remove_missing:
        cur.execute(
            f"""
            DELETE FROM {address}
            WHERE municipality_id IN (SELECT DISTINCT municipality_id FROM {STAGING})
              AND NOT EXISTS (SELECT 1 FROM {STAGING} s WHERE s.address_id = {address}.best_id)
            """  # noqa: S608 (table names from the models, values as parameters)
        )
        removed = cur.rowcount
        cur.execute(
            f"""
            DELETE FROM {street}
            WHERE municipality_id IN (SELECT DISTINCT municipality_id FROM {STAGING})
              AND NOT EXISTS (SELECT 1 FROM {address} a WHERE a.street_id = {street}.best_id)
            """  # noqa: S608 (table names from the models, values as parameters)
        )
    cur.execute(f"SELECT COUNT(*) FROM {address}")  # noqa: S608 (table names from the models, values as parameters)
    after = cur.fetchone()[0]
    cur.execute(f"DROP TABLE {STAGING}")
    added = after - before + removed
    return {"streets": streets, "added": added, "updated": upserted - added, "removed": removed}
