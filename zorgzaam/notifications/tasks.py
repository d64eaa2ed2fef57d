from huey.contrib.djhuey import db_task

from zorgzaam.notifications import services


@db_task(retries=3, retry_delay=60)
def send_notification_email(notification_id: int) -> bool:
    return services.deliver_email(notification_id)
