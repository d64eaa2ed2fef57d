"""The time bank's notification kinds, rendered for the reader (core.texts); registered at start-up
from ReciprocityConfig.ready(). Amounts are stored formatted (h:mm or 12.50, the same in every
language); the unit is named in the reader's language unless the network chose its own name."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.core.texts import NOTIFICATIONS

_HOME = {"url_name": "reciprocity:home"}
_SAMPLE = {"name": "Maria Peeters", "amount": "1:30", "unit": "", "mode": "hours"}


def _unit(params) -> str:
    if params.get("unit"):
        return params["unit"]
    return str(_("hours") if params.get("mode") == "hours" else _("credits"))


def _with_unit(text):
    return lambda params: str(text) % {**params, "unit": _unit(params)}


_MISTAKE = _("Talk with them or with your coordinator if you think this is a mistake.")


def _decided_title(params) -> str:
    if params.get("confirmed"):
        return _with_unit(_("%(amount)s %(unit)s confirmed by %(name)s"))(params)
    return _with_unit(_("%(amount)s %(unit)s not confirmed by %(name)s"))(params)


def register() -> None:
    n = NOTIFICATIONS.register
    n(
        "reciprocity.claim",
        _with_unit(_("%(name)s recorded %(amount)s %(unit)s of help for you")),
        _("Nothing moves until you confirm. Open the time bank to confirm or decline."),
        sample=_SAMPLE,
        **_HOME,
    )
    n(
        "reciprocity.claim_decided",
        _decided_title,
        lambda params: "" if params.get("confirmed") else str(_MISTAKE),
        sample={**_SAMPLE, "confirmed": False},
        **_HOME,
    )
