from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zorgzaam.care import services


@db_periodic_task(crontab(hour="7", minute="15"))
def remind_quiet_requests() -> int:
    """Every morning: tell owners about open requests where nothing happened for N days."""
    return services.send_reminders()
