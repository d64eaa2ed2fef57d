from huey import crontab

from zorgzaam.core.workers import periodic_task
from zorgzaam.networks.models import Network
from zorgzaam.volunteers.services import send_expiry_reminders


@periodic_task(crontab(hour="7", minute="15"))
def safeguarding_expiry_reminders() -> int:
    """Daily: remind volunteers and coordinators before a criminal-record extract, insurance or
    training runs out. Safe to run more than once a day (one reminder per record and threshold)."""
    return sum(send_expiry_reminders(network) for network in Network.objects.all())
