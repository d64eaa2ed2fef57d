from huey import crontab

from zorgzaam.core.workers import periodic_task
from zorgzaam.networks.models import Network
from zorgzaam.socialmap.services import remind_outdated


@periodic_task(crontab(day_of_week="1", hour="7", minute="0"))
def remind_outdated_entries() -> int:
    """Every Monday morning: ask editors to check entries not verified for over a year."""
    return sum(remind_outdated(network) for network in Network.objects.all())
