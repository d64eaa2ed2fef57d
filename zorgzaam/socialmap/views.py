from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.core.middleware import client_ip
from zorgzaam.networks.models import Area, Network
from zorgzaam.people.actor import Actor
from zorgzaam.socialmap import hsds, services
from zorgzaam.socialmap.forms import (
    ClaimForm,
    ImportForm,
    OrganisationForm,
    ReportForm,
    ScheduleFormSet,
    SearchForm,
    ServiceForm,
    schedules_from,
)
from zorgzaam.socialmap.models import EditorClaim, OutdatedReport, Service


def _require_view(actor) -> None:
    if not services.can_view(actor):
        raise PermissionDenied


def _search(request):
    actor = request.actor
    _require_view(actor)
    form = SearchForm(request.GET or None, network=actor.network)
    qs = services.search_services(actor, **form.filters())
    return form, qs


def _map_data(actor, results) -> dict:
    return {
        "points": [p for p in (services.service_point(s) for s in results) if p],
        "areas": [
            {"name": a.name, "boundary": a.boundary}
            for a in Area.objects.filter(network=actor.network).exclude(boundary=None)
        ],
        "detail_url": "/socialmap/services/0/",
    }


@login_required
def service_list(request):
    actor = request.actor
    form, qs = _search(request)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    editable = list(services.editable_organisations(actor)[:50])
    ctx = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "outdated_cutoff": services.outdated_cutoff(),
        "editable": bool(editable),
        # Partner staff get a shortcut to their own organisation(s); coordinators edit everything.
        "own_organisations": [] if actor.is_coordinator() else editable,
        "can_manage": services.can_manage(actor),
        "open_reports": services.visible_reports(actor).count() if editable else 0,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "service-results":
        return render(request, "socialmap/_results.html", ctx)
    return render(request, "socialmap/list.html", ctx)


@login_required
def service_map(request):
    actor = request.actor
    form, qs = _search(request)
    results = list(qs[:500])
    return render(
        request,
        "socialmap/map.html",
        {
            "form": form,
            "results": results,
            "map_data": _map_data(actor, results),
            "outdated_cutoff": services.outdated_cutoff(),
        },
    )


@login_required
def service_detail(request, pk):
    actor = request.actor
    service = services.get_service(actor, pk)
    return render(
        request,
        "socialmap/detail.html",
        {
            "service": service,
            "can_edit": services.can_edit_service(actor, service),
            "outdated": services.is_outdated(service),
            "reports": service.reports.filter(resolved_at__isnull=True)
            if services.can_edit_service(actor, service)
            else [],
            "map_data": _map_data(actor, [service]) if service.latitude is not None else None,
        },
    )


def _service_form(request, service, organisation):
    actor = request.actor
    form = ServiceForm(request.POST or None, instance=service, network=actor.network)
    initial = (
        [
            {"weekday": h.weekday, "opens_at": h.opens_at, "closes_at": h.closes_at}
            for h in service.schedules.all()
        ]
        if service
        else []
    )
    formset = ScheduleFormSet(request.POST or None, initial=initial, prefix="hours")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kwargs = form.service_kwargs()
        kwargs["schedules"] = schedules_from(formset)
        try:
            if service is None:
                service = services.create_service(actor, organisation, **kwargs)
            else:
                service = services.update_service(actor, service, **kwargs)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("socialmap:detail", pk=service.pk)
    return render(
        request,
        "socialmap/service_form.html",
        {"form": form, "formset": formset, "service": service, "organisation": organisation},
    )


@login_required
def service_create(request, org_pk):
    organisation = services.get_organisation(request.actor, org_pk)
    if not services.can_edit_organisation(request.actor, organisation):
        raise PermissionDenied
    return _service_form(request, None, organisation)


@login_required
def service_edit(request, pk):
    service = services.get_service(request.actor, pk)
    if not services.can_edit_service(request.actor, service):
        raise PermissionDenied
    # Re-read so a failed form does not leave unsaved values on a shared instance.
    service = Service.objects.select_related("organisation").get(pk=service.pk)
    return _service_form(request, service, service.organisation)


@login_required
@require_POST
def service_verify(request, pk):
    service = services.get_service(request.actor, pk)
    services.verify_service(request.actor, service)
    messages.success(request, _("Thank you: the entry is marked as checked today."))
    return redirect("socialmap:detail", pk=service.pk)


@login_required
def service_report(request, pk):
    actor = request.actor
    service = services.get_service(actor, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_outdated(actor, service, form.cleaned_data["what_is_wrong"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you. The people who keep this entry up to date will look at it.")
            )
            return redirect("socialmap:detail", pk=service.pk)
    return render(request, "socialmap/report.html", {"form": form, "service": service})


def public_report(request, hsds_id):
    """Anyone, also without an account, may tell us an entry is wrong (rate limited)."""
    service = (
        Service.objects.select_related("organisation__network").filter(hsds_id=hsds_id, active=True).first()
    )
    if service is None:
        raise Http404
    actor = Actor(user=None, network=service.organisation.network, via="ui", ip=client_ip(request), _roles=[])
    form = ReportForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            services.report_outdated(actor, service, form.cleaned_data["what_is_wrong"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            done = True
    return render(
        request, "socialmap/report.html", {"form": form, "service": service, "public": True, "done": done}
    )


def public_json(request, slug):
    """Active services of a network, for public neighbourhood pages (not personal data)."""
    network = get_object_or_404(Network, slug=slug)
    area = None
    if request.GET.get("area"):
        area = get_object_or_404(Area, network=network, slug=request.GET["area"])
    return JsonResponse({"services": services.public_services(network, area)})


@login_required
def organisation_list(request):
    actor = request.actor
    _require_view(actor)
    organisations = services.organisations_with_counts(actor)
    return render(
        request,
        "socialmap/organisations.html",
        {"organisations": organisations, "can_create": services.can_manage(actor)},
    )


@login_required
def organisation_create(request):
    actor = request.actor
    if not services.can_manage(actor):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(actor, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("socialmap:organisation", pk=organisation.pk)
    return render(request, "socialmap/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_detail(request, pk):
    actor = request.actor
    organisation = services.get_organisation(actor, pk)
    can_edit = services.can_edit_organisation(actor, organisation)
    qs = organisation.services.prefetch_related("categories")
    if not can_edit:
        qs = qs.filter(active=True)
    return render(
        request,
        "socialmap/organisation.html",
        {
            "organisation": organisation,
            "services": qs,
            "can_edit": can_edit,
            "can_claim": services.can_claim(actor, organisation),
            "outdated_cutoff": services.outdated_cutoff(),
        },
    )


@login_required
def organisation_edit(request, pk):
    actor = request.actor
    organisation = services.get_organisation(actor, pk)
    if not services.can_edit_organisation(actor, organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(actor, organisation, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("socialmap:organisation", pk=organisation.pk)
    return render(request, "socialmap/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_claim(request, pk):
    actor = request.actor
    organisation = services.get_organisation(actor, pk)
    if not services.can_claim(actor, organisation):
        raise PermissionDenied
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_claim(actor, organisation, form.cleaned_data["motivation"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the coordinators."))
            return redirect("socialmap:organisation", pk=organisation.pk)
    return render(request, "socialmap/claim.html", {"form": form, "organisation": organisation})


@login_required
def claim_list(request):
    claims = services.pending_claims(request.actor)
    return render(request, "socialmap/claims.html", {"claims": claims})


@login_required
@require_POST
def claim_decide(request, pk):
    actor = request.actor
    if not services.can_manage(actor):
        raise PermissionDenied
    claim = get_object_or_404(EditorClaim, pk=pk, organisation__network=actor.network)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_claim(actor, claim, approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approved.") if approve else _("Declined."))
    return redirect("socialmap:claims")


@login_required
def report_list(request):
    actor = request.actor
    _require_view(actor)
    if not services.editable_organisations(actor).exists():
        raise PermissionDenied
    return render(request, "socialmap/reports.html", {"reports": services.visible_reports(actor)})


@login_required
@require_POST
def report_resolve(request, pk):
    actor = request.actor
    report = get_object_or_404(
        OutdatedReport.objects.select_related("service__organisation"),
        pk=pk,
        service__organisation__network=actor.network,
    )
    services.resolve_report(actor, report)
    messages.success(request, _("Marked as handled."))
    return redirect("socialmap:reports")


@login_required
def hsds_page(request):
    actor = request.actor
    if not services.can_manage(actor):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = problems = None
    if request.method == "POST" and form.is_valid():
        try:
            result = hsds.import_hsds(actor, form.cleaned_data["file"], form.fmt())
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("The file was imported."))
    return render(request, "socialmap/hsds.html", {"form": form, "result": result, "problems": problems})


@login_required
def hsds_export_json(request):
    body = hsds.export_json(request.actor)
    resp = HttpResponse(body, content_type="application/json; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{request.actor.network.slug}-hsds.json"'
    return resp


@login_required
def hsds_export_zip(request):
    body = hsds.export_csv_zip(request.actor)
    resp = HttpResponse(body, content_type="application/zip")
    resp["Content-Disposition"] = f'attachment; filename="{request.actor.network.slug}-hsds-csv.zip"'
    return resp
