"""The one way services refuse: every domain's permission checks end here, so the message (and the
API's 403) is the same everywhere and never says whether the object exists."""

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def deny(message: str | None = None) -> NoReturn:
    """Refuse. The default message never says whether the object exists; a rule that the actor may
    know about (a survey that is closed) may say why."""
    raise PermissionDenied(message or _("You do not have access to this."))


def require(allowed: bool) -> None:
    if not allowed:
        deny()
