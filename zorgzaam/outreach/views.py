from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.networks.models import Area
from zorgzaam.outreach import call_help, forms, services, visit_steps
from zorgzaam.outreach.models import ChecklistQuestion
from zorgzaam.people.models import Person


@login_required
def index(request):
    actor = request.actor
    if not services.can_use(actor):
        raise PermissionDenied
    visits = services.visit_cards(actor, services.my_visits(actor))
    calls = call_help.annotate_calls(actor.network, services.calls_due(actor))
    for m in calls:
        m.call_form = forms.CallForm(prefix=f"m{m.pk}")
    ctx = {
        "visits": visits,
        "calls": calls,
        "is_staff": services.is_staff(actor),
    }
    if ctx["is_staff"]:
        ctx["rounds"] = services.round_list(actor)
        ctx["circles"] = services.visible_circles(actor).select_related("area")
        ctx["flagged"] = services.flagged_members(actor)
        ctx["checklists"] = services.checklists_for(actor) if actor.is_coordinator() else []
    services.record(actor, services.LIST_VIEWED, data={"visits": len(visits), "calls": len(calls)})
    return render(request, "outreach/index.html", ctx)


@login_required
def round_create(request):
    actor = request.actor
    if not services.can_plan(actor):
        raise PermissionDenied
    form = forms.RoundForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.plan_round(actor, **form.service_kwargs())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The round was planned."))
            return redirect("outreach:round_detail", pk=rnd.pk)
    return render(request, "outreach/round_form.html", {"form": form})


@login_required
def round_streets(request):
    """htmx: the streets of the chosen area, to pick from."""
    actor = request.actor
    if not services.can_plan(actor):
        raise PermissionDenied
    area_id = request.GET.get("area", "")
    area = Area.objects.filter(network=actor.network, pk=area_id).first() if area_id.isdigit() else None
    return render(request, "outreach/_streets.html", {"streets": services.street_choices(actor, area)})


@login_required
def round_detail(request, pk):
    actor = request.actor
    rnd = services.get_round(actor, pk)
    visits = list(services.round_visits(rnd))
    cards = services.visit_cards(actor, visits)
    # One person picker per visit (ids unique per row); the visitor already loaded is shown as chosen.
    assign = [
        forms.AssignForm(
            network=actor.network, auto_id=f"visitor-{c.visit.pk}-%s", initial={"visitor": c.visit.visitor}
        )
        for c in cards
    ]
    return render(
        request,
        "outreach/round_detail.html",
        {
            "round": rnd,
            "progress": services.round_progress(rnd),
            "cards": cards,
            "rows": list(zip(cards, assign, strict=True)),
            "pending": rnd.consent_pending.order_by("last_name", "first_name"),
        },
    )


@login_required
@require_POST
def visit_assign(request, pk):
    actor = request.actor
    visit = services.get_visit(actor, pk, log_view=False)
    form = forms.AssignForm(request.POST, network=actor.network)
    if form.is_valid():
        try:
            services.assign_visit(actor, visit, form.cleaned_data["visitor"])
        except ValidationError as exc:
            messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a volunteer from the list."))
    return (
        redirect("outreach:round_detail", pk=visit.round_id) if visit.round_id else redirect("outreach:index")
    )


@login_required
def visit_detail(request, pk):
    actor = request.actor
    visit = services.get_visit(actor, pk)
    card = services.visit_cards(actor, [visit])[0]
    can_record = services.can_record_visit(actor, visit)
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    # The form in short steps, kept between steps in the session (visit_steps).
    steps: dict = {}
    if can_record:
        saved, steps = visit_steps.handle(request, visit)
        if saved:
            messages.success(request, _("Thank you, the visit was saved."))
            return redirect("outreach:index")
    answers = []
    if services.manages_visit(actor, visit):
        for q in visit.checklist.questions.all():
            value = (visit.answers or {}).get(str(q.pk))
            if value:
                answers.append((q, value))
    return render(
        request,
        "outreach/visit.html",
        {
            "visit": visit,
            "card": card,
            "answers": answers,
            "staff": services.manages_visit(actor, visit),
            **steps,
        },
    )


@login_required
def circle_create(request):
    actor = request.actor
    if not services.can_plan(actor):
        raise PermissionDenied
    form = forms.CircleForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.create_circle(actor, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("outreach:circle_detail", pk=circle.pk)
    return render(request, "outreach/circle_form.html", {"form": form})


@login_required
def circle_detail(request, pk):
    actor = request.actor
    circle = services.get_circle(actor, pk)
    form = forms.MemberForm(request.POST or None, actor=actor, circle=circle)
    consent_url = ""
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_member(actor, circle, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
            consent_url = call_help.contact_consent_detour(person, request.path)
        else:
            messages.success(request, _("Added to the circle."))
            return redirect("outreach:circle_detail", pk=circle.pk)
    members = list(services.circle_members(circle))
    ok = services.contact_ok_ids(m.person_id for m in members)
    return render(
        request,
        "outreach/circle_detail.html",
        {"circle": circle, "members": members, "contact_ok": ok, "form": form, "consent_url": consent_url},
    )


@login_required
@require_POST
def member_remove(request, pk):
    actor = request.actor
    member = get_object_or_404(services.visible_members(actor).select_related("circle"), pk=pk)
    services.remove_member(actor, member)
    messages.success(request, _("Removed from the circle."))
    return redirect("outreach:circle_detail", pk=member.circle_id)


@login_required
@require_POST
def call_log(request, pk):
    actor = request.actor
    member = get_object_or_404(
        services.visible_members(actor).select_related("circle", "person"), pk=pk, active=True
    )
    if not services.can_log_call(actor, member):
        raise PermissionDenied
    form = forms.CallForm(request.POST, prefix=f"m{member.pk}")
    error = None
    if form.is_valid():
        try:
            services.log_call(actor, member, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(m for ms in exc.message_dict.values() for m in ms)
    else:
        error = _("Choose how the call went.")
    if request.headers.get("HX-Request"):
        member.refresh_from_db()
        call_help.annotate_calls(actor.network, [member])
        return render(
            request,
            "outreach/_call_row.html",
            {"m": member, "form": form if error else None, "error": error, "done": not error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The call was logged."))
    return redirect("outreach:index")


@login_required
def print_list(request):
    actor = request.actor
    person = None
    wanted = request.GET.get("person", "")
    if wanted:
        if not wanted.isdigit():
            raise PermissionDenied
        person = get_object_or_404(Person, pk=wanted, network=actor.network)
    rows = services.week_list(actor, person)
    return render(request, "outreach/print.html", {"rows": rows, "person": person or actor.person})


@login_required
def checklist_detail(request, pk):
    actor = request.actor
    checklist = get_object_or_404(services.checklists_for(actor), pk=pk)
    if not services.can_edit_checklist(actor, checklist):
        raise PermissionDenied
    form = forms.QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(actor, checklist, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The question was added."))
            return redirect("outreach:checklist_detail", pk=checklist.pk)
    return render(
        request,
        "outreach/checklist.html",
        {"checklist": checklist, "questions": checklist.questions.filter(active=True), "form": form},
    )


@login_required
@require_POST
def question_remove(request, pk):
    actor = request.actor
    # Within the checklists this actor may see, as on the checklist page: another network's question
    # answers like a missing one.
    question = get_object_or_404(
        ChecklistQuestion.objects.select_related("checklist"),
        pk=pk,
        active=True,
        checklist__in=services.checklists_for(actor),
    )
    services.remove_question(actor, question)
    messages.success(request, _("The question was removed."))
    return redirect("outreach:checklist_detail", pk=question.checklist_id)
