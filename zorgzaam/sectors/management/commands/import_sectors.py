"""`zorgzaam import_sectors PATH --year YYYY`: the platform administrator imports a sector layer from
the command line (as system work, like the demo). The layer is shared by every network; afterwards
the addresses of every network are placed again."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zorgzaam.core import uploads
from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import services
from zorgzaam.sectors.models import ImportJob


class Command(BaseCommand):
    help = (
        "Import Statbel's statistical sectors (GeoJSON, zipped Shapefile or GeoPackage) as a new "
        "sector layer for every network. A file with an error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the sector file")
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help=(
                "reference year (may be left out when the file name or the code column names it, "
                "e.g. sh_statbel_statistical_sectors_31370_20240101.shp.zip or CS01012024)"
            ),
        )
        parser.add_argument("--name", default="", help="a name for the layer")
        parser.add_argument(
            "--no-placements",
            action="store_true",
            help="do not place every network's addresses again afterwards",
        )

    def handle(self, path, year, name, no_placements, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if not file.name.lower().endswith(services.SECTOR_EXTENSIONS):
            raise CommandError("Give a GeoJSON, a zipped Shapefile (.zip) or a GeoPackage (.gpkg).")
        try:  # its own limit (ZORGZAAM_UPLOAD_LIMITS["sectors_command"]), before anything is read
            uploads.check_path(uploads.SECTORS_COMMAND, file)
        except uploads.UploadRefused as exc:
            raise CommandError("Nothing was imported: " + exc.messages[0]) from None

        def progress(percent: int, message: str) -> None:
            self.stdout.write(f"{percent:3d}%  {message}")

        # Followed through a job like a web import, so that if this process is killed its half-written
        # layer is found and removed (recover_imports, or the worker when it starts).
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.SECTORS,
            params={"reference_year": year, "name": name, "source": file.name},
        )
        services.start_job(job)
        try:
            sset = services.import_sector_file(
                system_actor(),
                file,
                reference_year=year,
                name=name,
                source=file.name,
                job=job,
                on_progress=progress,
            )
        except ValidationError as exc:
            errors = services.job_messages(exc)
            services.finish_job(job, ok=False, errors=errors)
            raise CommandError("Nothing was imported.\n" + "\n".join(f"  - {e}" for e in errors)) from None
        except Exception as exc:
            services.finish_job(job, ok=False, errors=[str(exc)])
            raise
        services.finish_job(job, ok=True, message=f"Imported {sset.feature_count} sectors.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported sector layer “{sset.name}” ({sset.reference_year}, {sset.crs_source}): "
                f"{sset.feature_count} sectors."
            )
        )
        # Sectors kept from other municipalities and a replaced layer of the same year (versions.py).
        kept = {k: job.counts[k] for k in ("kept", "replaced") if job.counts.get(k)}
        for label, n in services.labelled_counts({**services.change_summary(sset), **kept}):
            self.stdout.write(f"  {label}: {n}")
        if not no_placements:
            from zorgzaam.networks.models import Network

            for network in Network.objects.order_by("slug"):
                counts = services.assign_points(network)
                self.stdout.write(
                    f"  {network.slug}: {counts['points']} addresses placed, {counts['in_area']} in an area"
                )
