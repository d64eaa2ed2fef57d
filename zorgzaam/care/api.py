"""The care pathway over the API: the same services, so the same permission rules as the UI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import paginate

from zorgzaam.care import batches, services, suggestions
from zorgzaam.care import policy as policy_figures
from zorgzaam.care.models import Match, Referral
from zorgzaam.core.api_types import Id, Pagination, id_query
from zorgzaam.core.dbrouter import reporting_reads
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import api_actor
from zorgzaam.people.models import Person

router = Router(tags=["care"])


class SignalOut(Schema):
    id: int
    person_id: int | None
    suggested_person_id: int | None
    address_text: str
    description_of_person: str
    description: str
    themes: list[str]
    urgency: str
    source: str
    consent_status: str
    consent_reason: str
    status: str
    area_id: int | None
    created_at: str

    @staticmethod
    def resolve_themes(obj):
        return [t.code for t in obj.themes.all()]

    @staticmethod
    def resolve_created_at(obj):
        return obj.created_at.isoformat()


class SignalIn(Schema):
    person_id: int | None = None
    description: str = Field(..., max_length=5000)
    address_text: str = Field("", max_length=250)
    description_of_person: str = Field("", max_length=300)
    themes: list[str] = []
    urgency: str = "normal"
    consent_status: str  # required: never pre-selected, the answer is the person's (issue 13 item 5)
    consent_reason: str = Field("", max_length=300)
    source: str = "professional"
    area_id: int | None = None


class RequestOut(Schema):
    id: int
    person_id: int
    area_id: int | None
    origin: str
    signal_id: int | None
    description: str
    themes: list[str]
    needs: list[str]
    needs_screened_helper: bool
    urgency: str
    status: str
    owner_id: int | None
    outcome: str
    resident_verdict: int | None
    on_behalf: bool
    created_at: str

    @staticmethod
    def resolve_themes(obj):
        return [t.code for t in obj.themes.all()]

    @staticmethod
    def resolve_needs(obj):
        return [t.code for t in obj.needs.all()]

    @staticmethod
    def resolve_created_at(obj):
        return obj.created_at.isoformat()


class RequestIn(Schema):
    person_id: int
    description: str = Field(..., max_length=5000)
    themes: list[str] = []
    needs: list[str] = []
    origin: str | None = None
    signal_id: int | None = None
    needs_screened_helper: bool = False
    urgency: str = "normal"
    owner_id: int | None = None


class TriageIn(Schema):
    owner_id: int | None = None
    needs: list[str] | None = None
    themes: list[str] | None = None
    needs_screened_helper: bool | None = None
    urgency: str | None = None
    note: str = ""


class CloseIn(Schema):
    outcome: str
    outcome_note: str = ""
    resident_verdict: int | None = None
    resident_verdict_note: str = Field("", max_length=500)


class NoteIn(Schema):
    note: str = Field(..., max_length=5000)


class TimelineOut(Schema):
    at: str
    what: str
    kind: str
    text: str

    @staticmethod
    def resolve_at(obj):
        return obj.at.isoformat()

    @staticmethod
    def resolve_text(obj):
        return obj.display_text()  # rendered now, in the reader's language


class MatchIn(Schema):
    helper_id: int


class MatchOut(Schema):
    id: int
    request_id: int
    helper_id: int
    state: str
    helper_rating: int | None
    resident_rating: int | None


class TaskOut(Schema):
    """What a helper may see: first name; address and phone only after accepting (phone with consent)."""

    id: int
    state: str
    closed: bool  # the helper's access ended: description, themes and name are empty
    description: str
    themes: list[str]
    first_name: str
    address: str | None
    phone: str | None


class FeedbackIn(Schema):
    rating: int | None = None
    feedback: str = Field("", max_length=500)
    note: str = Field("", max_length=500)


class HelperSuggestionOut(Schema):
    # OpenAPI components are keyed by class name: a second "SuggestionOut" replaced this one.
    helper_id: int
    name: str
    score: int
    components: dict[str, int]
    reasons: list[str]


class ReferralIn(Schema):
    service_id: int | None = None
    organisation_id: int | None = None
    message: str = Field(..., max_length=5000)


class ReferralOut(Schema):
    id: int
    request_id: int
    organisation_id: int
    service_id: int | None
    status: str
    message: str
    shared_data: dict
    partner_note: str
    outcome: str


class RespondIn(Schema):
    status: str
    note: str = ""
    outcome: str = Field("", max_length=300)


class BatchPairOut(Schema):
    request_id: int
    helper_id: int
    score: int


class BatchUnplacedOut(Schema):
    request_id: int
    reason: str = Field(description="no_helper, at_capacity or taken (see text)")
    text: str


class BatchCertificateOut(Schema):
    rounds: int = Field(description="Solve-and-check rounds of column generation")
    pairs_checked: int = Field(description="Feasible request-helper pairs checked against the duals")
    needs_bounded: int = Field(
        description="Requests whose left-out pairs score at most their 30th best, which the duals cover"
    )
    edges: int = Field(description="Pairs in the final solve")
    max_violation: int = Field(description="Largest gain an excluded pair could add: 0 proves optimality")
    duality_gap: int
    optimal: bool


class BatchOut(Schema):
    pairs: list[BatchPairOut]
    total: int
    greedy_total: int
    unassigned: list[int]
    placed: int
    greedy_placed: int
    unplaced: list[BatchUnplacedOut]
    certificate: BatchCertificateOut | None


class BatchIn(Schema):
    pairs: list[tuple[Id, Id]]  # (request id, helper id)


class BatchAcceptOut(Schema):
    created: list[int]
    problems: list[str]


class BatchRunOut(Schema):
    key: str
    state: str = Field(description="pending (running, or interrupted: send it again), done or failed")
    result: BatchAcceptOut | None = Field(description="What POST /batch answered, once done")
    created_at: str
    finished_at: str | None

    @staticmethod
    def resolve_created_at(obj):
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_finished_at(obj):
        return obj.finished_at.isoformat() if obj.finished_at else None


IDEMPOTENCY_KEY = Header(
    ...,
    alias="Idempotency-Key",
    description=(
        "A new random key (e.g. a UUID) for every batch; send the same key again only to retry the same "
        "batch (after a timeout or a crash): the retry returns the first answer and proposes nothing "
        "twice. The same key with other pairs is refused (422). 1-100 characters: letters, digits, "
        ". _ ~ : -. Keys are kept 7 days."
    ),
)


class PolicyTagIn(Schema):
    theme: str | None
    note: str = Field("", max_length=300)


# --- helpers ------------------------------------------------------------------------------------


def _person(actor, person_id):
    if person_id is None:
        return None
    p = Person.objects.filter(pk=person_id, network=actor.network).first()
    if p is None:
        raise ValidationError({"person_id": _("Unknown person.")})
    return p


def _area(actor, area_id):
    if area_id is None:
        return None
    a = Area.objects.filter(pk=area_id, network=actor.network).first()
    if a is None:
        raise ValidationError({"area_id": _("Unknown area.")})
    return a


def _managed(actor, request_id):
    return services.request_for_manage(actor, request_id)


def _signal_out(actor, sig):
    """Who a signal turned out to be about stays with staff: a reporter reads back only their own words."""
    if not services.can_manage_signal(actor, sig):
        sig.person_id = None
        sig.suggested_person_id = None
        sig.status = "received"  # nothing about the case: not whether it became a request or was closed
        sig.area_id = None
    return sig


# --- signals ------------------------------------------------------------------------------------


@router.get("/signals", response=list[SignalOut])
@paginate(Pagination)
def list_signals(request, network: str | None = None, status: str = "", urgency: str = ""):
    actor = api_actor(request, network)
    if not (services.is_staff(actor) or services.can_record_signal(actor)):
        raise PermissionDenied
    return [_signal_out(actor, s) for s in services.search_signals(actor, status=status, urgency=urgency)]


@router.post("/signals", response={201: SignalOut})
def create_signal(request, payload: SignalIn, network: str | None = None):
    actor = api_actor(request, network)
    data = payload.dict()
    if data["person_id"] is not None and not services.is_staff(actor):
        raise PermissionDenied  # only staff pick people from the register
    sig = services.record_signal(
        actor,
        person=_person(actor, data.pop("person_id")),
        area=_area(actor, data.pop("area_id")),
        **data,
    )
    return Status(201, _signal_out(actor, services.get_signal(actor, sig.pk, log_view=False)))


@router.get("/signals/{signal_id}", response=SignalOut)
def get_signal(request, signal_id: int, network: str | None = None):
    actor = api_actor(request, network)
    return _signal_out(actor, services.get_signal(actor, signal_id))


# --- requests -----------------------------------------------------------------------------------


@router.get("/requests", response=list[RequestOut])
@paginate(Pagination)
def list_requests(request, network: str | None = None, status: str = "", area: int | None = id_query()):
    # id_query, not the Id alias: @paginate's wrapper resolves annotations in ninja's module.
    actor = api_actor(request, network)
    return services.search_requests(actor, status=status, area=area).prefetch_related("needs")


@router.post("/requests", response={201: RequestOut})
def create_request(request, payload: RequestIn, network: str | None = None):
    actor = api_actor(request, network)
    data = payload.dict()
    person = _person(actor, data.pop("person_id"))
    owner = _person(actor, data.pop("owner_id"))
    signal_id = data.pop("signal_id")
    signal = services.get_signal(actor, signal_id, log_view=False) if signal_id else None
    req = services.create_request(actor, person=person, owner=owner, signal=signal, **data)
    return Status(201, services.get_request(actor, req.pk, log_view=False))


@router.get("/requests/{request_id}", response=RequestOut)
def get_request(request, request_id: int, network: str | None = None):
    return services.get_request(api_actor(request, network), request_id)


@router.get("/requests/{request_id}/timeline", response=list[TimelineOut])
def get_timeline(request, request_id: int, network: str | None = None):
    actor = api_actor(request, network)
    req = services.get_request(actor, request_id, log_view=False)
    return list(services.timeline_of(actor, req))


@router.post("/requests/{request_id}/triage", response=RequestOut)
def triage(request, request_id: int, payload: TriageIn, network: str | None = None):
    actor = api_actor(request, network)
    req = _managed(actor, request_id)
    data = payload.dict()
    services.triage(actor, req, owner=_person(actor, data.pop("owner_id")), **data)
    return services.get_request(actor, request_id, log_view=False)


@router.post("/requests/{request_id}/notes", response={201: TimelineOut})
def add_note(request, request_id: int, payload: NoteIn, network: str | None = None):
    actor = api_actor(request, network)
    return Status(201, services.add_note(actor, _managed(actor, request_id), payload.note))


@router.post("/requests/{request_id}/close", response=RequestOut)
def close(request, request_id: int, payload: CloseIn, network: str | None = None):
    actor = api_actor(request, network)
    services.close_request(actor, _managed(actor, request_id), **payload.dict())
    return services.get_request(actor, request_id, log_view=False)


@router.post("/requests/{request_id}/withdraw", response=RequestOut)
def withdraw(request, request_id: int, network: str | None = None):
    actor = api_actor(request, network)
    req = services.get_request(actor, request_id, log_view=False)
    services.withdraw_request(actor, req)
    return services.get_request(actor, request_id, log_view=False)


@router.post("/{kind}/{obj_id}/policy-tag")
def policy_tag(request, kind: str, obj_id: int, payload: PolicyTagIn, network: str | None = None):
    from zorgzaam.care.models import Request, Signal

    actor = api_actor(request, network)
    model = {"requests": Request, "signals": Signal}.get(kind)
    obj = model.objects.filter(pk=obj_id, network=actor.network).first() if model else None
    if obj is None:
        raise PermissionDenied
    obj = services.tag_policy(actor, obj, theme=payload.theme, note=payload.note)
    return {
        "id": obj.pk,
        "policy_theme": getattr(obj.policy_theme, "code", None),
        "policy_note": obj.policy_note,
    }


# --- matching -----------------------------------------------------------------------------------


@router.get("/requests/{request_id}/suggestions", response=list[HelperSuggestionOut])
def get_suggestions(request, request_id: int, network: str | None = None, limit: int = 10):
    actor = api_actor(request, network)
    rows = suggestions.suggestions_for(actor, _managed(actor, request_id), limit=min(max(limit, 1), 50))
    return [
        {
            "helper_id": r.helper.pk,
            "name": r.helper.full_name,
            "score": r.score,
            "components": {code: value for code, _label, value in r.components},
            "reasons": r.reasons,
        }
        for r in rows
    ]


@router.post("/requests/{request_id}/matches", response={201: MatchOut})
def propose(request, request_id: int, payload: MatchIn, network: str | None = None):
    actor = api_actor(request, network)
    req = _managed(actor, request_id)
    helper = Person.objects.filter(pk=payload.helper_id, network=actor.network).first()
    if helper is None:
        raise ValidationError({"helper_id": _("Unknown helper.")})
    return Status(201, services.propose_match(actor, req, helper))


@router.get("/batch", response=BatchOut)
def batch(request, area: int, network: str | None = None):
    actor = api_actor(request, network)
    area_obj = Area.objects.filter(pk=area, network=actor.network).first()
    if area_obj is None:
        raise PermissionDenied
    p = suggestions.batch_proposal(actor, area_obj)
    return {
        "pairs": [{"request_id": r.pk, "helper_id": h.pk, "score": s} for r, h, s in p.pairs],
        "total": p.total,
        "greedy_total": p.greedy_total,
        "unassigned": [r.pk for r in p.unassigned],
        "placed": p.placed,
        "greedy_placed": p.greedy_placed,
        "unplaced": [{"request_id": r.pk, "reason": code, "text": text} for r, code, text in p.unplaced],
        "certificate": p.certificate or None,
    }


@router.post("/batch", response=BatchAcceptOut)
def batch_accept(
    request, response: HttpResponse, payload: BatchIn, network: str | None = None, key: str = IDEMPOTENCY_KEY
):
    """Propose the chosen pairs, each on its own. Idempotent under the required Idempotency-Key: see
    GET /batch/{key} for how a batch went."""
    run, replayed = batches.accept_batch_once(api_actor(request, network), key, payload.pairs)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return run.result


@router.get("/batch/{key}", response=BatchRunOut)
def batch_run(request, key: str, network: str | None = None):
    return batches.get_run(api_actor(request, network), key)


@router.post("/matches/{match_id}/cancel", response=MatchOut)
def cancel_match(request, match_id: int, network: str | None = None):
    actor = api_actor(request, network)
    match = Match.objects.filter(pk=match_id, request__network=actor.network).first()
    if match is None:
        raise PermissionDenied
    return services.cancel_match(actor, match)


@router.post("/matches/{match_id}/feedback", response=MatchOut)
def feedback(request, match_id: int, payload: FeedbackIn, network: str | None = None):
    actor = api_actor(request, network)
    match = Match.objects.filter(pk=match_id, request__network=actor.network).first()
    if match is None:
        raise PermissionDenied
    return services.give_feedback(actor, match, rating=payload.rating, feedback=payload.feedback)


# --- a helper's own tasks -------------------------------------------------------------------------


@router.get("/tasks", response=list[TaskOut])
def list_tasks(request, network: str | None = None):
    actor = api_actor(request, network)
    return services.task_views(services.my_tasks(actor))


@router.get("/tasks/{match_id}", response=TaskOut)
def get_task(request, match_id: int, network: str | None = None):
    actor = api_actor(request, network)
    return services.task_view(services.get_task(actor, match_id))


@router.post("/tasks/{match_id}/{action}", response=TaskOut)
def task_action(request, match_id: int, action: str, payload: FeedbackIn, network: str | None = None):
    actor = api_actor(request, network)
    match = services.get_task(actor, match_id)
    if action == "accept":
        services.accept_match(actor, match)
    elif action == "decline":
        services.decline_match(actor, match, note=payload.note)
    elif action == "too_heavy":
        services.decline_match(actor, match, too_heavy=True, note=payload.note)
    elif action == "start":
        services.start_match(actor, match)
    elif action == "done":
        services.finish_match(actor, match, rating=payload.rating, feedback=payload.feedback)
    else:
        raise ValidationError({"action": _("Unknown action.")})
    return services.task_view(services.get_task(actor, match_id))


# --- referrals ----------------------------------------------------------------------------------


@router.post("/requests/{request_id}/referrals", response={201: ReferralOut})
def refer(request, request_id: int, payload: ReferralIn, network: str | None = None):
    from zorgzaam.socialmap.models import Service

    actor = api_actor(request, network)
    req = _managed(actor, request_id)
    service = organisation = None
    if payload.service_id is not None:
        service = Service.objects.filter(pk=payload.service_id, organisation__network=actor.network).first()
        if service is None:
            raise ValidationError({"service_id": _("Unknown service.")})
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id, network=actor.network).first()
        if organisation is None:
            raise ValidationError({"organisation_id": _("Unknown organisation.")})
    return Status(
        201,
        services.create_referral(
            actor, req, service=service, organisation=organisation, message=payload.message
        ),
    )


@router.get("/requests/{request_id}/referrals", response=list[ReferralOut])
def request_referrals(request, request_id: int, network: str | None = None):
    actor = api_actor(request, network)
    return list(_managed(actor, request_id).referrals.all())


@router.get("/inbox", response=list[ReferralOut])
@paginate(Pagination)
def partner_inbox(request, network: str | None = None):
    actor = api_actor(request, network)
    if not actor.organisation_ids():
        raise PermissionDenied
    return services.inbox(actor)


@router.post("/referrals/{referral_id}/respond", response=ReferralOut)
def respond(request, referral_id: int, payload: RespondIn, network: str | None = None):
    actor = api_actor(request, network)
    ref = Referral.objects.filter(pk=referral_id, request__network=actor.network).first()
    if ref is None:
        raise PermissionDenied
    return services.respond_referral(actor, ref, **payload.dict())


@router.get("/policy")
def policy(request, network: str | None = None, year: int | None = None):
    actor = api_actor(request, network)
    with reporting_reads():  # policy figures: may come from the read replica (core.dbrouter)
        return policy_figures.as_json(policy_figures.policy_overview(actor, year))


from zorgzaam.care import api_offline, api_open  # noqa: E402, F401 - they register on this router
