import csv

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import indicators, services
from zorgzaam.sectors.models import ImportJob, ImportSource, Indicator, IndicatorValue

HEADERS = ["CD_SECTOR", "CD_YEAR", "POP", "MS_65_PLUS", "INCOME"]
MAPPING = {
    "CD_SECTOR": ("sector", ""),
    "CD_YEAR": ("year", ""),
    "POP": ("value", "population_total"),
    "MS_65_PLUS": ("value", "population_65_plus"),
    "INCOME": ("value", "median_taxable_income"),
}
ROWS = [
    ["41999A00-", "2024", "120", "30", "21500,50"],
    ["41999a01-", "2024", "1250", "4", "19 800"],
    ["41999A02-", "2024", "80", "", "23000.5"],
]


def write(tmp_path, fmt, headers=HEADERS, rows=ROWS):
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.append(headers)
        for r in rows:
            ws.append(
                [
                    float(c)
                    if c.replace(".", "", 1).isdigit() and "." in c
                    else (int(c) if c.isdigit() else c)
                    for c in r
                ]
            )
        path = tmp_path / "table.xlsx"
        wb.save(path)
        return path
    delimiter = {"csv-semicolon": ";", "csv-comma": ",", "txt": "|"}[fmt]
    path = tmp_path / ("table.txt" if fmt == "txt" else "table.csv")
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(headers)
        w.writerows(rows)
    return path


def values():
    return {
        (v.indicator.code, v.sector_code, v.year): v.value
        for v in IndicatorValue.objects.select_related("indicator")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv-semicolon", "csv-comma", "txt", "xlsx"])
def test_import_each_table_format(sector_set, tmp_path, fmt):
    rows = ROWS if fmt != "csv-comma" else [[c.replace(",", ".") for c in r] for r in ROWS]
    if fmt == "xlsx":
        rows = [
            ["41999A00-", "2024", "120", "30", "21500.5"],
            ["41999A01-", "2024", "1250", "4", "19800"],
            ["41999A02-", "2024", "80", "", "23000.5"],
        ]
    path = write(tmp_path, fmt, rows=rows)
    counts = indicators.import_table(system_actor(), path, mapping=MAPPING, filename=path.name)
    assert counts == {"rows": 3, "values": 8, "indicators": 3}
    got = values()
    assert got[("population_total", "41999A01-", 2024)] == 1250
    assert got[("population_65_plus", "41999A00-", 2024)] == 30
    assert ("population_65_plus", "41999A02-", 2024) not in got  # empty cell: no value
    assert got[("median_taxable_income", "41999A00-", 2024)] == 21500.5
    assert got[("median_taxable_income", "41999A01-", 2024)] == 19800


@pytest.mark.django_db
def test_mapping_is_remembered_by_headers(sector_set, tmp_path):
    headers = ["cd_sector", "jaar", "Inwoners"]
    guessed, source = indicators.suggest_mapping(headers)
    assert source is None and guessed["cd_sector"] == ("sector", "") and guessed["jaar"] == ("year", "")
    assert guessed["Inwoners"] == ("ignore", "")
    path = write(tmp_path, "csv-semicolon", headers, [["41999A00-", "2025", "99"]])
    mapping = {"cd_sector": ("sector", ""), "jaar": ("year", ""), "Inwoners": ("value", "population_total")}
    indicators.import_table(system_actor(), path, mapping=mapping, source_name="Gemeentelijke cijfers")
    again, source = indicators.suggest_mapping(headers)
    assert source.name == "Gemeentelijke cijfers" and again == mapping
    # Another column order is another kind of file.
    assert indicators.suggest_mapping(list(reversed(headers)))[1] is None
    assert ImportSource.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_row,word",
    [
        (["41999Z99-", "2024", "5", "1", "1"], "unknown sector code"),
        (["41999A03-", "2024", "veel", "1", "1"], "not a number"),
        (["41999A00-", "2024", "7", "1", "1"], "second value"),
        (["41999A03-", "twintig", "7", "1", "1"], "not a year"),
    ],
)
def test_bad_rows_change_nothing(sector_set, tmp_path, bad_row, word):
    first = write(tmp_path, "csv-semicolon")
    indicators.import_table(system_actor(), first, mapping=MAPPING)
    before = values()
    rows = [["41999A00-", "2024", "999", "31", "1"], ["41999A05-", "2024", "10", "2", "3"], bad_row]
    path = write(tmp_path, "csv-semicolon", rows=rows)
    with pytest.raises(ValidationError) as exc:
        indicators.import_table(system_actor(), path, mapping=MAPPING)
    text = " ".join(exc.value.messages)
    assert word in text and "Row 4" in text
    assert values() == before


@pytest.mark.django_db
def test_bad_mapping_and_unreadable_tables(sector_set, tmp_path):
    path = write(tmp_path, "csv-semicolon")
    for mapping in (
        {"CD_YEAR": ("year", ""), "POP": ("value", "population_total")},
        {"CD_SECTOR": ("sector", ""), "POP": ("value", "population_total")},
        {"CD_SECTOR": ("sector", ""), "CD_YEAR": ("year", "")},
        {"CD_SECTOR": ("sector", ""), "CD_YEAR": ("year", ""), "POP": ("value", "no_such_indicator")},
        {
            "CD_SECTOR": ("sector", ""),
            "CD_YEAR": ("year", ""),
            "POP": ("value", "population_total"),
            "MS_65_PLUS": ("value", "population_total"),
        },
    ):
        with pytest.raises(ValidationError):
            indicators.import_table(system_actor(), path, mapping=mapping)
    one_column = tmp_path / "one.csv"
    one_column.write_text("hello\nworld\n")
    fake_xlsx = tmp_path / "fake.xlsx"
    fake_xlsx.write_bytes(b"PK nope")
    for p in (one_column, fake_xlsx):
        with pytest.raises(ValidationError):
            indicators.import_table(system_actor(), p, mapping=MAPPING)
    assert IndicatorValue.objects.count() == 0


@pytest.mark.django_db
def test_default_year_and_rate_parts(sector_set, tmp_path):
    headers = ["sector", "foreign", "total"]
    path = write(tmp_path, "csv-comma", headers, [["41999A00-", "10", "200"], ["41999A01-", "30", "200"]])
    mapping = {
        "sector": ("sector", ""),
        "foreign": ("numerator", "share_non_belgian_origin"),
        "total": ("denominator", "share_non_belgian_origin"),
    }
    with pytest.raises(ValidationError):
        indicators.import_table(system_actor(), path, mapping=mapping)
    indicators.import_table(system_actor(), path, mapping=mapping, default_year=2025)
    assert values()[("share_non_belgian_origin", "41999A00-", 2025)] == pytest.approx(5.0)
    assert services.aggregate("share_non_belgian_origin", ["41999A00-", "41999A01-"]).value == pytest.approx(
        10.0
    )


@pytest.mark.django_db
def test_reimport_replaces_values(sector_set, tmp_path):
    indicators.import_table(system_actor(), write(tmp_path, "csv-semicolon"), mapping=MAPPING)
    rows = [["41999A00-", "2024", "125", "", ""]]
    indicators.import_table(system_actor(), write(tmp_path, "csv-semicolon", rows=rows), mapping=MAPPING)
    assert values()[("population_total", "41999A00-", 2024)] == 125
    assert IndicatorValue.objects.filter(indicator__code="population_total").count() == 3


@pytest.mark.django_db
def test_only_the_platform_admin_imports_tables(sector_set, tmp_path, users, actor_of, admin):
    """Indicator values are shared by every network (no network column): platform admin only."""
    path = write(tmp_path, "csv-semicolon")
    for role in ("coordinator", "professional", "policy", "volunteer", "partner", "resident", "outsider"):
        with pytest.raises(PermissionDenied):
            indicators.import_table(actor_of(users[role]), path, mapping=MAPPING)
        with pytest.raises(PermissionDenied):
            services.start_indicator_import(
                actor_of(users[role]),
                str(path),
                filename="t.csv",
                mapping=MAPPING,
                default_year=None,
                source_name="x",
            )
    assert IndicatorValue.objects.count() == 0 and ImportSource.objects.count() == 0
    assert not ImportJob.objects.exists()
    indicators.import_table(actor_of(admin), path, mapping=MAPPING)
    assert IndicatorValue.objects.count() == 8


@pytest.mark.django_db
def test_catalogue_rules(users, actor_of, catalogue, admin):
    coord = actor_of(admin)
    with pytest.raises(ValidationError) as exc:
        services.save_indicator(
            coord, code="median_age", name_nl="Mediane leeftijd", kind="median", aggregation="sum"
        )
    assert "aggregation" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.save_indicator(coord, code="share_x", name_nl="Aandeel", kind="rate", aggregation="sum")
    with pytest.raises(ValidationError) as exc:
        services.save_indicator(
            coord,
            code="share_y",
            name_nl="Aandeel",
            kind="rate",
            aggregation="recompute_rate",
            numerator_code="nope",
            denominator_code="population_total",
        )
    assert "numerator_code" in exc.value.message_dict
    assert not Indicator.objects.filter(code__in=["median_age", "share_x", "share_y"]).exists()
    ind = services.save_indicator(
        coord, code="median_age", name_nl="Mediane leeftijd", kind="median", aggregation="none", unit="years"
    )
    assert ind.pk and ind.name == "Mediane leeftijd"
    # The catalogue is shared by every network: a network's coordinator may not change it.
    for role in ("coordinator", "professional"):
        with pytest.raises(PermissionDenied):
            services.save_indicator(actor_of(users[role]), ind, name_nl="x")
        with pytest.raises(PermissionDenied):
            services.save_indicator(actor_of(users[role]), code="mine", name_nl="Mijn cijfer")
    ind.refresh_from_db()
    assert ind.name_nl == "Mediane leeftijd" and not Indicator.objects.filter(code="mine").exists()


@pytest.mark.parametrize(
    "text,value",
    [("1.234,5", 1234.5), ("1,234.5", 1234.5), ("12,5", 12.5), ("1 000", 1000), ("", None), (" 7 ", 7)],
)
def test_parse_number(text, value):
    assert indicators.parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "nan", "1e999", "C"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        indicators.parse_number(text)
