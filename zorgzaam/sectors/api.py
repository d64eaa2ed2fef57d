"""Sectors, indicators and import jobs over the API: the same services and rules as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zorgzaam.people.actor import api_actor
from zorgzaam.sectors import jobs, services
from zorgzaam.sectors.models import Indicator

router = Router(tags=["sectors"])


class SectorSetOut(Schema):
    id: int
    reference_year: int
    name: str
    source: str
    crs_source: str
    feature_count: int
    current: bool


class IndicatorOut(Schema):
    code: str
    name: str
    name_nl: str
    name_fr: str
    name_en: str
    definition: str
    source: str
    unit: str
    kind: str
    aggregation: str
    numerator_code: str
    denominator_code: str
    population_group: str


class AggregateOut(Schema):
    indicator: str
    value: float | None
    display: str
    suppressed: bool
    method: str
    year: int | None


class SectorValueOut(Schema):
    sector: str
    value: float | None
    display: str
    suppressed: bool


class AreaIndicatorsOut(Schema):
    area_id: int
    k: int
    aggregates: list[AggregateOut]
    sectors: dict[str, list[SectorValueOut]]


class AreaSectorsIn(Schema):
    codes: list[str]


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress: int
    message: str
    counts: dict
    errors: list
    sector_set_id: int | None
    waiting_for_worker: bool = Field(
        description="Queued, and no background worker has picked it up (none is running, or it is busy)."
    )

    @staticmethod
    def resolve_message(obj):
        return obj.shown_message

    @staticmethod
    def resolve_errors(obj):
        return obj.shown_errors

    @staticmethod
    def resolve_waiting_for_worker(obj):
        return jobs.waiting_for_worker(obj)


@router.get("/sets", response=list[SectorSetOut])
def list_sets(request, network: str | None = None):
    """The complete sector layers: for staff who read sector rows and for the platform administrator
    (who imports them, with or without a network), the same rule as the layer pages."""
    actor = api_actor(request, network)
    if not services.can_see_layers(actor):
        raise PermissionDenied
    current = services.current_sector_set()
    return [
        {**{f: getattr(s, f) for f in SectorSetOut.model_fields if f != "current"}, "current": s == current}
        for s in services.sector_sets()
    ]


@router.post("/sets", response={202: JobOut})
def import_set(
    request,
    file: File[UploadedFile],
    reference_year: Form[int | None] = None,
    name: Form[str] = "",
    network: str | None = None,
):
    """Queue a sector layer import (platform administrator only: the layer is shared by every network).
    Follow it with GET jobs/{id}."""
    actor = api_actor(request, network)
    job = services.start_sector_import(actor, file, reference_year=reference_year, name=name)
    return Status(202, job)


@router.get("/areas/{area_id}/sectors")
def area_sectors(request, area_id: int, network: str | None = None):
    """The sectors of an area as a GeoJSON FeatureCollection (WGS84)."""
    actor = api_actor(request, network)
    area = services.get_area(actor, area_id)
    if not services.can_read_sector_rows(actor, area):
        raise PermissionDenied
    sectors = services.sectors_of_area(area)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": s.code,
                "geometry": s.geometry,
                "properties": {
                    "code": s.code,
                    "name_nl": s.name_nl,
                    "name_fr": s.name_fr,
                    "nis_code": s.nis_code,
                    "area_m2": s.area_m2,
                },
            }
            for s in sectors
        ],
    }


@router.put("/areas/{area_id}/sectors")
def set_area_sectors(request, area_id: int, payload: AreaSectorsIn, network: str | None = None):
    actor = api_actor(request, network)
    area = services.get_area(actor, area_id)
    sectors = services.set_area_sectors(actor, area, payload.codes)
    return {"area_id": area.pk, "codes": [s.code for s in sectors]}


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request, network: str | None = None):
    if not services.can_read_indicators(api_actor(request, network)):
        raise PermissionDenied
    return list(Indicator.objects.all())


@router.get("/areas/{area_id}/indicators", response=AreaIndicatorsOut)
def area_indicators(request, area_id: int, year: int | None = None, network: str | None = None):
    """Aggregates per indicator (suppressed below k) and, for staff, values per sector."""
    actor = api_actor(request, network)
    report = services.area_report(actor, services.get_area(actor, area_id), year)
    sectors = {}
    for row in report["rows"]:
        if row["cells"]:
            sectors[row["indicator"].code] = [
                {
                    "sector": c["code"],
                    "value": c["value"],
                    "display": c["display"],
                    "suppressed": c["suppressed"],
                }
                for c in row["cells"]
            ]
    return {
        "area_id": area_id,
        "k": report["k"],
        "aggregates": [
            {
                "indicator": row["indicator"].code,
                "value": row["aggregate"].value,
                "display": row["aggregate"].display,
                "suppressed": row["aggregate"].suppressed,
                "method": row["aggregate"].method,
                "year": row["aggregate"].year,
            }
            for row in report["rows"]
        ],
        "sectors": sectors,
    }


@router.get("/jobs/{job_id}", response=JobOut)
def job(request, job_id: int, network: str | None = None):
    return services.get_job(api_actor(request, network), job_id)


class IndicatorValuesOut(Schema):
    indicator: str
    area_id: int
    year: int | None
    aggregate: AggregateOut
    values: list[SectorValueOut]


@router.get("/indicators/{code}/values", response=IndicatorValuesOut)
def indicator_values(request, code: str, area: int, year: int | None = None, network: str | None = None):
    """One indicator for the sectors of an area (staff) with the area aggregate; small counts suppressed."""
    actor = api_actor(request, network)
    the_area = services.get_area(actor, area)
    if not services.can_read_sector_rows(actor, the_area):
        raise PermissionDenied
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        from django.http import Http404

        raise Http404
    result = services.indicator_report(actor, the_area, indicator, year)
    agg = result["aggregate"]
    return {
        "indicator": code,
        "area_id": the_area.pk,
        "year": agg.year,
        "aggregate": {
            "indicator": code,
            "value": agg.value,
            "display": agg.display,
            "suppressed": agg.suppressed,
            "method": agg.method,
            "year": agg.year,
        },
        "values": result["cells"],
    }
