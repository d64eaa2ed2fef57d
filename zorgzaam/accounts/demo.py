"""The platform administrator of the demo installation (imports shared reference data such as
statistical sector layers; has no role in a network and so sees no personal data there)."""

from zorgzaam.accounts.models import User
from zorgzaam.core.demo import DEMO_PASSWORD


def build(ctx):
    user, created = User.objects.get_or_create(
        username="beheerder",
        defaults={"first_name": "Platform", "last_name": "Beheerder", "is_superuser": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
