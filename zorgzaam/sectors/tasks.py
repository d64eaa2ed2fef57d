"""Background work: long imports and recomputing placements, each followed through an ImportJob."""

from huey.contrib.djhuey import db_task

from zorgzaam.sectors.models import ImportJob


@db_task()
def recompute_placements(job_id: int) -> None:
    from zorgzaam.sectors import services

    job = ImportJob.objects.filter(pk=job_id).select_related("network").first()
    if job is not None:
        services.run_placement_job(job)


@db_task()
def run_import(job_id: int) -> None:
    from zorgzaam.sectors import services

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        services.run_import_job(job)


@db_task()
def place_person(person_id: int) -> None:
    from zorgzaam.people.models import Person
    from zorgzaam.sectors import services

    person = Person.objects.filter(pk=person_id).select_related("network").first()
    if person is not None:
        services.place_person(person)


@db_task()
def recompute_network(network_id: int) -> None:
    from zorgzaam.networks.models import Network
    from zorgzaam.sectors import services

    network = Network.objects.filter(pk=network_id).first()
    if network is not None:
        job = ImportJob.objects.create(kind=ImportJob.Kind.PLACEMENTS, network=network)
        services.run_placement_job(job)
