from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zorgzaam.accounts import throttle


@db_periodic_task(crontab(minute="17"))
def prune_login_throttle():
    """Hourly: forget failed-login counters whose window and lock are over."""
    return throttle.prune()
