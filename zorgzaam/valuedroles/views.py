from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.people.services import visible_persons
from zorgzaam.valuedroles import services
from zorgzaam.valuedroles.forms import AssignForm, RoleForm
from zorgzaam.valuedroles.models import RoleHolding


def _labels():
    return dict(services.component_choices())


@login_required
def role_list(request):
    actor = request.actor
    if not services.can_view_roles(actor):
        raise PermissionDenied
    labels = _labels()
    roles = list(services.visible_roles(actor).filter(active=True))
    for r in roles:
        r.component_labels = [labels.get(c, c) for c in r.components]
    return render(
        request,
        "valuedroles/list.html",
        {
            "roles": roles,
            "can_create": services.can_create_role(actor),
        },
    )


@login_required
def role_detail(request, pk):
    actor = request.actor
    role = services.get_role(actor, pk)
    labels = _labels()
    manage = services.can_manage_role(actor, role)
    return render(
        request,
        "valuedroles/detail.html",
        {
            "role": role,
            "components": [labels.get(c, c) for c in role.components],
            "holders": services.holders(actor, role),
            "manage": manage,
            "assign_form": AssignForm(persons=visible_persons(actor).filter(anonymised_at__isnull=True))
            if manage
            else None,
        },
    )


@login_required
def role_edit(request, pk=None):
    actor = request.actor
    role = services.get_role(actor, pk) if pk else None
    if not (services.can_manage_role(actor, role) if role else services.can_create_role(actor)):
        raise PermissionDenied
    initial = {}
    if role:
        initial = {f: getattr(role, f) for f in services.ROLE_FIELDS}
        initial["talents"] = list(role.talents.all())
    form = RoleForm(request.POST or None, initial=initial, network=actor.network)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        talents = list(data.pop("talents"))
        try:
            role = services.save_role(actor, role, talents=talents, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("valuedroles:detail", pk=role.pk)
    return render(request, "valuedroles/form.html", {"form": form, "role": role})


@login_required
def suggestions(request, pk):
    actor = request.actor
    role = services.get_role(actor, pk)
    rows = services.suggest(actor, role)
    template = (
        "valuedroles/_suggestions.html"
        if request.headers.get("HX-Request")
        else "valuedroles/suggestions.html"
    )
    return render(request, template, {"role": role, "rows": rows})


@login_required
@require_POST
def assign(request, pk):
    actor = request.actor
    role = services.get_role(actor, pk)
    if not services.can_manage_role(actor, role):
        raise PermissionDenied
    form = AssignForm(request.POST, persons=visible_persons(actor).filter(anonymised_at__isnull=True))
    if form.is_valid():
        try:
            services.assign(actor, role, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a person."))
    return redirect("valuedroles:detail", pk=role.pk)


@login_required
@require_POST
def end_holding(request, pk):
    actor = request.actor
    holding = get_object_or_404(
        RoleHolding.objects.select_related("role", "person"), pk=pk, role__network=actor.network
    )
    try:
        services.end_holding(actor, holding)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("valuedroles:detail", pk=holding.role_id)
