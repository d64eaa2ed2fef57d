"""Interrupted imports (a killed worker or command) never leave a half-written layer behind, and a
queued import says when no background worker has picked it up."""

import datetime as dt
import io
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from zorgzaam.sectors import jobs, services, tasks
from zorgzaam.sectors.models import ImportJob, Sector, SectorSet
from zorgzaam.sectors.services import layers
from zorgzaam.sectors.testing import grid_boxes, write_layer

CODES = [f"41999A{i:02d}-" for i in range(12)]
INTERRUPTED = "The import was interrupted; please start again."


class Killed(BaseException):
    """What kill -9 does to the import: it stops dead, no `except Exception` handler runs."""


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _kill_after_first_batch(monkeypatch) -> None:
    real_write = layers._write_batch
    written = []

    def write(table, batch):
        if written:
            raise Killed
        written.append(len(batch))
        return real_write(table, batch)

    monkeypatch.setattr(layers, "_write_batch", write)


def _crash_mid_import(monkeypatch, admin, actor_of, tmp_path, after: int = 4) -> ImportJob:
    """Run a web import in the worker and kill it after `after` of 12 sectors are committed: the
    batches written so far stay (each in its own transaction), the clean-up on failure never runs."""
    path = write_layer(tmp_path / "s", grid_boxes(4, 3), CODES)
    monkeypatch.setattr(layers, "WRITE_BATCH", after)
    monkeypatch.setattr(layers, "_discard_layer", lambda sset: None)  # a killed process cleans nothing
    _kill_after_first_batch(monkeypatch)
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.SECTORS,
        created_by=admin,
        file_path=str(path),
        params={"reference_year": 2025, "name": "", "source": "s.geojson"},
    )
    with pytest.raises(Killed):
        tasks.run_import.call_local(job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_killed_import_is_cleaned_when_the_worker_starts(
    sector_set, admin, actor_of, tmp_path, monkeypatch, client_of
):
    job = _crash_mid_import(monkeypatch, admin, actor_of, tmp_path)
    # What the killed process left: a running job and 4 of 12 sectors of an incomplete layer.
    partial = SectorSet.objects.get(complete=False)
    assert job.status == "running" and job.sector_set == partial and job.worker and job.heartbeat_at
    assert Sector.objects.filter(sector_set=partial).count() == 4
    assert services.current_sector_set() == sector_set  # never used meanwhile
    # The worker comes back: a new process (here: the same pid, as in a restarted container).
    monkeypatch.setattr(jobs, "PROCESS_TOKEN", "a-new-process")
    tasks.recover_on_startup()
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at and job.errors == [INTERRUPTED]
    assert not SectorSet.objects.filter(complete=False).exists()
    assert Sector.objects.exclude(sector_set=sector_set).count() == 0
    assert services.current_sector_set() == sector_set
    # The job page says what happened, in the admin's language.
    page = client_of(admin).get(reverse("sectors:job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    html = page.content.decode()
    assert "onderbroken" in html and "every 1s" not in html
    # Starting again works.
    path = write_layer(tmp_path / "again", grid_boxes(4, 3), CODES)
    again = services.import_sector_file(actor_of(admin), path, reference_year=2025)
    assert again.complete and services.current_sector_set() == again


@pytest.mark.django_db
def test_a_live_import_is_left_alone(sector_set, admin, actor_of, tmp_path, monkeypatch):
    job = _crash_mid_import(monkeypatch, admin, actor_of, tmp_path)
    # Same process token: the import is still running in this very process (another worker thread).
    tasks.recover_on_startup()
    job.refresh_from_db()
    assert job.status == "running" and SectorSet.objects.filter(complete=False).count() == 1
    # Another host with a fresh heartbeat: alive as far as anyone here can tell.
    ImportJob.objects.filter(pk=job.pk).update(worker="elsewhere:1234:x")
    assert jobs.recover_interrupted() == {"jobs": 0, "layers": 0}
    # Another host, heartbeat older than the limit: interrupted (the periodic task does this).
    old = timezone.now() - dt.timedelta(seconds=jobs.stale_after() + 5)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=old)
    tasks.worker_heartbeat.call_local()
    job.refresh_from_db()
    assert job.status == "failed" and job.errors == [INTERRUPTED]
    assert not SectorSet.objects.filter(complete=False).exists()


@pytest.mark.django_db
def test_dead_process_on_this_host_and_the_command(sector_set, admin, actor_of, tmp_path, monkeypatch):
    job = _crash_mid_import(monkeypatch, admin, actor_of, tmp_path)
    ImportJob.objects.filter(pk=job.pk).update(worker=f"{jobs.HOST}:{_dead_pid()}:old")
    # A layer left by an import from before jobs had a heartbeat, long ago: also removed.
    orphan = SectorSet.objects.create(reference_year=2026, complete=False)
    SectorSet.objects.filter(pk=orphan.pk).update(imported_at=timezone.now() - dt.timedelta(days=1))
    out = io.StringIO()
    call_command("recover_imports", stdout=out)
    assert "1 interrupted import marked as failed, 2 incomplete layers removed." in out.getvalue()
    job.refresh_from_db()
    assert job.status == "failed" and job.errors == [INTERRUPTED]
    assert list(SectorSet.objects.all()) == [sector_set]


@pytest.mark.django_db
def test_killed_command_import_is_cleaned(sector_set, tmp_path, monkeypatch):
    """The command-line import follows a job too, so a killed command is found and cleaned."""
    path = write_layer(tmp_path / "s", grid_boxes(4, 3), CODES)
    monkeypatch.setattr(layers, "WRITE_BATCH", 5)
    monkeypatch.setattr(layers, "_discard_layer", lambda sset: None)
    _kill_after_first_batch(monkeypatch)
    with pytest.raises(Killed):
        call_command("import_sectors", str(path), "--year", "2025", stdout=io.StringIO())
    monkeypatch.undo()
    job = ImportJob.objects.get(kind="sectors")
    assert job.status == "running" and Sector.objects.filter(sector_set__complete=False).count() == 5
    ImportJob.objects.filter(pk=job.pk).update(worker=f"{jobs.HOST}:{_dead_pid()}:old")
    call_command("recover_imports", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == "failed" and list(SectorSet.objects.all()) == [sector_set]


@pytest.mark.django_db
def test_finished_import_keeps_its_layer(admin, actor_of, tmp_path, django_capture_on_commit_callbacks):
    path = write_layer(tmp_path / "s", grid_boxes(4, 3), CODES)
    upload = SimpleUploadedFile("s.geojson", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_sector_import(actor_of(admin), upload, reference_year=2024)
    job.refresh_from_db()
    assert job.status == "done" and job.sector_set.complete
    monkeypatch_token = "a-new-process"
    jobs.PROCESS_TOKEN, old = monkeypatch_token, jobs.PROCESS_TOKEN
    try:
        assert jobs.recover_interrupted() == {"jobs": 0, "layers": 0}
    finally:
        jobs.PROCESS_TOKEN = old
    assert SectorSet.objects.get().complete and ImportJob.objects.get(pk=job.pk).status == "done"


# --- waiting for the background worker ------------------------------------------------------------


WAITING = "Waiting for the background worker"


@pytest.fixture
def pending_job(admin, actor_of, tmp_path):
    """A web import queued while no worker runs (the task is never executed)."""
    path = write_layer(tmp_path / "s", grid_boxes(2, 2), CODES[:4])
    return services.start_sector_import(
        actor_of(admin), SimpleUploadedFile("s.geojson", path.read_bytes()), reference_year=2024
    )


@pytest.mark.django_db
def test_pending_job_without_worker_says_so(pending_job, admin, client_of):
    from django.core.cache import cache

    cache.delete(jobs.WORKER_KEY)
    c = client_of(admin)
    url = reverse("sectors:job", args=[pending_job.pk])
    html = c.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert WAITING in html and "every 1s" in html  # keeps looking
    nl = c.get(url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Wachten op de achtergrondverwerking" in nl
    assert c.get(f"/api/sectors/jobs/{pending_job.pk}").json()["waiting_for_worker"] is True
    # A worker beats: a job just queued is simply waiting its turn.
    tasks.worker_heartbeat.call_local()
    assert WAITING not in c.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert c.get(f"/api/sectors/jobs/{pending_job.pk}").json()["waiting_for_worker"] is False
    # ... but not picked up after a while: say so.
    old = timezone.now() - dt.timedelta(seconds=jobs.PICKUP_SECONDS + 1)
    ImportJob.objects.filter(pk=pending_job.pk).update(created_at=old)
    assert WAITING in c.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # An old heartbeat is no heartbeat.
    ImportJob.objects.filter(pk=pending_job.pk).update(created_at=timezone.now())
    cache.set(
        jobs.WORKER_KEY, (timezone.now() - dt.timedelta(seconds=jobs.WORKER_FRESH_SECONDS + 1)).timestamp()
    )
    assert WAITING in c.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_worker_beats_on_start_and_on_each_task(pending_job):
    from django.core.cache import cache

    cache.delete(jobs.WORKER_KEY)
    tasks.recover_on_startup()
    assert jobs.worker_seen_recently()
    cache.delete(jobs.WORKER_KEY)
    tasks.run_import(pending_job.pk)  # immediate mode in tests: runs like the worker would
    assert jobs.worker_seen_recently()
    pending_job.refresh_from_db()
    assert pending_job.status == "done"


def test_demo_still_starts_the_worker():
    from pathlib import Path

    from django.conf import settings

    script = (Path(settings.BASE_DIR) / "scripts" / "demo.sh").read_text()
    assert "run_huey" in script
