"""Pages for sector layers, areas of sectors and indicators. Thin: services decide."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgzaam.core import uploads
from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.sectors import indicators as tables
from zorgzaam.sectors import jobs, services
from zorgzaam.sectors.forms import (
    AreaSectorsForm,
    IndicatorForm,
    MappingForm,
    SectorImportForm,
    TableUploadForm,
)
from zorgzaam.sectors.models import Indicator, Sector, SectorSet

SESSION_TABLE = "sectors_table_upload"


@login_required
def index(request):
    actor = request.actor
    admin = services.is_platform_admin(actor)
    _require(services.can_read_indicators(actor) or admin)
    areas = services.readable_areas(actor).annotate(n_sectors=Count("area_sectors"))
    return render(
        request,
        "sectors/index.html",
        {
            "current": services.current_sector_set(),
            "areas": areas,
            "can_import": admin,
            "can_rows": services.can_read_sector_rows(actor),
            "can_layers": services.can_see_layers(actor),
        },
    )


# --- sector layers ------------------------------------------------------------------------------


@login_required
def set_list(request):
    actor = request.actor
    _require(services.can_see_layers(actor))
    sets = list(services.sector_sets())
    summaries = services.change_summaries(sets)
    for s in sets:
        s.summary = services.labelled_counts({k: n for k, n in summaries[s.pk].items() if k != "unchanged"})
    form = None
    if services.is_platform_admin(actor):
        form = SectorImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = services.start_sector_import(
                    actor,
                    form.cleaned_data["file"],
                    reference_year=form.cleaned_data["reference_year"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("sectors:job", pk=job.pk)
    elif request.method == "POST":
        deny()  # sector layers are shared by every network: platform administrator only
    return render(
        request,
        "sectors/set_list.html",
        {"sets": sets, "form": form, "current": services.current_sector_set()},
    )


@login_required
def set_detail(request, pk):
    actor = request.actor
    _require(services.can_see_layers(actor))
    sset = SectorSet.objects.filter(pk=pk, complete=True).first()
    if sset is None:
        deny()
    q = request.GET.get("q", "").strip()
    qs = Sector.objects.filter(sector_set=sset).only("code", "name_nl", "name_fr", "nis_code", "area_m2")
    if q:
        qs = qs.filter(
            Q(code__icontains=q) | Q(name_nl__icontains=q) | Q(name_fr__icontains=q) | Q(nis_code=q)
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    changes = sset.changes_in.exclude(kind="unchanged")[:200]
    return render(
        request,
        "sectors/set_detail.html",
        {
            "set": sset,
            "page": page,
            "q": q,
            "summary": services.labelled_counts(services.change_summary(sset)),
            "changes": changes,
        },
    )


@login_required
def job_detail(request, pk):
    job = services.get_job(request.actor, pk)
    template = "sectors/_job_status.html" if request.headers.get("HX-Request") else "sectors/job.html"
    return render(
        request,
        template,
        {
            "job": job,
            "counts": services.labelled_counts(job.counts),
            "waiting_for_worker": jobs.waiting_for_worker(job),
        },
    )


# --- areas of sectors ---------------------------------------------------------------------------


def _feature(sector, selected: bool, other_areas=None) -> dict:
    return {
        "type": "Feature",
        "geometry": sector.geometry,
        "properties": {
            "code": sector.code,
            "name": sector.name,
            "selected": selected,
            "other_areas": other_areas or [],
        },
    }


@login_required
def area_sectors(request, area_id):
    actor = request.actor
    area = services.get_area(actor, area_id)
    _require(services.can_read_sector_rows(actor, area))
    can_edit = services.can_manage(actor)
    chosen = set(services.sectors_of_area(area).values_list("code", flat=True))
    candidates = list(services.network_sectors(area.network))
    if chosen - {s.code for s in candidates}:
        candidates += list(services.sectors_of_area(area).exclude(pk__in=[s.pk for s in candidates]))
    candidates.sort(key=lambda s: s.code)
    elsewhere = services.sectors_in_other_areas(area)
    form = AreaSectorsForm(
        request.POST or None, sectors=candidates, elsewhere=elsewhere, initial={"codes": sorted(chosen)}
    )
    if request.method == "POST":
        _require(can_edit)
        if form.is_valid():
            codes = list(form.cleaned_data["codes"]) + services.parse_codes(form.cleaned_data["pasted"])
            try:
                services.set_area_sectors(actor, area, codes)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The sectors of %(area)s were saved.") % {"area": area.name})
                return redirect("sectors:area_sectors", area_id=area.pk)
    data = {
        "type": "FeatureCollection",
        "features": [_feature(s, s.code in chosen, elsewhere.get(s.code)) for s in candidates],
        "boundary": area.boundary,
        "editable": can_edit,
        "labels": {"selected": _("in this area"), "not_selected": _("not in this area")},
    }
    return render(
        request,
        "sectors/area_sectors.html",
        {
            "area": area,
            "form": form,
            "can_edit": can_edit,
            "can_import": services.is_platform_admin(actor),
            "chosen": sorted(chosen),
            "map_data": data,
            "has_sectors": bool(candidates),
            "current": services.current_sector_set(),
        },
    )


@login_required
def area_indicators(request, area_id):
    actor = request.actor
    area = services.get_area(actor, area_id)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    report = services.area_report(actor, area, year)
    return render(request, "sectors/area_indicators.html", report)


@login_required
def area_indicators_csv(request, area_id):
    from django.http import HttpResponse
    from django.utils.text import slugify

    actor = request.actor
    area = services.get_area(actor, area_id)
    year = request.GET.get("year")
    body = services.area_report_csv(actor, area, int(year) if year and year.isdigit() else None)
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(area.name)}-indicators.csv"'
    return response


# --- indicators ---------------------------------------------------------------------------------


@login_required
def indicator_list(request):
    actor = request.actor
    admin = services.is_platform_admin(actor)
    _require(services.can_read_indicators(actor) or admin)
    indicators = Indicator.objects.annotate(n_values=Count("values"))
    return render(
        request,
        "sectors/indicator_list.html",
        {"indicators": indicators, "can_manage": admin},
    )


@login_required
def indicator_edit(request, pk=None):
    actor = request.actor
    _require(services.is_platform_admin(actor))
    instance = Indicator.objects.filter(pk=pk).first() if pk else None
    if pk and instance is None:
        deny()
    form = IndicatorForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_indicator(actor, Indicator.objects.filter(pk=pk).first(), **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("sectors:indicators")
    return render(request, "sectors/indicator_form.html", {"form": form, "indicator": instance})


@login_required
def indicator_import(request):
    """Step 1: upload a table; step 2 (same page): preview and map its columns."""
    actor = request.actor
    _require(services.is_platform_admin(actor))
    upload = request.session.get(SESSION_TABLE)
    if request.method == "POST" and "file" in request.FILES:
        form = TableUploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            if not f.name.lower().endswith(services.TABLE_EXTENSIONS):
                form.add_error("file", _("Upload a CSV, TXT or XLSX file."))
            else:
                path = None
                try:
                    path = services.store_upload(f, kind=uploads.INDICATORS)
                    tables.read_table(path, f.name)
                except ValidationError as exc:
                    if path is not None:
                        Path(path).unlink(missing_ok=True)
                    _apply_errors(form, exc)
                else:
                    request.session[SESSION_TABLE] = {"path": str(path), "filename": f.name}
                    return redirect("sectors:indicator_import")
        return render(request, "sectors/indicator_import.html", {"upload_form": form})
    if not upload or not Path(upload["path"]).exists():
        return render(request, "sectors/indicator_import.html", {"upload_form": TableUploadForm()})
    headers, rows = tables.read_table(upload["path"], upload["filename"])
    suggested, source = tables.suggest_mapping(headers)
    form = MappingForm(
        request.POST or None,
        headers=headers,
        initial_mapping=suggested,
        initial={
            "source_name": source.name if source else upload["filename"],
            "default_year": tables.suggest_year(suggested, upload["filename"]),
        },
    )
    if request.method == "POST" and request.POST.get("cancel"):
        Path(upload["path"]).unlink(missing_ok=True)
        del request.session[SESSION_TABLE]
        return redirect("sectors:indicator_import")
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        try:
            # Check the mapping itself now; rows are validated by the import job.
            tables.check_mapping(
                headers, {c: tuple(v) for c, v in mapping.items()}, form.cleaned_data["default_year"]
            )
            job = services.start_indicator_import(
                actor,
                upload["path"],
                filename=upload["filename"],
                mapping=mapping,
                default_year=form.cleaned_data["default_year"],
                source_name=form.cleaned_data["source_name"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            del request.session[SESSION_TABLE]
            return redirect("sectors:job", pk=job.pk)
    return render(
        request,
        "sectors/indicator_import.html",
        {
            "form": form,
            "headers": headers,
            "preview": rows[:5],
            "n_rows": len(rows),
            "source": source,
            "filename": upload["filename"],
        },
    )
