"""Outreach: a helper's week list of visits and calls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from zorgzaam.audit.services import record
from zorgzaam.core.permissions import require as _require
from zorgzaam.outreach.models import CircleMember, Visit
from zorgzaam.outreach.services.permissions import (
    LIST_VIEWED,
    can_manage_circle,
    contact_ok_ids,
    manages_visit,
)
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Person

# --- offline list ------------------------------------------------------------------------------


@dataclass
class ListRow:
    day: dt.date | None
    kind: str  # "visit" or "call"
    name: str
    address: str
    phone: str
    note: str


def week_list(actor: Actor, person: Person | None = None, today: dt.date | None = None) -> list[ListRow]:
    """A volunteer's visits and calls for the coming seven days, for printing (minimal data)."""
    today = today or timezone.localdate()
    person = person or actor.person
    _require(person is not None and person.network_id == getattr(actor.network, "pk", None))
    own = actor.person is not None and actor.person.pk == person.pk
    _require(own or is_staff(actor))
    end = today + dt.timedelta(days=6)
    visits = list(
        Visit.objects.filter(
            network=actor.network,
            visitor=person,
            outcome__in=[Visit.Outcome.PLANNED, Visit.Outcome.NOT_AT_HOME],
        )
        .filter(Q(planned_on__isnull=True) | Q(planned_on__lte=end))
        .select_related("person", "round")
        .order_by("planned_on", "person__street", "person__house_number")
    )
    members = list(
        CircleMember.objects.filter(
            circle__network=actor.network,
            circle__active=True,
            caller=person,
            active=True,
            next_due_on__lte=end,
        ).select_related("person", "circle")
    )
    if not own:
        visits = [v for v in visits if manages_visit(actor, v)]
        members = [m for m in members if can_manage_circle(actor, m.circle)]
    ok = contact_ok_ids([v.person_id for v in visits] + [m.person_id for m in members])
    rows = []
    for v in visits:
        p = v.person
        day = max(v.planned_on, today) if v.planned_on else None
        rows.append(
            ListRow(
                day,
                "visit",
                p.first_name,
                p.address,
                p.phone if p.pk in ok else "",
                v.round.name if v.round else "",
            )
        )
    for m in members:
        p = m.person
        day = max(m.next_due_on, today)
        while day <= end:
            rows.append(
                ListRow(day, "call", p.first_name, p.address, p.phone if p.pk in ok else "", m.circle.name)
            )
            day += dt.timedelta(days=m.interval_days)
    rows.sort(key=lambda r: (r.day or end + dt.timedelta(days=1), r.kind, r.name))
    record(actor, LIST_VIEWED, subject=None if own else person, data={"rows": len(rows)})
    return rows
