from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zorgzaam.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from zorgzaam.core import registry
        from zorgzaam.notifications.services import erase_person

        registry.register_erasure(erase_person, covers=["notifications.Notification"])
