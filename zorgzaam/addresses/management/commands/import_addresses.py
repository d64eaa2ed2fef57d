"""`zorgzaam import_addresses FILE [--municipality NIS ...]`: the platform administrator loads the BeST
address register (FPS BOSA "openaddress" CSV, or the ZIP holding it) from the command line. One
transaction: a file with an error imports nothing. Afterwards people are placed again (report)."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zorgzaam.addresses import services
from zorgzaam.core import uploads
from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import services as sector_services
from zorgzaam.sectors.models import ImportJob


class Command(BaseCommand):
    help = (
        "Import the Belgian address register (BeST openaddress CSV or ZIP). Re-importing updates it; "
        "addresses no longer in the file are removed. A file with an error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the openaddress CSV, or the ZIP holding it")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="NIS",
            help="only this municipality (NIS code); repeat for more",
        )
        parser.add_argument(
            "--no-placements", action="store_true", help="do not place people again afterwards"
        )

    def handle(self, path, municipality, no_placements, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        bad = [m for m in municipality if not (m.isascii() and m.isdigit() and len(m) == 5)]
        if bad:
            raise CommandError(f"A NIS code has five digits: {', '.join(bad)}")
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.ADDRESSES, params={"municipalities": municipality, "source": file.name}
        )
        sector_services.start_job(job)
        started = time.monotonic()
        try:
            counts = services.import_file(
                system_actor(),
                file,
                kind=uploads.ADDRESSES_COMMAND,
                municipalities=municipality,
                job=job,
                replace_people=not no_placements,
            )
        except ValidationError as exc:
            errors = sector_services.job_messages(exc)
            sector_services.finish_job(job, ok=False, errors=errors)
            raise CommandError("Nothing was imported.\n" + "\n".join(f"  - {e}" for e in errors)) from None
        except Exception as exc:
            sector_services.finish_job(job, ok=False, errors=[str(exc)])
            raise
        sector_services.finish_job(job, ok=True, counts=counts, message=services.summary(counts))
        self.stdout.write(
            self.style.SUCCESS(f"{services.summary(counts)} ({time.monotonic() - started:.1f} s)")
        )
        for label, n in sector_services.labelled_counts(counts):
            self.stdout.write(f"  {label}: {n}")
