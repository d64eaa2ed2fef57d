"""Organisations of a network. Everyone with a role may read them (they are public-facing);
coordinators manage them; partner staff edit their own organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.organisations.models import Organisation

if TYPE_CHECKING:
    # annotations only: people (which owns Actor) depends on this app
    from zorgzaam.people.actor import Actor

EDITABLE = ["name", "kind", "description", "email", "phone", "website", "address", "latitude", "longitude"]


def visible_organisations(actor: Actor):
    if actor.network is None or not actor.roles:
        return Organisation.objects.none()
    return Organisation.objects.filter(network=actor.network)


def can_edit(actor: Actor, organisation: Organisation) -> bool:
    if actor.network is None or organisation.network_id != actor.network.pk:
        return False
    return actor.is_coordinator() or organisation.pk in actor.organisation_ids()


@transaction.atomic
def create_organisation(actor: Actor, **fields) -> Organisation:
    if not actor.is_coordinator():
        deny()
    org = Organisation(network=actor.network, **{k: v for k, v in fields.items() if k in EDITABLE})
    org.full_clean()
    org.save()
    record(actor, kinds.ORGANISATION_CREATED, obj=org)
    return org


@transaction.atomic
def update_organisation(actor: Actor, organisation: Organisation, **fields) -> Organisation:
    if not can_edit(actor, organisation):
        deny()
    for k, v in fields.items():
        if k in EDITABLE:
            setattr(organisation, k, v)
    organisation.full_clean()
    organisation.save()
    record(actor, kinds.ORGANISATION_UPDATED, obj=organisation, data={"fields": sorted(fields)})
    return organisation
