"""Pages of the care pathway: thin, every decision is in services.py / suggestions.py."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.care import batches, forms, prefill, services, suggestions
from zorgzaam.care import policy as policy_figures
from zorgzaam.care.models import Match, Referral, Request, Signal
from zorgzaam.core.dbrouter import reporting_reads
from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.people.models import Person


def _flash_errors(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


# --- signals -------------------------------------------------------------------------------------


@login_required
def signal_list(request):
    actor = request.actor
    if not (services.is_staff(actor) or services.can_record_signal(actor)):
        raise PermissionDenied
    form = forms.SignalFilterForm(request.GET or None, network=actor.network, actor=actor)
    f = form.cleaned_data if form.is_valid() else {}
    status = f.get("status", "open") if request.GET else "open"
    if not services.is_staff(actor):
        status = ""  # a reporter sees all their own signals, each only as "received": no case status
    qs = services.search_signals(actor, status=status, area=f.get("area"), urgency=f.get("urgency", ""))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "care/signal_list.html",
        {
            "form": form,
            "page": page,
            "can_record": services.can_record_signal(actor),
            "staff": services.is_staff(actor),
        },
    )


@login_required
def signal_create(request):
    actor = request.actor
    if not services.can_record_signal(actor):
        raise PermissionDenied
    initial = {}
    if request.GET.get("person"):
        initial["person"] = request.GET["person"]
    form = forms.SignalForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sig = services.record_signal(actor, **form.service_kwargs())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you. The signal was recorded and passed on."))
            if services.is_staff(actor):
                return redirect("care:signal_detail", pk=sig.pk)
            return redirect("care:signals")
    return render(request, "care/signal_form.html", {"form": form})


@login_required
def signal_detail(request, pk):
    actor = request.actor
    sig = services.get_signal(actor, pk)
    manage = services.can_manage_signal(actor, sig)
    ctx = {
        "signal": sig,
        "manage": manage,
        "others": services.other_signals(actor, sig) if manage else [],
        "requests": services.visible_requests(actor).filter(person_id=sig.person_id)
        if sig.person_id and manage
        else [],
        "policy_form": forms.PolicyTagForm(
            actor=actor, initial={"theme": sig.policy_theme_id, "note": sig.policy_note}
        )
        if manage
        else None,
    }
    return render(request, "care/signal_detail.html", ctx)


@login_required
@require_POST
def signal_link(request, pk):
    actor = request.actor
    sig = services.get_signal(actor, pk, log_view=False)
    person = get_object_or_404(Person, pk=request.POST.get("person"), network=actor.network)
    try:
        services.link_signal_person(actor, sig, person)
        messages.success(request, _("The signal is now linked to %(name)s.") % {"name": person.full_name})
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("care:signal_detail", pk=pk)


@login_required
@require_POST
def signal_close(request, pk):
    actor = request.actor
    sig = services.get_signal(actor, pk, log_view=False)
    try:
        services.close_signal(actor, sig)
        messages.success(request, _("Signal closed."))
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("care:signal_detail", pk=pk)


@login_required
def signal_to_request(request, pk):
    actor = request.actor
    sig = services.get_signal(actor, pk, log_view=False)
    if not services.can_manage_signal(actor, sig):
        raise PermissionDenied
    initial = prefill.from_signal_initial(actor, sig)
    form = forms.FromSignalForm(request.POST or None, actor=actor, signal=sig, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            req = services.request_from_signal(
                actor,
                sig,
                person=d["person"],
                owner=d["owner"],
                needs=list(d["needs"]),
                needs_screened_helper=d["needs_screened_helper"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The request was created."))
            return redirect("care:request_detail", pk=req.pk)
    return render(request, "care/signal_to_request.html", {"form": form, "signal": sig})


@login_required
@require_POST
def policy_tag(request, kind, pk):
    actor = request.actor
    model = {"request": Request, "signal": Signal}.get(kind)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk, network=actor.network)
    form = forms.PolicyTagForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.tag_policy(actor, obj, theme=form.cleaned_data["theme"], note=form.cleaned_data["note"])
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            _flash_errors(request, exc)
    else:
        messages.error(request, _("Check the bottleneck fields."))
    return redirect(f"care:{kind}_detail", pk=pk)


# --- requests ------------------------------------------------------------------------------------


@login_required
def request_list(request):
    actor = request.actor
    if not services.is_staff(actor):
        if actor.has_role("resident") or actor.on_behalf_of is not None:
            return redirect("care:my_requests")
        raise PermissionDenied
    form = forms.RequestFilterForm(request.GET or None, network=actor.network, actor=actor)
    f = form.cleaned_data if form.is_valid() else {}
    status = f.get("status", "open") if request.GET else "open"
    qs = services.search_requests(
        actor, status=status, area=f.get("area"), theme=f.get("theme"), q=f.get("q", "")
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    ctx = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "is_coordinator": actor.is_coordinator(),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "request-results":
        return render(request, "care/_request_results.html", ctx)
    return render(request, "care/request_list.html", ctx)


@login_required
def my_requests(request):
    actor = request.actor
    person = actor.on_behalf_of or actor.person
    if person is None:
        raise PermissionDenied
    reqs = services.visible_requests(actor).filter(person=person).prefetch_related("themes")
    return render(request, "care/my_requests.html", {"requests": reqs, "person": person})


@login_required
def request_ask(request):
    """A resident asks for help online (or an assistant for them)."""
    actor = request.actor
    person = actor.on_behalf_of or actor.person
    if person is None or not services.can_create_request_for(actor, person):
        raise PermissionDenied
    form = forms.AskForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_request(
                actor,
                person=person,
                description=form.cleaned_data["description"],
                themes=list(form.cleaned_data["themes"]),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Someone from the neighbourhood team will get in touch."))
            return redirect("care:my_requests")
    return render(request, "care/ask.html", {"form": form, "person": person})


@login_required
def request_create(request):
    actor = request.actor
    if not services.is_staff(actor):
        raise PermissionDenied
    initial = prefill.new_request_initial(actor, request.GET)  # the person's known needs ticked
    form = forms.RequestForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.create_request(actor, **form.service_kwargs())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The request was created."))
            return redirect("care:request_detail", pk=req.pk)
    return render(request, "care/request_form.html", {"form": form})


@login_required
def request_detail(request, pk):
    return render_detail(request, services.get_request(request.actor, pk))


def render_detail(request, req, *, status: int = 200, **bound_forms):
    """The request page; a refused form comes back bound (what was typed is kept, errors shown)."""
    from zorgzaam.care.offline_views import helper_matches

    actor = request.actor
    manage = services.can_manage_request(actor, req)
    own = services.is_own_request(actor, req)
    ctx = {
        "req": req,
        "manage": manage,
        "own": own,
        "timeline": services.timeline_of(actor, req),
        "matches": helper_matches(actor, req, bound_forms.pop("step_form", None)),
        "referrals": req.referrals.select_related("organisation", "service"),
        "can_withdraw": req.is_open and (manage or own),
    }
    if manage:
        ctx.update(
            {
                "signals": services.visible_signals(actor)
                .filter(person_id=req.person_id)
                .prefetch_related("themes")[:20],
                "other_requests": services.visible_requests(actor)
                .filter(person_id=req.person_id)
                .exclude(pk=req.pk),
                "triage_form": forms.TriageForm(actor=actor, req=req) if req.status == "new" else None,
                "note_form": forms.NoteForm(),
                "close_form": forms.CloseForm(),
                "policy_form": forms.PolicyTagForm(
                    actor=actor, initial={"theme": req.policy_theme_id, "note": req.policy_note}
                ),
                "referral_answer_form": forms.ReferralAnswerForm(),
                "has_active_match": any(m.is_active for m in ctx["matches"]),
            }
        )
    if own or manage:
        ctx["feedback_form"] = forms.FeedbackForm()
    ctx.update(bound_forms)
    return render(request, "care/request_detail.html", ctx, status=status)


def _post_action(request, pk, fn, success, form_class=None, **form_kwargs):
    actor = request.actor
    req = services.get_request(actor, pk, log_view=False)
    kwargs = {}
    if form_class is not None:
        form = form_class(request.POST, **form_kwargs)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect("care:request_detail", pk=pk)
        kwargs = form.cleaned_data
    try:
        fn(actor, req, **kwargs)
        messages.success(request, success)
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("care:request_detail", pk=pk)


@login_required
@require_POST
def request_triage(request, pk):
    actor = request.actor
    req = services.get_request(actor, pk, log_view=False)
    form = forms.TriageForm(request.POST, actor=actor, req=req)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.triage(
                actor,
                req,
                owner=d["owner"],
                needs=list(d["needs"]),
                needs_screened_helper=d["needs_screened_helper"],
                urgency=d["urgency"],
                note=d["note"],
            )
            messages.success(request, _("The request is assessed."))
        except ValidationError as exc:
            _flash_errors(request, exc)
    else:
        messages.error(request, _("Check the assessment fields."))
    return redirect("care:request_detail", pk=pk)


@login_required
@require_POST
def request_note(request, pk):
    return _post_action(request, pk, services.add_note, _("Note added."), forms.NoteForm)


@login_required
@require_POST
def request_start(request, pk):
    return _post_action(request, pk, services.start_request, _("Marked as under way."))


@login_required
@require_POST
def request_withdraw(request, pk):
    return _post_action(request, pk, services.withdraw_request, _("The request is withdrawn."))


@login_required
def request_suggestions(request, pk):
    actor = request.actor
    req = services.get_request(actor, pk, log_view=False)
    rows = suggestions.suggestions_for(actor, req)
    ctx = {"req": req, "rows": rows}
    if request.headers.get("HX-Request"):
        return render(request, "care/_suggestions.html", ctx)
    return render(request, "care/suggestions.html", ctx)


@login_required
@require_POST
def match_confirm(request, pk):
    actor = request.actor
    req = services.get_request(actor, pk, log_view=False)
    helper = get_object_or_404(Person, pk=request.POST.get("helper"), network=actor.network)
    score = request.POST.get("score")
    try:
        services.propose_match(
            actor, req, helper, score=float(score) / 100 if score and score.isdigit() else None
        )
        messages.success(request, _("%(name)s was asked to help.") % {"name": helper.first_name})
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("care:request_detail", pk=pk)


@login_required
@require_POST
def match_cancel(request, pk, match_id):
    actor = request.actor
    match = get_object_or_404(Match, pk=match_id, request_id=pk)
    try:
        services.cancel_match(actor, match)
        messages.success(request, _("The task was cancelled."))
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("care:request_detail", pk=pk)


@login_required
@require_POST
def match_feedback(request, pk, match_id):
    """Feedback of the resident (or of staff for them) on a finished task."""
    actor = request.actor
    match = get_object_or_404(Match, pk=match_id, request_id=pk)
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(actor, match, **form.cleaned_data)
            messages.success(request, _("Thank you for your feedback."))
        except ValidationError as exc:
            _flash_errors(request, exc)
    else:
        messages.error(request, _("Choose one of the answers."))
    return redirect("care:request_detail", pk=pk)


@login_required
@require_POST
def referral_answer(request, pk, referral_id):
    actor = request.actor
    ref = get_object_or_404(Referral, pk=referral_id, request_id=pk)
    form = forms.ReferralAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.respond_referral(actor, ref, **form.cleaned_data)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            _flash_errors(request, exc)
    return redirect("care:request_detail", pk=pk)


# --- batch -----------------------------------------------------------------------------------------


@login_required
def batch(request):
    actor = request.actor
    if not services.is_staff(actor):
        raise PermissionDenied
    form = forms.AreaForm(request.GET or None, network=actor.network, actor=actor)
    proposal = None
    if request.method == "POST":
        pairs = []
        for value in request.POST.getlist("pair"):
            req_id, _sep, helper_id = value.partition(":")
            if req_id.isdigit() and helper_id.isdigit():
                pairs.append((int(req_id), int(helper_id)))
        # The page's key makes a double submit (or a retry after a lost answer) give the first answer.
        key = request.POST.get("idempotency_key") or uuid.uuid4().hex
        try:
            run, _replayed = batches.accept_batch_once(actor, key, pairs)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            if run.result["created"]:
                messages.success(request, _("%(n)s helpers were asked.") % {"n": len(run.result["created"])})
            for p in run.result["problems"]:
                messages.error(request, p)
        area = request.POST.get("area", "")
        return redirect(f"{request.path}?area={area}")
    if form.is_valid():
        proposal = suggestions.batch_proposal(actor, form.cleaned_data["area"])
    return render(
        request, "care/batch.html", {"form": form, "proposal": proposal, "batch_key": uuid.uuid4().hex}
    )


# --- what a volunteer sees -----------------------------------------------------------------------


@login_required
def tasks(request):
    actor = request.actor
    items = services.task_views(services.my_tasks(actor))
    return render(request, "care/tasks.html", {"tasks": items})


@login_required
def task_detail(request, match_id):
    actor = request.actor
    match = services.get_task(actor, match_id)
    return render(
        request,
        "care/task_detail.html",
        {
            "task": services.task_view(match),
            "feedback_form": forms.FeedbackForm(),
            "decline_form": forms.DeclineForm(),
        },
    )


@login_required
@require_POST
def task_action(request, match_id, action):
    actor = request.actor
    match = services.get_task(actor, match_id)
    try:
        if action == "accept":
            services.accept_match(actor, match)
            messages.success(request, _("Thank you! You can now see the address."))
        elif action == "decline":
            services.decline_match(actor, match, note=request.POST.get("note", ""))
            messages.info(request, _("That is fine. The team will look further."))
        elif action == "too_heavy":
            services.decline_match(actor, match, too_heavy=True, note=request.POST.get("note", ""))
            messages.info(request, _("Thank you for saying so. The professional takes it back."))
        elif action == "start":
            services.start_match(actor, match)
        elif action == "done":
            form = forms.FeedbackForm(request.POST)
            d = form.cleaned_data if form.is_valid() else {}
            services.finish_match(actor, match, rating=d.get("rating"), feedback=d.get("feedback", ""))
            messages.success(request, _("Thank you for your help!"))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("care:task_detail", match_id=match_id)


# --- partner inbox ---------------------------------------------------------------------------------


@login_required
def inbox(request):
    actor = request.actor
    if not actor.organisation_ids():
        raise PermissionDenied
    status = request.GET.get("status", "open")
    qs = services.inbox(actor)
    if status == "open":
        qs = qs.filter(status__in=Referral.ACTIVE)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "care/inbox.html", {"page": page, "status": status})


@login_required
def inbox_detail(request, referral_id):
    actor = request.actor
    ref = services.get_inbox_referral(actor, referral_id)
    form = forms.PartnerResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond_referral(actor, ref, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your answer was passed on."))
            return redirect("care:inbox")
    from zorgzaam.care.sharing import shared_view

    return render(request, "care/inbox_detail.html", {"ref": ref, "form": form, "shared": shared_view(ref)})


# --- policy and printable list -----------------------------------------------------------------------


@login_required
@reporting_reads  # policy figures: may come from the read replica (core.dbrouter)
def policy(request):
    year = request.GET.get("year", "")
    data = policy_figures.policy_overview(request.actor, int(year) if year.isdigit() else None)
    return render(request, "care/policy.html", data)


@login_required
def print_list(request):
    actor = request.actor
    person = None
    if request.GET.get("person"):
        person = get_object_or_404(Person, pk=request.GET["person"], network=actor.network)
    data = services.open_items(actor, person)
    return render(request, "care/print.html", data)


@login_required
def care_settings(request):
    actor = request.actor
    if not actor.is_coordinator():
        raise PermissionDenied
    current = services.settings_for(actor.network)
    form = forms.SettingsForm(
        request.POST or None,
        initial={"reminder_days": current.reminder_days, "helper_grace_days": current.helper_grace_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(actor, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("care:settings")
    return render(request, "care/settings.html", {"form": form})
