"""Background work: long imports and recomputing placements, each followed through an ImportJob.
Also the worker's start-up hook and heartbeat (see jobs.py): a restarted worker cleans up after the
imports its killed predecessor left, and pages can tell whether any worker is there."""

from huey import crontab
from huey.contrib.djhuey import close_db, db_task, on_startup, signal
from huey.signals import SIGNAL_EXECUTING

from zorgzaam.core.workers import exclusive, periodic_task
from zorgzaam.networks.models import Network
from zorgzaam.people.models import Person
from zorgzaam.sectors import jobs
from zorgzaam.sectors.models import ImportJob


@on_startup()
@close_db
def recover_on_startup() -> None:
    jobs.beat_worker()
    jobs.recover_interrupted()


@periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: the worker is alive; imports silent for too long (another host) are cleaned."""
    jobs.beat_worker()
    jobs.recover_interrupted()


@signal(SIGNAL_EXECUTING)
def _beat_on_task(signal_name, task, *args, **kwargs) -> None:
    jobs.beat_worker()


@db_task()
@exclusive(lambda job_id: f"import-job:{job_id}")
def recompute_placements(job_id: int) -> None:
    from zorgzaam.sectors import services

    job = ImportJob.objects.filter(pk=job_id).select_related("network").first()
    if job is not None:
        services.run_placement_job(job)


@db_task()
@exclusive(lambda job_id: f"import-job:{job_id}")
def run_import(job_id: int) -> None:
    from zorgzaam.sectors import services

    # Only a job still waiting: one already cleaned up as interrupted is not started after all.
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).first()
    if job is not None:
        services.run_import_job(job)


@db_task()
def place_person(person_id: int) -> None:
    from zorgzaam.sectors import services

    person = Person.objects.filter(pk=person_id).select_related("network").first()
    if person is not None:
        services.place_person(person)


@db_task()
def recompute_network(network_id: int) -> None:
    from zorgzaam.sectors import services

    network = Network.objects.filter(pk=network_id).first()
    if network is not None:
        job = ImportJob.objects.create(kind=ImportJob.Kind.PLACEMENTS, network=network)
        services.run_placement_job(job)
