from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


def _unread_badge(request, actor) -> dict:
    from zorgzaam.notifications.services import unread_count  # models load after the app registry

    return {"unread_notifications": unread_count(request.user)}


class NotificationsConfig(DomainAppConfig):
    name = "zorgzaam.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    requires = ("accounts", "networks", "people")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.notifications.services import erase_person

        registry.register_erasure(erase_person, covers=["notifications.Notification"])
        registry.register_context(_unread_badge)
        from zorgzaam.core.merging import Move, mover

        registry.register_merge(*mover(Move("notifications.Notification.about")))
