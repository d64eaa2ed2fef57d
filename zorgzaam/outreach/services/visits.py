"""Outreach: a visitor's visits and recording a visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.care.services import record_signal
from zorgzaam.core.permissions import require as _require
from zorgzaam.outreach.models import Visit
from zorgzaam.outreach.services.checklists import validate_answers, worry_themes
from zorgzaam.outreach.services.permissions import (
    VISIT_RECORDED,
    VISIT_VIEWED,
    can_record_visit,
    can_see_visit,
    contact_ok_ids,
    manages_visit,
)
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import PersonTag, Tag
from zorgzaam.people.services import set_tags

# --- visits ------------------------------------------------------------------------------------


@dataclass
class VisitCard:
    """What a volunteer may see of a visit: first name, address, phone only with contact consent."""

    visit: Visit
    name: str
    address: str
    phone: str


def visit_cards(actor: Actor, visits) -> list[VisitCard]:
    visits = list(visits)
    ok = contact_ok_ids(v.person_id for v in visits)
    out = []
    for v in visits:
        p = v.person
        full = manages_visit(actor, v)
        out.append(
            VisitCard(
                visit=v,
                name=p.full_name if full else p.first_name,
                address=p.address,
                phone=p.phone if (p.pk in ok) else "",
            )
        )
    return out


def my_visits(actor: Actor, *, open_only: bool = True) -> QuerySet[Visit]:
    if actor.person is None or actor.network is None:
        return Visit.objects.none()
    qs = Visit.objects.filter(network=actor.network, visitor=actor.person).select_related(
        "person", "round", "person__area"
    )
    if open_only:
        qs = qs.filter(outcome__in=[Visit.Outcome.PLANNED, Visit.Outcome.NOT_AT_HOME])
    return qs.order_by("planned_on", "person__street", "person__house_number", "id")


def get_visit(actor: Actor, pk: int, *, log_view: bool = True) -> Visit:
    visit = (
        Visit.objects.select_related("person", "person__area", "visitor", "round", "checklist")
        .filter(pk=pk)
        .first()
    )
    _require(visit is not None and can_see_visit(actor, visit))
    if log_view:
        record(actor, VISIT_VIEWED, subject=visit.person, obj=visit)
    return visit


def _tags(network, items, field: str, errors: dict) -> list[Tag]:
    out = []
    for t in items or ():
        tag = (
            t
            if isinstance(t, Tag)
            else Tag.objects.filter(Q(pk=t) if str(t).isdigit() else Q(code=t)).first()
        )
        if tag is None or tag.network_id not in (None, network.pk):
            errors[field] = _("Unknown tag.")
        else:
            out.append(tag)
    return out


@transaction.atomic
def record_visit(
    actor: Actor,
    visit: Visit,
    *,
    outcome: str,
    visited_on: dt.date | None = None,
    answers: dict | None = None,
    notes: str = "",
    talents=(),
    dreams=(),
    needs=(),
    signals=(),
) -> Visit:
    """Record how a visit went. Talents, dreams and needs heard are added to the person's profile;
    each worry in `signals` (dicts with description, themes, urgency, consent_status, consent_reason)
    becomes a care signal. Everything happens together or not at all."""
    visit = (
        Visit.objects.select_for_update(of=("self",)).select_related("person", "checklist").get(pk=visit.pk)
    )
    _require(can_record_visit(actor, visit))
    errors: dict = {}
    today = timezone.localdate()
    visited_on = visited_on or today
    notes = (notes or "").strip()
    if outcome not in (Visit.Outcome.AT_HOME, Visit.Outcome.NOT_AT_HOME, Visit.Outcome.REFUSED):
        errors["outcome"] = _("Choose how the visit went.")
    if visited_on > today:
        errors["visited_on"] = _("The date of the visit cannot be in the future.")
    if len(notes) > 5000:
        errors["notes"] = _("Keep it shorter (at most %(n)d characters).") % {"n": 5000}
    try:
        clean = validate_answers(visit.checklist, answers or {})
    except ValidationError as exc:
        errors.update(exc.message_dict)
        clean = {}
    new_tags = []
    for kind, items in (
        (PersonTag.Kind.TALENT, talents),
        (PersonTag.Kind.DREAM, dreams),
        (PersonTag.Kind.NEED, needs),
    ):
        new_tags += [(t, kind) for t in _tags(actor.network, items, kind + "s", errors)]
    if outcome != Visit.Outcome.AT_HOME and (clean or new_tags):
        errors["outcome"] = _("Answers and talents can only be recorded when the visit took place.")
    if errors:
        raise ValidationError(errors)

    visit.outcome = outcome
    visit.visited_on = visited_on
    visit.answers = clean
    visit.notes = notes
    visit.recorded_by = actor.user
    visit.recorded_at = timezone.now()
    person = visit.person
    if new_tags:
        current = [(t.tag_id, t.kind, t.note) for t in person.tags.all()]
        have = {(tag_id, kind) for tag_id, kind, _n in current}
        wanted = current + [(t.pk, kind, "") for t, kind in new_tags if (t.pk, kind) not in have]
        set_tags(actor, person, wanted)
    raised = 0
    if signals:
        for i, s in enumerate(signals):
            try:
                record_signal(
                    actor,
                    person=person,
                    description=s.get("description", ""),
                    # Without chosen themes, the answers that suggested a worry name them.
                    themes=s.get("themes") or worry_themes(visit.checklist, clean),
                    urgency=s.get("urgency", "normal"),
                    consent_status=s.get("consent_status", "given"),
                    consent_reason=s.get("consent_reason", ""),
                    source="visit",
                    area=person.area,
                )
            except ValidationError as exc:
                prefix = "signal_" if len(signals) == 1 else f"signal{i}_"
                raise ValidationError({prefix + k: v for k, v in exc.message_dict.items()}) from exc
            raised += 1
    visit.signals_raised += raised
    visit.save()
    record(
        actor,
        VISIT_RECORDED,
        subject=person,
        obj=visit,
        data={"outcome": outcome, "answers": len(clean), "tags": len(new_tags), "signals": raised},
    )
    return visit
