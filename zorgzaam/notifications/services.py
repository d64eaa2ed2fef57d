"""In-app notifications and e-mail. Texts are rendered in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from zorgzaam.core.links import absolute_url
from zorgzaam.notifications.models import Notification


def notify(
    user, *, kind: str, title, body="", url: str = "", network=None, email: bool = True
) -> Notification | None:
    """Store a notification for `user` (title/body may be lazy translations) and queue the e-mail."""
    if user is None or not user.is_active:
        return None
    lang = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(lang):
        n = Notification.objects.create(
            recipient=user, network=network, kind=kind, title=str(title)[:200], body=str(body), url=url
        )
    if email and user.email:
        from zorgzaam.notifications.tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email(n.pk))
    return n


def deliver_email(notification_id: int) -> bool:
    n = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if n is None:
        return False
    body = n.body
    if n.url:
        body = f"{body}\n\n{absolute_url(n.url)}"
    send_mail(n.title, body, settings.DEFAULT_FROM_EMAIL, [n.recipient.email], fail_silently=False)
    Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
    return True


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def for_user(user):
    return Notification.objects.filter(recipient=user)


def mark_read(user, notification_id=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
