"""API for volunteers picking work themselves and staff opening a request to them: the same services
as the pages (care/open_tasks.py), registered on the care router (imported at the end of care/api.py)."""

from __future__ import annotations

from ninja import Schema

from zorgzaam.care import open_tasks
from zorgzaam.care.api import TaskOut, api_actor, router
from zorgzaam.care.helper_access import task_view
from zorgzaam.care.models import Request
from zorgzaam.core.permissions import deny


class OpenTaskOut(Schema):
    id: int
    first_name: str
    description: str
    themes: list[str]


class OpenTasksOut(Schema):
    reason: str
    items: list[OpenTaskOut]


class OpenIn(Schema):
    open_to_volunteers: bool


class OpenStateOut(Schema):
    id: int
    open_to_volunteers: bool


@router.get("/open-tasks", response=OpenTasksOut)
def list_open_tasks(request, network: str | None = None):
    """The open list of the volunteer; `reason` says why it is empty when they may not pick now."""
    actor = api_actor(request, network)
    if not open_tasks.may_pick(actor):
        deny()
    items, reason = open_tasks.open_tasks(actor)
    return {"reason": reason, "items": items}


@router.post("/open-tasks/{request_id}/take", response=TaskOut)
def take_open_task(request, request_id: int, network: str | None = None):
    actor = api_actor(request, network)
    req = Request.objects.filter(pk=request_id).first() or deny()
    return task_view(open_tasks.offer_to_take(actor, req))


@router.post("/requests/{request_id}/open", response=OpenStateOut)
def set_open(request, request_id: int, payload: OpenIn, network: str | None = None):
    actor = api_actor(request, network)
    req = Request.objects.filter(pk=request_id).first() or deny()
    return open_tasks.set_open_to_volunteers(actor, req, payload.open_to_volunteers)
