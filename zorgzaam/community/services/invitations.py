"""Community: inviting residents to activities (candidates, invitations, letters)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.community.models import (
    Activity,
    Invitation,
)
from zorgzaam.community.services.permissions import (
    INVITATION_CREATED,
    INVITATION_UPDATED,
    LETTERS_PRINTED,
    can_invite,
    can_update_invitation,
)
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Consent, Person, Role

# --- personal invitations ----------------------------------------------------------------------


def _contact_subquery():
    newest = Consent.objects.filter(
        person=OuterRef("pk"), purpose=Consent.Purpose.CONTACT, organisation__isnull=True
    ).order_by("-recorded_at", "-id")
    return Subquery(newest.values("granted")[:1])


def invitation_candidates(
    actor: Actor,
    *,
    min_age: int | None = 75,
    lives_alone: bool = False,
    area=None,
    months: int = 6,
    today: dt.date | None = None,
) -> QuerySet[Person]:
    """People not reached yet, built from records: age, living alone, and no registration, attendance,
    care request or open invitation in the last months. Only people who agreed to be contacted."""
    from zorgzaam.people.services import persons_with_consent, visible_persons

    _require(can_invite(actor))
    today = today or timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30 * months), dt.time.min))
    qs = visible_persons(actor).filter(anonymised_at__isnull=True)
    if min_age:
        qs = qs.filter(birth_year__isnull=False, birth_year__lte=today.year - min_age)
    if lives_alone:
        qs = qs.filter(lives_alone=True)
    if area is not None:
        qs = qs.filter(area=area)
    qs = qs.exclude(registrations__created_at__gte=since)
    qs = qs.exclude(attendances__occurrence__starts_at__gte=since)
    qs = qs.exclude(invitations__created_at__gte=since)
    qs = _exclude_recent_care(qs, since)
    qs = persons_with_consent(qs, Consent.Purpose.CONTACT)
    return qs.select_related("area").distinct()


def _exclude_recent_care(qs, since):
    """When the care app is installed and its request model points at a person, skip people with a
    recent request: they are already in touch."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if not apps.is_installed("zorgzaam.care"):
        return qs
    for name in ("Request", "CareRequest", "HelpRequest"):
        try:
            model = apps.get_model("care", name)
            model._meta.get_field("person")
            model._meta.get_field("created_at")
        except (LookupError, FieldDoesNotExist):
            continue
        recent = model.objects.filter(created_at__gte=since).values("person_id")
        return qs.exclude(pk__in=recent)
    return qs


@transaction.atomic
def create_invitations(
    actor: Actor,
    persons,
    *,
    activity: Activity | None = None,
    channel: str,
    assigned_to: Person | None = None,
) -> list[Invitation]:
    """All or nothing: one person without contact consent stops the whole batch."""
    from zorgzaam.people.services import can_view_person, has_consent

    _require(can_invite(actor))
    errors: dict = {}
    if channel not in Invitation.Channel.values:
        errors["channel"] = _("Unknown way of inviting.")
    if activity is not None and activity.network_id != actor.network.pk:
        errors["activity"] = _("This belongs to another network.")
    if assigned_to is not None:
        if (
            assigned_to.network_id != actor.network.pk
            or not assigned_to.roles.filter(role=Role.VOLUNTEER, active=True).exists()
        ):
            errors["assigned_to"] = _("Choose a volunteer of this network.")
    persons = list(persons)
    if not persons:
        errors["persons"] = _("Choose at least one person.")
    for p in persons:
        if not can_view_person(actor, p):
            deny()
        if not has_consent(p, Consent.Purpose.CONTACT):
            errors["persons"] = _("%(name)s did not agree to be contacted.") % {"name": p.full_name}
    if errors:
        raise ValidationError(errors)
    out = []
    for p in persons:
        inv = Invitation.objects.create(
            network=actor.network,
            person=p,
            activity=activity,
            channel=channel,
            assigned_to=assigned_to,
            created_by=actor.user,
        )
        record(actor, INVITATION_CREATED, subject=p, obj=inv, data={"channel": channel})
        out.append(inv)
    return out


def visible_invitations(actor: Actor) -> QuerySet[Invitation]:
    if actor.network is None:
        return Invitation.objects.none()
    qs = (
        Invitation.objects.filter(network=actor.network)
        .select_related("person", "activity", "assigned_to")
        .annotate(contact_ok=_contact_subquery_for("person"))
    )
    allowed = actor.area_q("person__area")
    if actor.person is not None and actor.has_role(Role.VOLUNTEER):
        allowed |= Q(assigned_to=actor.person)
    return qs.filter(allowed)


def _contact_subquery_for(prefix: str):
    newest = Consent.objects.filter(
        person=OuterRef(f"{prefix}_id"), purpose=Consent.Purpose.CONTACT, organisation__isnull=True
    ).order_by("-recorded_at", "-id")
    return Subquery(newest.values("granted")[:1])


@transaction.atomic
def update_invitation(
    actor: Actor, invitation: Invitation, *, outcome: str, note: str | None = None
) -> Invitation:
    _require(can_update_invitation(actor, invitation))
    if outcome not in Invitation.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    inv = Invitation.objects.select_for_update().get(pk=invitation.pk)
    inv.outcome = outcome
    if note is not None:
        if len(note) > 300:
            raise ValidationError({"note": _("Keep it under 300 characters.")})
        inv.note = note
    inv.save(update_fields=["outcome", "note", "updated_at"])
    record(actor, INVITATION_UPDATED, subject=inv.person, obj=inv, data={"outcome": outcome})
    return inv


def person_language(person: Person) -> str:
    codes = {lang.code for lang in person.languages.all()}
    return "fr" if "fr" in codes and "nl" not in codes else "nl"


def invitation_letters_pdf(actor: Actor, invitations, activity: Activity | None = None) -> bytes:
    """A mail-merge: one page per person, in their language, with a window-envelope address block."""
    from zorgzaam.community.pdf import letters

    _require(can_invite(actor))
    invs = list(invitations)
    for inv in invs:
        _require(inv.network_id == actor.network.pk)
    record(actor, LETTERS_PRINTED, data={"count": len(invs)})
    return letters(actor.network, invs, activity)
