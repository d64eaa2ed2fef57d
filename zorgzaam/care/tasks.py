from huey import crontab

from zorgzaam.care import batches, services
from zorgzaam.core.workers import periodic_task


@periodic_task(crontab(hour="7", minute="15"))
def remind_quiet_requests() -> int:
    """Every morning: tell owners about open requests where nothing happened for N days."""
    return services.send_reminders()


@periodic_task(crontab(hour="3", minute="35"))
def prune_batch_runs() -> int:
    """Every night: forget idempotency keys of batch assignments older than a week."""
    return batches.prune_runs()
