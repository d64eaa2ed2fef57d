"""Community API: places, activities, occurrences, registrations, attendance and evaluations.
The same rules as the pages apply (services)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status

from zorgzaam.community import services
from zorgzaam.community.recurrence import describe_activity
from zorgzaam.core.api_types import LocalTime
from zorgzaam.people.actor import api_actor
from zorgzaam.people.models import Person

router = Router(tags=["community"])


class PlaceOut(Schema):
    id: int
    name: str
    kind: str
    mobile: bool
    address: str
    latitude: float | None
    longitude: float | None
    accessibility: list[str]
    opening_hours: str
    area_id: int | None


class StopIn(Schema):
    time: LocalTime
    name: str
    latitude: float | None = None
    longitude: float | None = None


class PlaceIn(Schema):
    name: str
    kind: str = "other"
    mobile: bool = False
    description: str = ""
    area_id: int | None = None
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accessibility: list[str] = []
    opening_hours: str = ""
    schedule: str = ""
    route: list[StopIn] = []


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    place_id: int | None
    area_id: int | None
    start_date: dt.date
    start_time: LocalTime
    duration_minutes: int
    rrule: str
    repeat_text: str  # the rule in words, in the request's language
    exdates: list[str]
    capacity: int | None
    public: bool

    @staticmethod
    def resolve_repeat_text(obj) -> str:
        return describe_activity(obj)


class ActivityIn(Schema):
    title: str
    description: str = ""
    place_id: int | None = None
    area_id: int | None = None
    start_date: dt.date
    start_time: LocalTime
    duration_minutes: int = 120
    rrule: str = ""
    exdates: list[str] = []
    capacity: int | None = None
    public: bool = Field(False, description="Show on the public page: an explicit choice, off unless sent")


class OccurrenceOut(Schema):
    id: int
    activity_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    cancelled: bool
    taken: int
    waiting: int
    capacity: int | None


class RegistrationIn(Schema):
    person_id: int | None = None


class RegistrationOut(Schema):
    id: int
    occurrence_id: int
    person_id: int
    status: str
    on_behalf: bool


class AttendanceIn(Schema):
    person_id: int | None = None
    present: bool = True
    head_count: int | None = None


class EvaluationIn(Schema):
    score: int
    comment: str = ""


def _occ_out(o) -> dict:
    return {
        "id": o.pk,
        "activity_id": o.activity_id,
        "title": o.activity.title,
        "starts_at": o.starts_at,
        "ends_at": o.ends_at,
        "cancelled": o.cancelled,
        "taken": o.taken,
        "waiting": o.waiting,
        "capacity": o.activity.capacity,
    }


@router.get("/places", response=list[PlaceOut])
def list_places(request, network: str | None = None):
    return list(services.visible_places(api_actor(request, network)))


@router.post("/places", response={201: PlaceOut})
def create_place(request, payload: PlaceIn, network: str | None = None):
    from zorgzaam.networks.models import Area

    actor = api_actor(request, network)
    if not services.can_create_place(actor):
        raise PermissionDenied
    data = payload.dict()
    data["area"] = _resolve(actor, Area, data.pop("area_id"))
    route = data.pop("route")
    for stop in route:
        if stop["latitude"] is not None or stop["longitude"] is not None:
            services.parse_route(
                f"{stop['time']:%H:%M}; {stop['name']}; {stop['latitude']}; {stop['longitude']}"
            )
    return Status(201, services.save_place(actor, None, route=route, **data))


@router.get("/activities", response=list[ActivityOut])
def list_activities(request, network: str | None = None):
    return list(services.visible_activities(api_actor(request, network)))


def _resolve(actor, model, pk):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, network=actor.network).first()
    if obj is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({model._meta.model_name: "?"})
    return obj


@router.post("/activities", response={201: ActivityOut})
def create_activity(request, payload: ActivityIn, network: str | None = None):
    from zorgzaam.community.models import Place
    from zorgzaam.networks.models import Area

    actor = api_actor(request, network)
    if not services.can_create_activity(actor):
        raise PermissionDenied
    data = payload.dict()
    data["place"] = _resolve(actor, Place, data.pop("place_id"))
    data["area"] = _resolve(actor, Area, data.pop("area_id"))
    return Status(201, services.save_activity(actor, None, **data))


@router.get("/occurrences", response=list[OccurrenceOut])
def list_occurrences(request, network: str | None = None, activity: int | None = None, days: int = 30):
    actor = api_actor(request, network)
    qs = services.upcoming_occurrences(actor, days=min(max(days, 1), 366))
    if activity:
        qs = qs.filter(activity_id=activity)
    return [_occ_out(o) for o in qs]


@router.get("/occurrences/{pk}/registrations", response=list[RegistrationOut])
def list_registrations(request, pk: int, network: str | None = None):
    actor = api_actor(request, network)
    occ = services.get_occurrence(actor, pk)
    return list(services.registrations_for(actor, occ))


@router.post("/occurrences/{pk}/registrations", response={201: RegistrationOut})
def register(request, pk: int, payload: RegistrationIn, network: str | None = None):
    actor = api_actor(request, network)
    occ = services.get_occurrence(actor, pk)
    person = None
    if payload.person_id is not None:
        person = Person.objects.filter(pk=payload.person_id, network=actor.network).first()
        if person is None:
            raise PermissionDenied
    return Status(201, services.register(actor, occ, person))


@router.post("/registrations/{pk}/cancel", response=RegistrationOut)
def cancel(request, pk: int, network: str | None = None):
    actor = api_actor(request, network)
    reg = services.get_registration(actor, pk)
    services.cancel_registration(actor, reg)
    reg.refresh_from_db()
    return reg


@router.post("/occurrences/{pk}/attendance")
def attendance(request, pk: int, payload: AttendanceIn, network: str | None = None):
    actor = api_actor(request, network)
    occ = services.get_occurrence(actor, pk)
    if not services.can_manage_activity(actor, occ.activity):
        raise PermissionDenied
    if payload.person_id is not None:
        person = Person.objects.filter(pk=payload.person_id, network=actor.network).first()
        if person is None:
            raise PermissionDenied
        services.set_attendance(actor, occ, person, payload.present)
    if payload.head_count is not None:
        services.set_head_count(actor, occ, payload.head_count)
    return services.attendance_total(occ)


@router.post("/occurrences/{pk}/evaluations", response={201: dict})
def evaluate(request, pk: int, payload: EvaluationIn, network: str | None = None):
    actor = api_actor(request, network)
    occ = services.get_occurrence(actor, pk)
    services.evaluate(actor, occ, score=payload.score, comment=payload.comment)
    return Status(201, services.evaluation_summary([occ]))


@router.get("/activities/{pk}/evaluations")
def evaluations(request, pk: int, network: str | None = None):
    actor = api_actor(request, network)
    activity = services.get_activity(actor, pk)
    return services.evaluation_summary(activity.occurrences.all())
