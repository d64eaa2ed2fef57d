"""Reading people lists: separators, encodings, XLSX, header guesses, row checks, caps."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from zorgzaam.people.listimport import parse

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize("sep", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_separators_and_encodings(sep, encoding):
    text = (
        sep.join(["Voornaam", "Familienaam", "Gemeente"]) + "\r\n" + sep.join(["Renée", "Peeters", "Liège"])
    )
    text += "\r\n\r\n" + sep.join(["Jan", "Maes", "Gent"]) + "\r\n"
    headers, rows = parse.read_list(text.encode(encoding), "lijst.csv")
    assert headers == ["Voornaam", "Familienaam", "Gemeente"]
    assert rows == [(2, ["Renée", "Peeters", "Liège"]), (4, ["Jan", "Maes", "Gent"])]


def test_xlsx_with_dates_and_numbers():
    wb = Workbook()
    ws = wb.active
    ws.append(["Prénom", "Nom", "Date de naissance", "Code postal"])
    ws.append(["Zoé", "Dubois", dt.datetime(1950, 3, 4), 1000])
    buf = io.BytesIO()
    wb.save(buf)
    headers, rows = parse.read_list(buf.getvalue(), "liste.xlsx")
    assert headers == ["Prénom", "Nom", "Date de naissance", "Code postal"]
    assert rows == [(2, ["Zoé", "Dubois", "1950-03-04", "1000"])]
    mapping = parse.guess_mapping(headers)
    assert mapping == {"first_name": 0, "last_name": 1, "birth_date": 2, "postcode": 3}


def test_bad_files_are_refused_with_a_reason():
    with pytest.raises(ValidationError):
        parse.read_list(b"naam\r\nJan\r\n", "x.csv")  # one column
    with pytest.raises(ValidationError):
        parse.read_list(b"voornaam;naam\r\n", "x.csv")  # headers only
    with pytest.raises(ValidationError):
        parse.read_list(b"PK\x03\x04 not really a zip", "x.xlsx")
    with pytest.raises(ValidationError, match="characters"):
        parse.read_list(b"voornaam;naam\r\nJ\x81n;Maes\r\n", "x.csv")  # 0x81 is undefined in cp1252


def test_row_cap(monkeypatch):
    monkeypatch.setattr(parse, "MAX_ROWS", 3)
    body = "voornaam;naam\n" + "a;b\n" * 4
    with pytest.raises(ValidationError, match="3"):
        parse.read_list(body.encode(), "x.csv")
    assert len(parse.read_list(("voornaam;naam\n" + "a;b\n" * 3).encode(), "x.csv")[1]) == 3


def test_guess_prefers_exact_names_and_uses_each_column_once():
    headers = [
        "Naam",
        "Voornaam",
        "Straat",
        "Nr",
        "Bus",
        "Postcode",
        "Woonplaats",
        "GSM",
        "E-mail",
        "Vrijwilliger?",
    ]
    assert parse.guess_mapping(headers) == {
        "last_name": 0,
        "first_name": 1,
        "street": 2,
        "house_number": 3,
        "box": 4,
        "postcode": 5,
        "municipality": 6,
        "phone": 7,
        "email": 8,
        "is_volunteer": 9,
    }
    assert parse.guess_mapping(["First name", "Last name", "Unrelated"]) == {"first_name": 0, "last_name": 1}


def test_signature_ignores_case_and_spacing_but_not_order():
    assert parse.signature(["Voornaam", "Naam"]) == parse.signature([" voornaam", "NAAM "])
    assert parse.signature(["Voornaam", "Naam"]) != parse.signature(["Naam", "Voornaam"])


def test_parse_row_values_and_errors():
    mapping = {"first_name": 0, "last_name": 1, "birth_date": 2, "is_volunteer": 3, "birth_year": 4}
    values, errors = parse.parse_row(["An", "Peeters", "04/03/1950", "ja", "1950"], mapping, TODAY)
    assert errors == []
    assert values == {
        "first_name": "An",
        "last_name": "Peeters",
        "birth_date": dt.date(1950, 3, 4),
        "is_volunteer": True,
        "birth_year": 1950,
    }
    values, errors = parse.parse_row(["", "", "31/02/1950", "misschien", "3000"], mapping, TODAY)
    assert len(errors) == 4
    assert "name" in errors[0]
    _, errors = parse.parse_row(["An", "", "01/01/2030"], mapping, TODAY)  # future date, short row
    assert len(errors) == 1


def test_upload_size_limit_is_checked_before_parsing(settings, monkeypatch):
    assert settings.ZORGZAAM_UPLOAD_LIMITS["people_list"] == 20 * 1024 * 1024
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "people_list": 100}
    monkeypatch.setattr(parse, "read_list", lambda *a: pytest.fail("parsed a file over the limit"))
    with pytest.raises(ValidationError) as refused:
        parse.read_upload(b"voornaam;naam\n" + b"a;b\n" * 50, "x.csv")
    assert refused.value.code == "upload_refused"


def test_upload_within_limit_is_read():
    upload = io.BytesIO(b"voornaam;naam\nAn;Peeters\n")
    upload.name = "lijst.csv"
    assert parse.read_upload(upload) == (["voornaam", "naam"], [(2, ["An", "Peeters"])])
