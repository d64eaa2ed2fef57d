from huey import crontab

from zorgzaam.core.workers import periodic_task
from zorgzaam.networks.models import Network
from zorgzaam.people import services


@periodic_task(crontab(hour="3", minute="15"))
def apply_retention_everywhere() -> int:
    """Nightly: erase (anonymise) residents past their network's retention period."""
    return sum(services.apply_retention(n) for n in Network.objects.filter(retention_months__isnull=False))
