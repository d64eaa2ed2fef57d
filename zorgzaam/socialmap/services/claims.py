"""Social map: editor claims on an organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.permissions import require as _require
from zorgzaam.notifications.services import notify
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, RoleAssignment
from zorgzaam.people.services import grant_role
from zorgzaam.socialmap.models import (
    EditorClaim,
)
from zorgzaam.socialmap.services.permissions import CLAIM_DECIDED, CLAIM_REQUESTED, can_claim, can_manage

# --- claims --------------------------------------------------------------------------------------


@transaction.atomic
def request_claim(actor: Actor, organisation: Organisation, motivation: str = "") -> EditorClaim:
    _require(can_claim(actor, organisation))
    if EditorClaim.objects.filter(
        organisation=organisation, user=actor.user, status=EditorClaim.Status.PENDING
    ).exists():
        raise ValidationError(_("You already asked for this organisation; a coordinator will answer soon."))
    claim = EditorClaim(organisation=organisation, user=actor.user, motivation=motivation)
    claim.full_clean()
    claim.save()
    record(actor, CLAIM_REQUESTED, obj=claim)
    coordinators = {
        r.person.user
        for r in RoleAssignment.objects.filter(
            person__network=actor.network, role="coordinator", active=True, person__user__isnull=False
        ).select_related("person__user")
    }
    for user in coordinators:
        notify(
            user,
            kind="socialmap.claim",
            params={"org": organisation.name},
            network=actor.network,
        )
    return claim


def pending_claims(actor: Actor) -> QuerySet[EditorClaim]:
    _require(can_manage(actor))
    return EditorClaim.objects.filter(
        organisation__network=actor.network, status=EditorClaim.Status.PENDING
    ).select_related("organisation", "user")


@transaction.atomic
def decide_claim(actor: Actor, claim: EditorClaim, approve: bool) -> EditorClaim:
    """Approval makes the requester partner staff of that organisation, so the normal rules apply."""
    _require(can_manage(actor) and claim.organisation.network_id == actor.network.pk)
    claim = EditorClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != EditorClaim.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    if approve:
        person = Person.objects.filter(user=claim.user, network=actor.network).first()
        if person is None:
            raise ValidationError(_("This person no longer belongs to the network."))
        grant_role(actor, person, "partner", organisation=claim.organisation)
    claim.status = EditorClaim.Status.APPROVED if approve else EditorClaim.Status.REJECTED
    claim.decided_by = actor.user
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    record(actor, CLAIM_DECIDED, obj=claim, data={"approved": approve})
    notify(
        claim.user,
        kind="socialmap.claim_decided",
        params={"org": claim.organisation.name, "approved": approve},
        network=actor.network,
    )
    return claim


# --- reminders -----------------------------------------------------------------------------------


def editors_of(organisation: Organisation) -> set:
    """Partner staff of the organisation; when there are none, the coordinators of the network."""
    base = RoleAssignment.objects.filter(active=True, person__user__isnull=False).select_related(
        "person__user"
    )
    users = {r.person.user for r in base.filter(role="partner", organisation=organisation)}
    if not users:
        users = {
            r.person.user for r in base.filter(role="coordinator", person__network_id=organisation.network_id)
        }
    return users
