"""Volunteering's notification kinds, rendered for the reader (core.texts); registered at start-up
from VolunteersConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.core.texts import NOTIFICATIONS, local_date
from zorgzaam.volunteers.models import SafeguardingRecord


def _record_kind(code) -> str:
    return str(SafeguardingRecord.Kind(code).label)


_RUNS_OUT = {
    "title": _("%(kind)s runs out on %(date)s"),
    "formats": {"kind": _record_kind, "date": local_date},
}


def register() -> None:
    n = NOTIFICATIONS.register
    n(
        "volunteers.safeguarding",
        url_name="volunteers:me",
        sample={"kind": "insurance", "date": "2026-12-31"},
        **_RUNS_OUT,
    )
    n(
        "volunteers.safeguarding_staff",
        body="%(name)s",
        url_name="volunteers:detail",
        url_args=("person",),
        sample={"kind": "insurance", "date": "2026-12-31", "person": 1, "name": "Maria Peeters"},
        **_RUNS_OUT,
    )
    n(
        "volunteers.thanks",
        _("%(name)s thanks you"),
        "%(message)s",
        url_name="volunteers:me",
        sample={"name": "Maria", "message": "Voor de soep"},
    )
