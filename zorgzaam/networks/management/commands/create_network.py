from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zorgzaam.networks.models import Network
from zorgzaam.people.models import Person, Role, RoleAssignment


class Command(BaseCommand):
    help = "Create a network and make an existing user its first coordinator (for a new installation)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("slug")
        parser.add_argument("--coordinator", required=True, help="user name of an existing account")
        parser.add_argument("--municipality", default="")
        parser.add_argument("--nis-code", default="")

    @transaction.atomic
    def handle(self, name, slug, coordinator, municipality, nis_code, **options):
        user = get_user_model().objects.filter(username=coordinator).first()
        if user is None:
            raise CommandError(f"No user {coordinator!r}; create it first with `zorgzaam createsuperuser`.")
        network, created = Network.objects.get_or_create(
            slug=slug, defaults={"name": name, "municipality": municipality, "nis_code": nis_code}
        )
        person, _ = Person.objects.get_or_create(
            network=network,
            user=user,
            defaults={
                "first_name": user.first_name or user.username,
                "last_name": user.last_name,
                "email": user.email,
            },
        )
        RoleAssignment.objects.get_or_create(person=person, role=Role.COORDINATOR, area=None, active=True)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} network {network.slug}; {user.username} is coordinator.")
        )
