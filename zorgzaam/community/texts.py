"""Community life's notification kinds, rendered for the reader (core.texts); registered at start-up
from CommunityConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.core.texts import NOTIFICATIONS, local_datetime

_OCCURRENCE = {
    "url_name": "community:occurrence_detail",
    "url_args": ("occurrence",),
    "formats": {"when": local_datetime},
}
_SAMPLE = {"occurrence": 1, "activity": "Soepnamiddag", "when": "2026-12-03T14:00:00+00:00"}


def _changed(params) -> str:
    if params.get("cancelled"):
        return _("%(title)s does not take place") % {"title": params["activity"]}
    return _("New time for %(title)s") % {"title": params["activity"]}


def register() -> None:
    n = NOTIFICATIONS.register
    n(
        "community.occurrence_changed",
        _changed,
        "%(when)s",
        sample={**_SAMPLE, "cancelled": True},
        **_OCCURRENCE,
    )
    n(
        "community.promoted",
        _("A place came free for you"),
        "%(activity)s · %(when)s",
        sample=_SAMPLE,
        **_OCCURRENCE,
    )
    n(
        "community.promoted_offline",
        _("Please tell someone a place came free"),
        "%(name)s · %(phone)s · %(activity)s · %(when)s",
        sample={**_SAMPLE, "name": "Maria Peeters", "phone": "0470 12 34 56"},
        **_OCCURRENCE,
    )
