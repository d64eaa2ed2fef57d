"""Pages for volunteers picking work themselves and for staff opening a request to them: thin, every
decision is in open_tasks.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.care import forms, open_tasks, services
from zorgzaam.care.models import Request
from zorgzaam.core.permissions import deny


@login_required
def open_list(request):
    actor = request.actor
    if not open_tasks.may_pick(actor):
        deny()
    items, reason = open_tasks.open_tasks(actor)
    return render(request, "care/open_tasks.html", {"tasks": items, "reason": reason})


@login_required
@require_POST
def take(request, pk):
    actor = request.actor
    req = Request.objects.filter(pk=pk).first() or deny()
    try:
        match = open_tasks.offer_to_take(actor, req)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("care:open_tasks")
    messages.success(request, _("Thank you! The task is yours; you can now see the address."))
    return redirect("care:task_detail", match.pk)


@login_required
@require_POST
def set_open(request, pk):
    actor = request.actor
    req = services.request_for_manage(actor, pk)
    form = forms.OpenToVolunteersForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers."))
        return redirect("care:request_detail", req.pk)
    open_tasks.set_open_to_volunteers(actor, req, form.cleaned_data["open_to_volunteers"])
    messages.success(request, _("Saved."))
    return redirect("care:request_detail", req.pk)
