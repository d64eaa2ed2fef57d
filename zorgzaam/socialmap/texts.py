"""The social map's notification kinds, rendered for the reader (core.texts); registered at start-up
from SocialmapConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.core.texts import NOTIFICATIONS


def _decided(params) -> str:
    if params.get("approved"):
        return _("Your request to keep a social map entry up to date was approved")
    return _("Your request to keep a social map entry up to date was declined")


def register() -> None:
    n = NOTIFICATIONS.register
    n(
        "socialmap.claim",
        _("Someone asks to keep a social map entry up to date"),
        "%(org)s",
        url_name="socialmap:claims",
        sample={"org": "OCMW Gent"},
    )
    n(
        "socialmap.claim_decided",
        _decided,
        "%(org)s",
        url_name="socialmap:list",
        sample={"org": "OCMW Gent", "approved": True},
    )
    n(
        "socialmap.outdated",
        _("Please check your entries on the social map"),
        "%(org)s: %(services)s",
        url_name="socialmap:organisation",
        url_args=("organisation",),
        sample={"organisation": 1, "org": "OCMW Gent", "services": "Sociale kruidenier"},
    )
