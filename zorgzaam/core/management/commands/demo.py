from django.core.management import call_command
from django.core.management.base import BaseCommand

from zorgzaam.core.demo import run_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo network with realistic data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, seed, no_migrate, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        self.stdout.write("Building the demo...")
        run_demo(stdout=self.stdout, seed=seed)
        self.stdout.write(self.style.SUCCESS("Demo ready. Logins are listed in the README."))
