"""Reading a people list (CSV with ; , or tab, in utf-8, utf-8-sig or cp1252; or XLSX), guessing the
column mapping from header names (nl/fr/en) and turning one row into checked values.

Nothing here writes: the import service validates the whole file with these helpers first, so a file
with bad rows is reported line by line and nothing is imported (all-or-nothing per file).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zorgzaam.core import uploads

MAX_ROWS = 5000
SEPARATORS = (";", ",", "\t")

# Target field -> header names that mean it (compared accent- and case-free, without spaces/_/-).
SYNONYMS = {
    "first_name": ["voornaam", "prenom", "firstname", "givenname", "first"],
    "last_name": ["achternaam", "familienaam", "naam", "nom", "nomdefamille", "lastname", "surname", "name"],
    "birth_date": ["geboortedatum", "datedenaissance", "birthdate", "dateofbirth", "dob"],
    "birth_year": ["geboortejaar", "anneedenaissance", "birthyear", "yearofbirth"],
    "phone": ["telefoon", "tel", "gsm", "telephone", "phone", "mobile", "portable"],
    "email": ["email", "mail", "emailadres", "courriel", "adresseemail"],
    "street": ["straat", "rue", "street"],
    "house_number": ["huisnummer", "nr", "nummer", "numero", "no", "housenumber", "number"],
    "box": ["bus", "boite", "box"],
    "postcode": ["postcode", "codepostal", "zip", "zipcode", "postalcode"],
    "municipality": [
        "gemeente",
        "woonplaats",
        "stad",
        "commune",
        "ville",
        "localite",
        "municipality",
        "city",
    ],
    "language": ["taal", "langue", "language"],
    "is_volunteer": ["vrijwilliger", "benevole", "volunteer", "isvolunteer"],
    "notes": ["notities", "opmerkingen", "opmerking", "notes", "remarques", "remarks", "comments"],
}
FIELDS = tuple(SYNONYMS)
YES = {"1", "ja", "j", "yes", "y", "oui", "o", "x", "true", "waar", "vrai"}
NO = {"", "0", "nee", "n", "no", "non", "false", "onwaar", "faux"}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-.'/]+", "", text.lower())


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five bytes undefined: such a file is neither of the encodings we accept.
    raise ValidationError(_("The file's characters cannot be read: save it as CSV UTF-8 or as XLSX."))


def _rows_from_csv(raw: bytes) -> list[list[str]]:
    text = _decode(raw)
    if "\x00" in text:
        raise ValidationError(_("This file is not a list (CSV or XLSX)."))
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(SEPARATORS, key=first.count)
    if first.count(delimiter) == 0:
        raise ValidationError(_("The list has only one column: use ; , or tab between columns."))
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _rows_from_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure means "not a workbook"
        raise ValidationError(_("The spreadsheet cannot be opened.")) from exc
    try:
        rows = []
        for r in wb.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell(v) for v in r])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        wb.close()


def read_list(raw: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Headers and (line number, cells) of each non-empty data row; the line number is the one a
    spreadsheet shows (headers on line 1). Refuses empty files and files over MAX_ROWS rows."""
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or raw[:2] == b"PK"
    rows = _rows_from_xlsx(raw) if is_xlsx else _rows_from_csv(raw)
    numbered = [(i, [c.strip() for c in r]) for i, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    if len(numbered) < 2:
        raise ValidationError(_("The list is empty: it has no rows below the column headings."))
    if len(numbered) - 1 > MAX_ROWS:
        raise ValidationError(
            _("The list has more than %(max)s rows: split it into smaller files.") % {"max": MAX_ROWS}
        )
    headers = numbered[0][1]
    return headers, numbered[1:]


def signature(headers: list[str]) -> str:
    """What identifies 'the same list layout' to remember its mapping."""
    return hashlib.sha256("\x1f".join(_norm(h) for h in headers).encode()).hexdigest()


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Target field -> column index, from header names; each column is used at most once, and an
    exact synonym beats a header that only starts with one (e.g. 'naam' vs 'voornaam')."""
    mapping: dict[str, int] = {}
    used: set[int] = set()
    normed = [_norm(h) for h in headers]
    for exact in (True, False):
        for field, words in SYNONYMS.items():
            if field in mapping:
                continue
            for i, h in enumerate(normed):
                if i in used or not h:
                    continue
                if (h in words) if exact else any(h.startswith(w) for w in words if len(w) > 3):
                    mapping[field] = i
                    used.add(i)
                    break
    return mapping


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _checked(field: str, value: str, today: dt.date) -> object:
    """The value of one field, or ValueError with a translated reason."""
    if field == "birth_date":
        try:
            date = _date(value)
        except ValueError:
            raise ValueError(_("'%(value)s' is not a date (use dd/mm/yyyy).") % {"value": value}) from None
        if not dt.date(1900, 1, 1) <= date <= today:
            raise ValueError(_("The birth date %(value)s is not possible.") % {"value": value})
        return date
    if field == "birth_year":
        if not value.isdigit() or not 1900 <= int(value) <= today.year:
            raise ValueError(_("'%(value)s' is not a birth year.") % {"value": value})
        return int(value)
    if field == "is_volunteer":
        if _norm(value) in YES:
            return True
        if _norm(value) in NO:
            return False
        raise ValueError(_("'%(value)s' is not yes or no.") % {"value": value})
    return value


def parse_row(
    cells: list[str], mapping: dict[str, int], today: dt.date | None = None
) -> tuple[dict, list[str]]:
    """The mapped values of one row and the reasons it cannot be imported (empty when it can)."""
    today = today or dt.date.today()
    values: dict[str, object] = {}
    errors: list[str] = []
    for field, index in mapping.items():
        raw = cells[index].strip() if index < len(cells) else ""
        if not raw:
            continue
        try:
            values[field] = _checked(field, raw, today)
        except ValueError as exc:
            errors.append(str(exc))
    if not values.get("first_name") and not values.get("last_name"):
        errors.insert(0, _("The row has no name."))
    return values, errors


def read_upload(source, name: str = "") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """`read_list` for an upload (UploadedFile, binary file or bytes), after the size limit of the
    "people_list" kind and the ZIP guard (an XLSX is a ZIP) are checked, before any parsing."""
    uploads.check_upload(uploads.PEOPLE_LIST, source, name)
    name = name or getattr(source, "name", "") or ""
    raw = bytes(source) if isinstance(source, bytes | bytearray | memoryview) else source.read()
    return read_list(raw, name)
