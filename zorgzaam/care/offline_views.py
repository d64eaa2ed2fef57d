"""Pages for work done for people who are offline: steps recorded for a helper, and closing a request
without losing what was typed when the close is refused. Every decision is in on_behalf.py/services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.care import forms, on_behalf, services, sharing
from zorgzaam.care.models import Match
from zorgzaam.core.forms import apply_errors
from zorgzaam.core.permissions import deny


def helper_matches(actor, req, bound_form=None) -> list[Match]:
    """The request's helpers, each with the steps this actor may record for them and its form (the
    bound one for the helper whose step was just refused)."""
    out = list(req.matches.select_related("helper"))
    for m in out:
        m.request = req
        m.steps = on_behalf.steps_for(actor, m)
        m.step_needs_rating = any(step in ("done", "feedback") for step, _label in m.steps)
        if bound_form is not None and bound_form.match_id == m.pk:
            m.step_form = bound_form
        else:
            m.step_form = forms.HelperStepForm(prefix=f"m{m.pk}")
    return out


@login_required
@require_POST
def helper_step(request, pk, match_id):
    from zorgzaam.care.views import render_detail

    actor = request.actor
    req = services.get_request(actor, pk, log_view=False)
    match = Match.objects.filter(pk=match_id, request=req).select_related("helper").first()
    if match is None:
        deny()
    step = request.POST.get("step", "")
    form = forms.HelperStepForm(request.POST, prefix=f"m{match.pk}")
    form.match_id = match.pk
    if form.is_valid():
        try:
            on_behalf.record_for_helper(actor, match, step=step, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Recorded for %(name)s.") % {"name": match.helper.first_name})
            return redirect("care:request_detail", pk=pk)
    return render_detail(request, req, step_form=form)


@login_required
@require_POST
def request_close(request, pk):
    from zorgzaam.care.views import render_detail

    actor = request.actor
    req = services.get_request(actor, pk, log_view=False)
    form = forms.CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_request(actor, req, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The request is closed."))
            return redirect("care:request_detail", pk=pk)
    req = services.get_request(actor, pk, log_view=False)
    return render_detail(request, req, close_form=form)


def _draft_key(req_pk: int) -> str:
    return f"care_referral_draft_{req_pk}"


@login_required
def referral_create(request, pk):
    """Refer to a partner. Refused for want of consent: the page says so with a link to record it, and
    the typed referral waits in the session until the detour comes back here (pre-filled)."""
    actor = request.actor
    req = services.get_request(actor, pk, log_view=False)
    if not services.can_manage_request(actor, req):
        deny()
    draft = request.session.get(_draft_key(req.pk)) or {}
    form = forms.ReferralForm(request.POST or None, actor=actor, initial=draft)
    consent_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.create_referral(actor, req, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            consent_url = _consent_detour(request, req, form, exc)
        else:
            request.session.pop(_draft_key(req.pk), None)
            messages.success(request, _("The referral was sent."))
            return redirect("care:request_detail", pk=pk)
    return render(
        request,
        "care/referral_form.html",
        {"form": form, "req": req, "consent_url": consent_url, "shared_fields": sharing.SHARED_FIELDS},
    )


def _consent_detour(request, req, form, exc: ValidationError) -> str:
    """When the refusal is missing consent: keep the draft and return the consent page's address."""
    missing = [
        e for e in getattr(exc, "error_dict", {}).get("organisation", []) if e.code == "consent_missing"
    ]
    if not missing:
        return ""
    service = form.cleaned_data["service"]
    request.session[_draft_key(req.pk)] = {"service": service.pk, "message": form.cleaned_data["message"]}
    back = reverse("care:referral_create", args=[req.pk])
    query = urlencode({"purpose": "share", "organisation": service.organisation_id, "next": back})
    return f"{reverse('people:consent', args=[req.person_id])}?{query}"
