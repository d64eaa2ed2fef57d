"""Open Referral HSDS 3.0 exchange for the social map: JSON, the tabular CSV layout, import and the API.

Modules: common (constants, ids, problems), merge (what we do not model), export (JSON), tabular (CSV),
reader and importer (import), api (the read-only HSDS API).
"""

from zorgzaam.socialmap.hsds.common import ImportProblems
from zorgzaam.socialmap.hsds.export import check_export, export_json, neutral_export, to_hsds_json
from zorgzaam.socialmap.hsds.importer import import_hsds
from zorgzaam.socialmap.hsds.tabular import TABLES as CSV_TABLES
from zorgzaam.socialmap.hsds.tabular import flatten, write_zip


def export_csv_zip(actor, *, excel: bool = False) -> bytes:
    """The tabular export. The plain one is a data feed and keeps every value as it is (a value may start
    with "=" and a spreadsheet would run it as a formula); `excel=True` neutralises such cells for opening
    in a spreadsheet, and is not meant to be imported again."""
    check_export(actor)
    return write_zip(flatten(to_hsds_json(actor.network, neutral_export(actor.network))), excel=excel)


__all__ = [
    "CSV_TABLES",
    "ImportProblems",
    "export_csv_zip",
    "export_json",
    "import_hsds",
    "neutral_export",
    "to_hsds_json",
]
