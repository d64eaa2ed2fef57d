"""What the telephone-circle caller needs on screen: the number to tap (only for people who consented to
being contacted) and, after several missed calls in a row, a suggested next step (a visit, a neighbour,
the coach). The threshold is per network (OutreachSettings, default 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import require
from zorgzaam.outreach.models import CircleMember, OutreachSettings
from zorgzaam.people.models import Consent, Person

if TYPE_CHECKING:
    from zorgzaam.people.actor import Actor

SETTINGS_CHANGED = kinds.register(
    "outreach.settings_changed", gettext_lazy("Visit and call settings changed")
)

# Suggested next steps, in the order shown.
NEXT_STEPS = {
    "visit": gettext_lazy("Go and ring the bell, or plan a home visit."),
    "neighbour": gettext_lazy("Ask a neighbour or someone close to look in."),
    "coach": gettext_lazy("Tell the coach of the circle."),
}


def settings_for(network) -> OutreachSettings:
    return OutreachSettings.objects.filter(network=network).first() or OutreachSettings(network=network)


def set_missed_calls_threshold(actor: Actor, value: int) -> OutreachSettings:
    """Coordinators choose after how many missed calls in a row a next step is suggested (1 to 10)."""
    require(actor.network is not None and actor.is_coordinator())
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
        raise ValidationError({"missed_calls_before_next_step": _("Choose a number from 1 to 10.")})
    obj, _created = OutreachSettings.objects.update_or_create(
        network=actor.network, defaults={"missed_calls_before_next_step": value}
    )
    record(actor, SETTINGS_CHANGED, data={"fields": ["missed_calls_before_next_step"]})
    return obj


def _contact_consented(person_ids) -> set[int]:
    """People whose newest 'being contacted' decision is 'given' (one query for the whole list)."""
    latest: dict[int, bool] = {}
    rows = (
        Consent.objects.filter(
            person_id__in=person_ids, purpose=Consent.Purpose.CONTACT, organisation__isnull=True
        )
        .order_by("person_id", "-recorded_at", "-id")
        .values_list("person_id", "granted")
    )
    for person_id, granted in rows:
        latest.setdefault(person_id, granted)
    return {pid for pid, granted in latest.items() if granted}


def tel_href(phone: str) -> str:
    """A tel: link target: digits and a leading + only (spaces, dots and slashes dropped)."""
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" if phone.startswith("+") else "") + digits


def annotate_calls(network, members: list[CircleMember]) -> list[CircleMember]:
    """Sets `phone` (empty without contact consent), `tel` and `next_steps` [(code, text)] on each
    member of the caller's list. At most three queries whatever the length of the list."""
    if not members:
        return members
    threshold = settings_for(network).missed_calls_before_next_step
    consented = _contact_consented([m.person_id for m in members])
    stuck = [m for m in members if m.missed_in_row >= threshold]
    coach_ids = {m.circle.coach_id for m in stuck if m.circle.coach_id}
    coaches = (
        dict(Person.objects.filter(pk__in=coach_ids).values_list("pk", "first_name")) if coach_ids else {}
    )
    for m in members:
        m.phone = m.person.phone if m.person_id in consented else ""
        m.tel = tel_href(m.phone)
        m.next_steps = [(code, str(text)) for code, text in NEXT_STEPS.items()] if m in stuck else []
        m.coach_name = coaches.get(m.circle.coach_id, "")
    return members


def contact_consent_detour(person, back: str) -> str:
    """The consent page for 'being contacted', returning to `back`, when that consent is what is missing
    (a refused step shows it as a link); empty otherwise."""
    from django.urls import reverse
    from django.utils.http import urlencode

    if person is None or person.pk in _contact_consented([person.pk]):
        return ""
    query = urlencode({"purpose": Consent.Purpose.CONTACT, "next": back})
    return f"{reverse('people:consent', args=[person.pk])}?{query}"
