"""Volunteers, hours, safeguarding and initiatives over the API: the same services and rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from zorgzaam.core.api_types import Id, Year
from zorgzaam.people.actor import api_actor
from zorgzaam.people.models import Person
from zorgzaam.volunteers import services
from zorgzaam.volunteers.models import OnboardingStep

router = Router(tags=["volunteers"])


class VolunteerListOut(Schema):
    id: int
    first_name: str
    last_name: str
    area_id: int | None


class StepOut(Schema):
    id: int
    code: str
    name: str
    done_on: dt.date | None


class SafeguardingOut(Schema):
    kind: str
    valid: bool
    expiring: bool
    issued_on: dt.date | None
    valid_until: dt.date | None


class VolunteerOut(Schema):
    id: int
    first_name: str
    last_name: str
    max_active_tasks: int | None
    availability: list[str]
    onboarding: list[StepOut]
    safeguarding: list[SafeguardingOut]


class HoursIn(Schema):
    date: dt.date
    # A number or text like "1,5" or "1:30"; checked by services.parse_hours, as on the page.
    hours: Decimal | Annotated[str, StringConstraints(max_length=10)]
    activity: str = Field(..., min_length=1, max_length=200)
    link: str = Field("", max_length=300)


class HoursOut(Schema):
    id: int
    date: dt.date
    hours: Decimal
    activity: str
    link: str


class TotalsOut(Schema):
    year: int
    total: Decimal
    months: dict[int, Decimal]


class SafeguardingIn(Schema):
    kind: str
    issued_on: dt.date
    valid_until: dt.date | None = None
    note: str = Field("", max_length=300)


class StepIn(Schema):
    done: bool
    done_on: dt.date | None = None


class ThankIn(Schema):
    message: str = Field(..., min_length=1, max_length=500)


class ThankOut(Schema):
    id: int
    from_person_id: int | None
    to_person_id: int
    message: str


class InitiativeIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    support_asked: str = ""
    status: str = "idea"


class InitiativePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    support_asked: str | None = None
    status: str | None = None
    owner_ids: list[Id] | None = None


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    status: str
    support_asked: str
    owner_ids: list[Id]

    @staticmethod
    def resolve_owner_ids(obj):
        return [p.pk for p in obj.owners.all()]


class SupportIn(Schema):
    description: str = Field(..., min_length=1, max_length=500)
    date: dt.date | None = None


def _volunteer_out(person) -> dict:
    ob = services.onboarding(person)
    profile = getattr(person, "volunteer_profile", None)
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "max_active_tasks": profile.max_active_tasks if profile else None,
        "availability": person.availability,
        "onboarding": [
            {
                "id": r["step"].pk,
                "code": r["step"].code,
                "name": r["step"].name,
                "done_on": r["done"].done_on if r["done"] else None,
            }
            for r in ob["rows"]
        ],
        "safeguarding": [
            {
                "kind": s["kind"],
                "valid": s["valid"],
                "expiring": s["expiring"],
                "issued_on": s["record"].issued_on if s["record"] else None,
                "valid_until": s["record"].valid_until if s["record"] else None,
            }
            for s in services.safeguarding_status(person)
        ],
    }


@router.get("/volunteers", response=list[VolunteerListOut])
def list_volunteers(request, network: str | None = None):
    actor = api_actor(request, network)
    if not services.is_staff(actor):
        raise PermissionDenied
    return list(services.visible_volunteers(actor).order_by("last_name", "first_name", "pk"))


@router.get("/volunteers/{person_id}", response=VolunteerOut)
def get_volunteer(request, person_id: int, network: str | None = None):
    actor = api_actor(request, network)
    return _volunteer_out(services.get_volunteer(actor, person_id))


@router.post("/volunteers/{person_id}/steps/{step_id}", response=VolunteerOut)
def set_step(request, person_id: int, step_id: int, payload: StepIn, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_volunteer(actor, person_id, log_view=False)
    step = get_object_or_404(OnboardingStep, pk=step_id, network=actor.network)
    services.set_step(actor, person, step, done=payload.done, done_on=payload.done_on)
    return _volunteer_out(person)


@router.post("/volunteers/{person_id}/safeguarding", response={201: SafeguardingOut})
def add_safeguarding(request, person_id: int, payload: SafeguardingIn, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_volunteer(actor, person_id, log_view=False)
    rec = services.add_safeguarding(actor, person, **payload.dict())
    return Status(
        201,
        {
            "kind": rec.kind,
            "valid": rec.is_valid_on(dt.date.today()),
            "expiring": False,
            "issued_on": rec.issued_on,
            "valid_until": rec.valid_until,
        },
    )


@router.get("/volunteers/{person_id}/hours", response=list[HoursOut])
def list_hours(request, person_id: int, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_volunteer(actor, person_id)
    return list(services.hours_for(actor, person)[:500])


@router.post("/volunteers/{person_id}/hours", response={201: HoursOut})
def add_hours(request, person_id: int, payload: HoursIn, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_volunteer(actor, person_id, log_view=False)
    return Status(201, services.log_hours(actor, person, **payload.dict()))


@router.get("/volunteers/{person_id}/totals", response=TotalsOut)
def hours_totals(request, person_id: int, year: Year | None = None, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_volunteer(actor, person_id, log_view=False)
    return services.hours_totals(person, year or dt.date.today().year)


@router.post("/persons/{person_id}/thanks", response={201: ThankOut})
def thank(request, person_id: int, payload: ThankIn, network: str | None = None):
    actor = api_actor(request, network)
    person = Person.objects.filter(pk=person_id, network=actor.network).first()
    if person is None:
        raise PermissionDenied
    return Status(201, services.thank(actor, person, message=payload.message))


@router.get("/initiatives", response=list[InitiativeOut])
def list_initiatives(request, network: str | None = None):
    return list(services.visible_initiatives(api_actor(request, network)))


@router.post("/initiatives", response={201: InitiativeOut})
def create_initiative(request, payload: InitiativeIn, network: str | None = None):
    actor = api_actor(request, network)
    return Status(201, services.start_initiative(actor, **payload.dict()))


@router.get("/initiatives/{pk}", response=InitiativeOut)
def get_initiative(request, pk: int, network: str | None = None):
    return services.get_initiative(api_actor(request, network), pk)


@router.patch("/initiatives/{pk}", response=InitiativeOut)
def patch_initiative(request, pk: int, payload: InitiativePatch, network: str | None = None):
    actor = api_actor(request, network)
    ini = services.get_initiative(actor, pk)
    data = payload.dict(exclude_unset=True)
    owners = None
    if "owner_ids" in data:
        ids = data.pop("owner_ids") or []
        owners = list(Person.objects.filter(pk__in=ids, network=actor.network))
        if len(owners) != len(set(ids)):
            raise ValidationError({"owner_ids": _("Unknown person.")})
    return services.update_initiative(actor, ini, owners=owners, **data)


@router.post("/initiatives/{pk}/support", response={201: dict})
def add_support(request, pk: int, payload: SupportIn, network: str | None = None):
    actor = api_actor(request, network)
    ini = services.get_initiative(actor, pk)
    obj = services.add_support(actor, ini, **payload.dict())
    return Status(201, {"id": obj.pk, "date": obj.date.isoformat(), "description": obj.description})


@router.get("/figures/hours", response=dict)
def hours_figures(request, year: Year | None = None, network: str | None = None):
    actor = api_actor(request, network)
    data = services.hours_aggregate(actor, year or dt.date.today().year)
    return {
        "year": data["year"],
        "months": {m: (None if v.hidden else str(v.value)) for m, v in data["months"]},
    }
