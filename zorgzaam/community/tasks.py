"""Keep the rolling window of dates filled: every night, each active activity gets its dates up to the
horizon (HORIZON_DAYS ahead), so a weekly activity never runs out of dates to register for."""

from huey import crontab

from zorgzaam.community.models import Activity
from zorgzaam.community.services import sync_occurrences
from zorgzaam.core.workers import periodic_task


def sync_all() -> int:
    created = 0
    for activity in Activity.objects.filter(active=True).exclude(rrule=""):
        created += sync_occurrences(activity)
    return created


@periodic_task(crontab(hour="2", minute="40"))
def nightly_sync_occurrences():
    return sync_all()
