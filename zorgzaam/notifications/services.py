"""In-app notifications and e-mail. Texts are rendered in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from zorgzaam.core.links import absolute_url
from zorgzaam.core.texts import NOTIFICATIONS, language_of
from zorgzaam.notifications.models import Notification


def notify(
    user, *, kind: str, params: dict | None = None, network=None, email: bool = True, about=None
) -> Notification | None:
    """Store a notification of a registered kind for `user`; its text is rendered when read or mailed,
    in the reader's language. `params`: JSON values the kind's texts and link take.
    `about`: the Person the text names, when it is not the recipient (erasure wipes such texts).
    The queued e-mail task carries only the notification's id: the text stays in one place."""
    if user is None or not user.is_active:
        return None
    NOTIFICATIONS.get(kind)  # refuses an unregistered kind before anything is stored
    n = Notification.objects.create(
        recipient=user, network=network, kind=kind, params=params or {}, about=about
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
    text = n.rendered(language_of(n.recipient))
    body = text.body
    if text.url:
        body = f"{body}\n\n{absolute_url(text.url)}".lstrip()
    send_mail(text.title, body, settings.DEFAULT_FROM_EMAIL, [n.recipient.email], fail_silently=False)
    Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
    return True


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def for_user(user):
    return Notification.objects.filter(recipient=user)


def render_page(notifications) -> list:
    """Attach `text` (title, body, url in the active language: the reader's) to each notification."""
    for n in notifications:
        n.text = n.rendered()
    return notifications


def mark_read(user, notification_id=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def _names_of(person) -> list[str]:
    """What identifies the person in a legacy notification text (stored before `about` and kinds)."""
    values = [person.full_name, f"{person.last_name} {person.first_name}".strip(), person.email, person.phone]
    return [v for v in values if len(v or "") >= 4]


def erase_person(person) -> None:
    """Erasure hook (runs before the person's fields are blanked). Notices sent to their login go, with
    any e-mail still queued for them (the task finds nothing to send); notices to others that name them
    keep their date and link but lose the text: only the link's parameters stay, so the kind renders
    its "about an erased person" fallback."""
    if person.user_id:
        Notification.objects.filter(recipient_id=person.user_id).delete()
    naming = Q(about=person)
    for value in _names_of(person):
        naming |= Q(title__icontains=value) | Q(body__icontains=value)
    about = Notification.objects.filter(naming).filter(
        Q(network=person.network_id) | Q(network__isnull=True, recipient__persons__network=person.network_id)
    )
    for n in about.select_related("recipient").distinct():
        if n.title:  # legacy row: the stored text goes
            with translation.override(language_of(n.recipient)):
                n.title = str(NOTIFICATIONS.fallback)
        n.body = ""
        n.about = None
        link = NOTIFICATIONS.kinds[n.kind].url_args if n.kind in NOTIFICATIONS else ()
        n.params = {k: v for k, v in n.params.items() if k in link}
        n.save(update_fields=["title", "body", "about", "params"])
