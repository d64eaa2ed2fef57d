"""Outreach's notification kinds, rendered for the reader (core.texts); registered at start-up from
OutreachConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.core.texts import NOTIFICATIONS


def register() -> None:
    NOTIFICATIONS.register(
        "outreach.not_reached",
        _("Not reached twice in a row"),
        _("%(name)s of the check-in circle %(circle)s was not reached twice in a row."),
        url_name="outreach:circle_detail",
        url_args=("circle_id",),
        sample={"circle_id": 1, "name": "Maria", "circle": "Belronde Ledeberg"},
    )
