from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.core.texts import NOTIFICATIONS, Rendered


class Notification(models.Model):
    """An in-app notice for one user; optionally also e-mailed.

    Stored as a kind registered in core.texts.NOTIFICATIONS plus parameters; title, text and link are
    rendered in the reader's language when shown or mailed. title/body/url are LEGACY: only rows
    written before kinds were registered have them (shown as stored); new rows leave them empty."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    network = models.ForeignKey("networks.Network", null=True, blank=True, on_delete=models.CASCADE)
    # The person the text names (if any), so that erasing them also wipes notices sent to others.
    about = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)  # legacy, see above
    body = models.TextField(_("message"), blank=True)  # legacy
    url = models.CharField(max_length=300, blank=True)  # legacy
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def rendered(self, language: str | None = None) -> Rendered:
        """Title, text and link in `language` (default: the active one, the reader's in a request)."""
        if self.title or self.kind not in NOTIFICATIONS:
            return Rendered(self.title, self.body, self.url)  # legacy row with stored text
        text = NOTIFICATIONS.render(self.kind, self.params, language)
        return Rendered(text.title, text.body, text.url or self.url)
