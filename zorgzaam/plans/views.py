from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.plans import forms, services
from zorgzaam.plans.models import Action, Indicator


@login_required
def index(request):
    actor = request.actor
    plans = services.list_plans(actor)
    form = forms.PlanForm(request.POST or None, initial={"template": services.TEMPLATE_KEY})
    if request.method == "POST":
        if not services.can_edit_plans(actor):
            raise PermissionDenied
        if form.is_valid():
            try:
                plan = services.create_plan(actor, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The plan was made."))
                return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/index.html",
        {"plans": plans, "form": form, "can_edit": services.can_edit_plans(actor)},
    )


@login_required
def detail(request, pk):
    actor = request.actor
    plan = services.get_plan(actor, pk)
    overview = services.plan_overview(actor, plan)
    return render(
        request,
        "plans/detail.html",
        {
            **overview,
            "chart": services.chart_data(overview),
            "chart_labels": {"target": _("target")},
            "can_edit": services.can_edit_plans(actor),
            "can_measure": services.can_measure(actor),
            "see_recorder": services.can_see_recorder(actor),
        },
    )


@login_required
def structure(request, pk):
    actor = request.actor
    plan = services.get_plan(actor, pk)
    if not services.can_edit_plans(actor):
        raise PermissionDenied
    which = request.POST.get("which")
    dform = forms.DomainForm(request.POST if which == "domain" else None, prefix="d")
    tform = forms.TrackForm(request.POST if which == "track" else None, prefix="t")
    gform = forms.GoalForm(request.POST if which == "goal" else None, prefix="g", plan=plan)
    if request.method == "POST":
        form = {"domain": dform, "track": tform, "goal": gform}.get(which)
        if form is not None and form.is_valid():
            fn = {"domain": services.add_domain, "track": services.add_track, "goal": services.set_goal}[
                which
            ]
            try:
                fn(actor, plan, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("plans:structure", pk=plan.pk)
    return render(
        request,
        "plans/structure.html",
        {"plan": plan, "dform": dform, "tform": tform, "gform": gform, **services.plan_overview(actor, plan)},
    )


@login_required
def action_edit(request, pk, action_id=None):
    actor = request.actor
    plan = services.get_plan(actor, pk)
    if not services.can_edit_plans(actor):
        raise PermissionDenied
    action = None
    initial = {}
    if action_id is not None:
        action = Action.objects.filter(pk=action_id, plan=plan).first()
        if action is None:
            raise PermissionDenied
        initial = {
            "title": action.title,
            "description": action.description,
            "status": action.status,
            "goals": list(action.goals.all()),
            "vvsg_functions": action.vvsg_functions,
            "observations": list(action.observations.all()),
            "snapshot": action.snapshot,
            "snapshot_item": action.snapshot_item,
        }
    form = forms.ActionForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_action(actor, plan, action=action, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"plan": plan, "form": form, "heading": _("Action")})


@login_required
def indicator_create(request, pk):
    actor = request.actor
    plan = services.get_plan(actor, pk)
    if not services.can_edit_plans(actor):
        raise PermissionDenied
    form = forms.IndicatorForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_indicator(actor, plan, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"plan": plan, "form": form, "heading": _("Indicator")})


@login_required
def measure(request, pk, indicator_id):
    actor = request.actor
    plan = services.get_plan(actor, pk)
    if not services.can_measure(actor):
        raise PermissionDenied
    indicator = Indicator.objects.filter(pk=indicator_id, plan=plan).first()
    if indicator is None:
        raise PermissionDenied
    form = forms.MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurement(actor, indicator, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/form.html",
        {"plan": plan, "form": form, "heading": _("Measurement for %(name)s") % {"name": indicator.name}},
    )
