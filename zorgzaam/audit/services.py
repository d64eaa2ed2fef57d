"""Recording and reading the audit log."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from zorgzaam.audit import kinds
from zorgzaam.audit.models import Event
from zorgzaam.core.csvsafe import safe_row
from zorgzaam.core.permissions import deny

if TYPE_CHECKING:
    from zorgzaam.people.actor import Actor


def record(
    actor: Actor | None,
    kind: str,
    *,
    subject=None,
    obj=None,
    network=None,
    data: dict | None = None,
) -> Event:
    """Append one event. `actor` carries who acted, for whom (assisted use) and through which channel."""
    if kind not in kinds.KINDS:
        raise ValueError(f"Unregistered audit event kind: {kind}")
    if network is None:
        network = getattr(actor, "network", None) or getattr(subject, "network", None)
    return Event.objects.create(
        network=network,
        kind=kind,
        actor=getattr(actor, "user", None) if actor and getattr(actor, "user", None) else None,
        on_behalf_of=getattr(actor, "on_behalf_of", None),
        subject=subject,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        via=getattr(actor, "via", "") or "",
        ip=getattr(actor, "ip", None),
        data=data or {},
    )


def can_read_log(actor: Actor) -> bool:
    return actor.is_coordinator()


def events_for(actor: Actor, *, kind: str = "", subject_id=None, actor_id=None, since=None, until=None):
    if not can_read_log(actor):
        deny()
    qs = Event.objects.filter(network=actor.network).select_related("actor", "on_behalf_of", "subject")
    if kind:
        qs = qs.filter(kind__startswith=kind)
    if subject_id:
        qs = qs.filter(subject_id=subject_id)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until)
    return qs


def export_csv(actor: Actor, events) -> str:
    """CSV of the given (already permission-filtered) events; the export itself is logged."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["at", "kind", "actor", "on_behalf_of", "subject", "object_type", "object_id", "via"])
    for e in events.iterator(chunk_size=2000):
        writer.writerow(
            safe_row(
                [
                    e.at.isoformat(),
                    e.kind,
                    e.actor.username if e.actor_id else "",
                    e.on_behalf_of_id or "",
                    e.subject_id or "",
                    e.object_type,
                    e.object_id,
                    e.via,
                ]
            )
        )
    record(actor, kinds.AUDIT_EXPORTED)
    return buf.getvalue()
