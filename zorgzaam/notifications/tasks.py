from huey.contrib.djhuey import db_task

from zorgzaam.core.workers import exclusive
from zorgzaam.notifications import services


@db_task(retries=3, retry_delay=60)
# Two workers must not both send it: only one at a time, and a sent one is not sent again.
@exclusive(lambda notification_id: f"notification-email:{notification_id}")
def send_notification_email(notification_id: int) -> bool:
    return services.deliver_email(notification_id)
