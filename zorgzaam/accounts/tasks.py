from huey import crontab

from zorgzaam.accounts import throttle
from zorgzaam.core.workers import periodic_task


@periodic_task(crontab(minute="17"))
def prune_login_throttle():
    """Hourly: forget failed-login counters whose window and lock are over."""
    return throttle.prune()
