"""Shared ground for the Open Referral HSDS 3.0 exchange: constants, ids, problems and value parsing."""

from __future__ import annotations

import datetime as dt
import math
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zorgzaam.core import uploads

HSDS_VERSION = "3.0"
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TAX_CATEGORY = "zorgzaam-category"
TAX_TARGET = "zorgzaam-target-group"
TAX_COST = "zorgzaam-cost"
TAX_KIND = "zorgzaam-organisation-kind"
TAX_FLAG = "zorgzaam-flag"
FLAG_REFERRALS = "accepts-referrals"
TAXONOMIES = [TAX_CATEGORY, TAX_TARGET, TAX_COST, TAX_KIND, TAX_FLAG]
STATUSES = ("active", "inactive", "defunct", "temporarily closed")


def uid(seed: str) -> str:
    """A stable id for things we do not store with an id of their own (phones, schedules, terms...)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


# Belgian provinces by the first digit(s) of the municipality's NIS code (Brussels: the region).
_PROVINCE_BY_NIS = {
    "1": "Antwerpen",
    "21": "Brussels-Capital Region",
    "23": "Vlaams-Brabant",
    "24": "Vlaams-Brabant",
    "25": "Brabant wallon",
    "3": "West-Vlaanderen",
    "4": "Oost-Vlaanderen",
    "5": "Hainaut",
    "6": "Liège",
    "7": "Limburg",
    "8": "Luxembourg",
    "9": "Namur",
}
# Only for a network without NIS code: bpost postcode ranges (first two digits) per province.
_PROVINCE_BY_POSTCODE = [
    (10, 12, "21"),
    (13, 14, "25"),
    (15, 19, "23"),
    (20, 29, "1"),
    (30, 34, "23"),
    (35, 39, "7"),
    (40, 49, "6"),
    (50, 59, "9"),
    (60, 65, "5"),
    (66, 69, "8"),
    (70, 79, "5"),
    (80, 89, "3"),
    (90, 99, "4"),
]


def province(nis_code: str, postcode: str = "") -> str:
    nis = (nis_code or "").strip()
    if len(nis) == 5 and nis.isdigit():
        return _PROVINCE_BY_NIS.get(nis[:2]) or _PROVINCE_BY_NIS.get(nis[0], "")
    pc = (postcode or "").strip()
    if len(pc) == 4 and pc.isdigit():
        head = int(pc[:2])
        for low, high, key in _PROVINCE_BY_POSTCODE:
            if low <= head <= high:
                return _PROVINCE_BY_NIS[key]
    return ""


class ImportProblems(ValidationError):
    """Row-level problems: a list of {file, row, field, message}, at most uploads.MAX_PROBLEMS of them;
    `total` counts them all, and the messages end with a count of those not shown."""

    def __init__(self, problems: list[dict], total: int | None = None):
        self.problems = problems[: uploads.MAX_PROBLEMS]
        self.total = len(problems) if total is None else total
        super().__init__(uploads.capped([_format(p) for p in self.problems], self.total))


def _format(p: dict) -> str:
    return _("%(file)s, record %(row)s, field “%(field)s”: %(message)s") % {
        "file": p["file"],
        "row": p["row"],
        "field": p["field"] or "-",
        "message": p["message"],
    }


class Collector:
    """Keeps the first problems and counts the rest: a file with a million bad rows must not make a
    million messages (one error answer was 28.9 MB)."""

    def __init__(self):
        self.problems: list[dict] = []
        self.total = 0

    def add(self, file, row, field, message) -> None:
        self.total += 1
        if len(self.problems) < uploads.MAX_PROBLEMS:
            self.problems.append({"file": file, "row": row, "field": field, "message": str(message)})


def text(v) -> str:
    return "" if v is None else str(v).strip()


def parse_float(v, c: Collector, src, field):
    if isinstance(v, bool):
        c.add(*src, field, _("Not a number."))
        return None
    v = text(v) if not isinstance(v, int | float) else v
    if v == "":
        return None
    try:
        number = float(v)
    except (ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):  # NaN and infinity are no place, and no JSON either
        c.add(*src, field, _("Not a number."))
        return None
    return number


def parse_time(v, c: Collector, src, field):
    try:
        return dt.time.fromisoformat(text(v)).strftime("%H:%M")
    except ValueError:
        c.add(*src, field, _("Not a time (use HH:MM)."))
        return None


def parse_days(v) -> list[int] | None:
    """Plain weekly BYDAY values ("MO,TH"); None when they are not (e.g. "1MO" of a monthly rule)."""
    days = [d.strip().upper() for d in text(v).split(",") if d.strip()]
    if not days or any(d not in DAYS for d in days):
        return None
    return sorted({DAYS.index(d) for d in days})


def parse_uuid(v, c: Collector, src, field) -> str | None:
    try:
        return str(uuid.UUID(text(v)))
    except ValueError:
        c.add(*src, field, _("Not a valid id (a UUID is expected)."))
        return None


def parse_date(v, c: Collector, src, field):
    v = text(v)
    if not v:
        return None
    try:
        return dt.date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        c.add(*src, field, _("Not a date (use YYYY-MM-DD)."))
        return None


def empty_service(sid, src) -> dict:
    return {
        "_src": src,
        "id": sid,
        "name": "",
        "description": "",
        "email": "",
        "phone": "",
        "website": "",
        "active": True,
        "accepts_referrals": False,
        "cost": "free",
        "cost_note": "",
        "hours_note": "",
        "assured_date": None,
        "categories": [],
        "target_groups": [],
        "areas": [],
        "languages": [],
        "address": "",
        "postcode": "",
        "city": "",
        "latitude": None,
        "longitude": None,
        "accessibility": [],
        "schedules": [],
        "extra": {},
    }
