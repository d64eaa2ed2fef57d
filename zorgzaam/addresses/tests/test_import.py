"""Reading BeST files: coordinate systems, column order, ZIP, statuses, municipality filter, re-import,
and bad files that change nothing."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from zorgzaam.addresses import placement, services
from zorgzaam.addresses.demo import HEADER
from zorgzaam.addresses.models import Address, Street
from zorgzaam.addresses.tests.conftest import row, sample_rows
from zorgzaam.people.actor import system_actor

pytestmark = pytest.mark.django_db

WITHOUT_WGS = [c for c in HEADER if not c.startswith("EPSG:4326")]
LAMBERT_2008 = ["EPSG:3812_x", "EPSG:3812_y"] + [c for c in WITHOUT_WGS if not c.startswith("EPSG:31370")]


def _import(path, **kw):
    return services.import_file(system_actor(), path, replace_people=False, **kw)


def _point(best_id):
    a = Address.objects.get(best_id=str(best_id))
    return a.latitude, a.longitude


def test_wgs84_file_keeps_current_and_proposed_only(write):
    rows = sample_rows() + [row(8, "Kerkstraat", 24, 50.9203, 4.0203, status="proposed")]
    counts = _import(write(rows))
    assert set(Address.objects.values_list("best_id", flat=True)) == {"1", "2", "3", "4", "5", "7", "8"}
    assert counts["addresses"] == 7 and counts["added"] == 7 and counts["skipped"] == 1  # the retired one
    assert _point(1) == pytest.approx((50.92, 4.02))
    street = Street.objects.get(best_id="s-kp")
    assert (street.name_nl, street.name_fr, street.search) == (
        "Kerkplein",
        "Place de l'Église",
        "kerkplein | place de l eglise",
    )
    assert Address.objects.get(best_id="3").box_norm == "3"


@pytest.mark.parametrize("columns", [WITHOUT_WGS, LAMBERT_2008], ids=["lambert72", "lambert2008"])
def test_lambert_files_are_converted(write, columns):
    _import(write(sample_rows(), columns))
    # Within 1 m (1e-5° is about 1 m) of the WGS84 point the row was made from.
    assert _point(1) == pytest.approx((50.92, 4.02), abs=1e-5)
    assert _point(4) == pytest.approx((50.93, 4.07), abs=1e-5)


def test_headers_in_any_order_and_semicolons(write):
    columns = HEADER[:]
    random.Random(3).shuffle(columns)
    text = write(sample_rows(), columns).read_text().replace(",", ";")
    counts = _import(write([], raw=text.encode()))
    assert counts["addresses"] == 6


def test_zip_holding_the_csv(write):
    counts = _import(write(sample_rows(), zip_name="openaddress-bevlg.zip"))
    assert counts["addresses"] == 6


def test_municipality_filter(write):
    counts = _import(write(sample_rows()), municipalities=["44021"])
    assert list(Address.objects.values_list("best_id", flat=True)) == ["7"]
    assert counts["skipped"] == 6


def test_current_wins_over_proposed_for_the_same_address(write):
    rows = [
        row(10, "Kerkstraat", 20, 50.93, 4.03, status="proposed"),
        row(11, "Kerkstraat", 20, 50.92, 4.02),
        row(12, "Kerkstraat", 20, 50.94, 4.04, status="proposed"),
    ]
    _import(write(rows))
    found = placement.find(placement.Key("kerkstraat", "20", "", ""), ["41999"])
    assert found.best_id == "11"


def test_reimport_updates_adds_and_removes_only_in_the_files_municipalities(write):
    _import(write(sample_rows()))
    moved = row(1, "Kerkstraat", 20, 50.925, 4.025)
    again = [
        moved,
        row(4, "Kerkplein", 1, 50.93, 4.07, street_id="s-kp", streetname_nl="Kerkplaats"),
        row(9, "Nieuwe", 1, 50.92, 4.03),
    ]
    counts = _import(write(again, name="second.csv"))
    assert _point(1) == pytest.approx((50.925, 4.025))
    assert Street.objects.get(best_id="s-kp").name_nl == "Kerkplaats"
    # Gone from the file (municipality 41999): removed; Gent (not in this file) stays.
    assert set(Address.objects.values_list("best_id", flat=True)) == {"1", "4", "9", "7"}
    assert not Street.objects.filter(best_id="s-Sint-Jozefsplein").exists()
    assert (counts["added"], counts["removed"]) == (1, 3)


def test_duplicate_address_ids_take_the_last_row(write):
    _import(write([row(1, "Kerkstraat", 20, 50.92, 4.02), row(1, "Kerkstraat", 20, 50.93, 4.03)]))
    assert _point(1) == pytest.approx((50.93, 4.03))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda w: w([], raw=b"address_id,house_number\n1,2\n"), "is not a BeST address file"),
        (lambda w: w([], raw=b""), "is empty"),
        (lambda w: w([], raw=w(sample_rows()).read_bytes() + "Sint-Rémi".encode("latin-1")), "not a UTF-8"),
        (lambda w: w([row(1, "Kerkstraat", 20, 50.92, 4.02, **{"EPSG:4326_lat": "north"})]), "not numbers"),
        (lambda w: w([row(1, "Kerkstraat", 20, 48.0, 4.02)]), "not in Belgium"),
        (lambda w: w([row(1, "", 20, 50.92, 4.02)]), "Line 2: an address id"),
        (lambda w: w([row(1, "Kerkstraat", 20, 50.92, 4.02, status="retired")]), "no current or proposed"),
        (lambda w: w([], raw=b"PK\x03\x04 not a zip", name="x.zip"), "ZIP file cannot be opened"),
    ],
    ids=["columns", "empty", "encoding", "coordinate", "outside", "street", "nothing-kept", "bad-zip"],
)
def test_bad_files_change_nothing(write, make, message):
    _import(write(sample_rows(), name="good.csv"))
    before = list(Address.objects.order_by("best_id").values_list("best_id", "latitude", "street_id"))
    with pytest.raises(ValidationError) as err:
        _import(make(write))
    assert message in " ".join(err.value.messages)
    assert list(Address.objects.order_by("best_id").values_list("best_id", "latitude", "street_id")) == before


def test_a_bad_row_late_in_the_file_rolls_everything_back(write):
    rows = sample_rows() + [row(50, "Kerkstraat", 30, 50.92, 4.02, **{"EPSG:4326_lon": "x"})]
    with pytest.raises(ValidationError, match="Line 9"):
        _import(write(rows))
    assert not Address.objects.exists() and not Street.objects.exists()


def test_size_limit_per_kind(write, settings):
    from zorgzaam.core import uploads

    settings.ZORGZAAM_UPLOAD_LIMITS = {**uploads.DEFAULT_UPLOAD_LIMITS, uploads.ADDRESSES_COMMAND: 100}
    with pytest.raises(ValidationError, match="too large"):
        _import(write(sample_rows()))
    assert not Address.objects.exists()


def test_only_the_platform_administrator_imports(write, users, actor_of, admin):
    from django.core.exceptions import PermissionDenied

    path = write(sample_rows())
    for name in ("coordinator", "professional", "resident"):
        with pytest.raises(PermissionDenied):
            services.import_file(actor_of(users[name]), path)
    assert not Address.objects.exists()
    assert services.import_file(actor_of(admin), path)["addresses"] == 6


def test_command(write, capsys):
    call_command("import_addresses", str(write(sample_rows())), "--municipality", "41999")
    assert Address.objects.count() == 5
    assert "Imported 5 addresses" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_addresses", str(write([], raw=b"a,b\n1,2\n", name="bad.csv")))
    with pytest.raises(CommandError, match="five digits"):
        call_command("import_addresses", str(write(sample_rows())), "--municipality", "123")
    assert Address.objects.count() == 5


def test_demo_register_is_generated_from_the_demo_data():
    from zorgzaam.addresses import demo

    assert demo.FILE.read_text(encoding="utf-8") == demo.generate()


def test_an_import_killed_midway_leaves_the_register_as_it_was_and_its_job_failed(write, monkeypatch):
    """A crash inside the transaction (here: while writing) rolls everything back; the job of a process
    that is gone is then marked interrupted by the usual recovery (sectors/jobs.py)."""
    import os
    import subprocess

    from zorgzaam.addresses import load
    from zorgzaam.sectors import jobs
    from zorgzaam.sectors.models import ImportJob

    _import(write(sample_rows(), name="first.csv"))
    before = list(Address.objects.order_by("best_id").values_list("best_id", "latitude"))

    def crash(cur, **kwargs):
        raise KeyboardInterrupt  # what a kill looks like from inside the process

    monkeypatch.setattr(load, "merge", crash)
    with pytest.raises(KeyboardInterrupt):
        _import(write([row(1, "Kerkstraat", 20, 50.95, 4.05)], name="second.csv"))
    assert list(Address.objects.order_by("best_id").values_list("best_id", "latitude")) == before
    dead = subprocess.Popen(["true"])
    dead.wait()
    job = ImportJob.objects.create(kind=ImportJob.Kind.ADDRESSES, status=ImportJob.Status.RUNNING)
    ImportJob.objects.filter(pk=job.pk).update(
        worker=f"{jobs.HOST}:{dead.pid}:x", heartbeat_at=job.created_at
    )
    assert jobs.recover_interrupted()["jobs"] == 1
    job.refresh_from_db()
    assert job.interrupted and os.getpid() != dead.pid
