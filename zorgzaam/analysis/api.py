"""Neighbourhood analysis over the API: the same services and suppression as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status

from zorgzaam.analysis import services
from zorgzaam.analysis.models import Observation, Theme
from zorgzaam.core.dbrouter import reporting_reads
from zorgzaam.networks.models import Area
from zorgzaam.people.actor import api_actor, build_actor

router = Router(tags=["analysis"])


class ObservationOut(Schema):
    id: int
    area_id: int | None
    sector_code: str
    place: str
    theme: str
    kind: str
    text: str
    observed_on: dt.date
    source: str
    shareable: bool


class ObservationIn(Schema):
    area_id: int | None = None
    sector_code: str = Field("", max_length=20)
    place: str = Field("", max_length=200)
    theme: str = Theme.OTHER
    kind: str
    text: str = Field(..., min_length=1)
    observed_on: dt.date
    source: str = Observation.Source.WALK
    shareable: bool = False


class SnapshotIn(Schema):
    label: str = Field(..., min_length=1, max_length=200)
    taken_on: dt.date | None = None


@router.get("/observations", response=list[ObservationOut])
def list_observations(request, network: str | None = None, q: str = "", theme: str = "", kind: str = ""):
    actor = api_actor(request, network)
    if not services.can_view_analysis(actor):
        raise PermissionDenied
    return list(services.search_observations(actor, q=q, theme=theme, kind=kind)[:500])


@router.post("/observations", response={201: ObservationOut})
def create_observation(request, payload: ObservationIn, network: str | None = None):
    actor = api_actor(request, network)
    data = payload.dict()
    area_id = data.pop("area_id")
    area = None
    if area_id is not None:
        area = Area.objects.filter(pk=area_id).first()
        if area is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"area_id": "Unknown area."})
    return Status(201, services.save_observation(actor, area=area, **data))


def _overview_json(ov: dict) -> dict:
    return {
        "k": ov["k"],
        "measure": ov["measure"],
        "areas": [
            {
                "id": r["area"].pk,
                "name": r["area"].name,
                "value": r["value"],
                "hidden": r["hidden"],
                "hospiscore": r["hospiscore"]["total"],
                "components": [
                    {k: c[k] for k in ("measure", "label", "value", "weight", "direction", "contribution")}
                    for c in r["hospiscore"]["components"]
                ],
                "observations": r["observations"],
            }
            for r in ov["table"]
        ],
        "municipality_value": ov["municipality_value"],
        "municipality_hidden": ov["municipality_hidden"],
        "municipality_note": ov["municipality_note"],
        "reach": [
            {
                "area_id": s["area"].pk,
                "reached": s["reached"],
                "suppressed": s["suppressed"],
                "population_source": s["population_source"],
                "groups": [r.as_dict() for r in rows],
            }
            for s, rows in ov["reach"]
        ],
        "reach_period": {"start": ov["start"].isoformat(), "end": ov["end"].isoformat()},
    }


@router.get("/overview")
def overview(
    request,
    network: str | None = None,
    measure: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
):
    actor = api_actor(request, network)
    with reporting_reads():  # a report: may come from the read replica (core.dbrouter)
        return _overview_json(services.analysis_overview(actor, measure=measure, start=start, end=end))


@router.get("/geojson")
def geojson(request, network: str | None = None, measure: str = ""):
    actor = api_actor(request, network)
    with reporting_reads():
        return services.analysis_overview(actor, measure=measure)["geojson"]


@router.get("/surveys/{survey_id}/results")
def survey_results(request, survey_id: int, network: str | None = None):
    actor = api_actor(request, network)
    res = services.survey_results(actor, services.get_survey(actor, survey_id))

    def block(b):
        return {
            "n": b["n"],
            "suppressed": b["suppressed"],
            "questions": [
                {
                    "id": q["question"].pk,
                    "text": q["question"].text,
                    "mean": q.get("mean"),
                    "distribution": q.get("distribution"),
                    "texts": q.get("texts"),
                }
                for q in b["questions"]
            ],
        }

    return {
        "k": res["k"],
        "total": block(res["total"]),
        "areas": [{"area_id": b["area"].pk, **block(b)} for b in res["areas"]],
    }


@router.get("/snapshots")
def list_snapshots(request, network: str | None = None):
    actor = api_actor(request, network)
    if not services.can_view_analysis(actor):
        raise PermissionDenied
    return [
        {"id": s.pk, "label": s.label, "taken_on": s.taken_on.isoformat()}
        for s in services.Snapshot.objects.filter(network=actor.network)
    ]


@router.post("/snapshots", response={201: dict})
def create_snapshot(request, payload: SnapshotIn, network: str | None = None):
    actor = api_actor(request, network)
    snap = services.take_snapshot(actor, label=payload.label, taken_on=payload.taken_on)
    return Status(201, {"id": snap.pk})


@router.get("/snapshots/compare")
def compare(request, a: int, b: int, network: str | None = None):
    actor = api_actor(request, network)
    return services.compare_snapshots(actor, services.get_snapshot(actor, a), services.get_snapshot(actor, b))


class SurveyOut(Schema):
    id: int
    title: str
    status: str
    key: str
    allow_anonymous: bool


class AnswersIn(Schema):
    answers: dict[str, int | str | list[str]]
    area_id: int | None = None
    token: str = ""
    paper: bool = False


@router.get("/surveys", response=list[SurveyOut])
def list_surveys(request, network: str | None = None):
    actor = api_actor(request, network)
    if not services.can_view_analysis(actor):
        raise PermissionDenied
    return list(services.visible_surveys(actor))


def _area_of(survey, area_id):
    from django.core.exceptions import ValidationError

    if area_id is None:
        return None
    area = Area.objects.filter(pk=area_id, network=survey.network).first()
    if area is None:
        raise ValidationError({"area_id": "Unknown area."})
    return area


@router.post("/surveys/{key}/responses", response={201: dict}, auth=None)
def answer_survey_anonymously(request, key: str, payload: AnswersIn):
    """Open to anyone with the link and a one-time code (no session is used here, so no CSRF risk)."""
    survey = services.survey_for_answering(key)
    resp = services.submit_response(
        None, survey, answers=payload.answers, area=_area_of(survey, payload.area_id), token=payload.token
    )
    return Status(201, {"id": resp.pk})


@router.post("/surveys/{key}/my-response", response={201: dict})
def answer_survey_as_member(request, key: str, payload: AnswersIn):
    """A logged-in member answers once; staff send paper answers with paper=true."""
    survey = services.Survey.objects.filter(key=key).select_related("network").first()
    if survey is None:
        raise PermissionDenied
    actor = build_actor(request.user, survey.network, via="api")
    if actor.person is None:
        raise PermissionDenied
    resp = services.submit_response(
        actor, survey, answers=payload.answers, area=_area_of(survey, payload.area_id), paper=payload.paper
    )
    return Status(201, {"id": resp.pk})
