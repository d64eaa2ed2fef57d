import datetime as dt

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zorgzaam.audit import kinds, services
from zorgzaam.core.api_types import Pagination, UtcDateTime
from zorgzaam.people.actor import api_actor

router = Router(tags=["audit"])


class EventOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    actor_id: int | None
    on_behalf_of_id: int | None
    subject_id: int | None
    object_type: str
    object_id: str
    via: str
    data: dict
    label: str
    sentence: str

    @staticmethod
    def resolve_label(obj):
        return kinds.label(obj.kind)  # rendered now, in the reader's language

    @staticmethod
    def resolve_sentence(obj):
        return kinds.sentence(obj.kind, obj.data, obj.object_type) or ""


class EventFilter(Schema):
    network: str | None = None
    kind: str = ""
    subject: int | None = None
    since: UtcDateTime | None = None
    until: UtcDateTime | None = None


@router.get("/events", response=list[EventOut])
@paginate(Pagination)
def list_events(request, filters: Query[EventFilter]):
    actor = api_actor(request, filters.network)
    return services.events_for(
        actor, kind=filters.kind, subject_id=filters.subject, since=filters.since, until=filters.until
    )
