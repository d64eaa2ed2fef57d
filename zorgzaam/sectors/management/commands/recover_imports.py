"""`zorgzaam recover_imports`: clean up after imports whose process was killed (the worker also does
this when it starts and every minute). Interrupted jobs are marked failed with the reason, and
half-written sector layers are removed; a live import is left alone."""

from django.core.management.base import BaseCommand

from zorgzaam.sectors import jobs


class Command(BaseCommand):
    help = (
        "Mark imports whose process is gone (or silent for too long) as failed and remove the "
        "incomplete sector layers they left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=int,
            default=None,
            help=f"seconds without a heartbeat after which a running import counts as interrupted "
            f"(default {jobs.stale_after()}); 0 when you know no import is running anywhere",
        )

    def handle(self, stale_after, **options):
        done = jobs.recover_interrupted(stale_after)
        self.stdout.write(
            f"{done['jobs']} interrupted import{'s' if done['jobs'] != 1 else ''} marked as failed, "
            f"{done['layers']} incomplete layer{'s' if done['layers'] != 1 else ''} removed."
        )
