from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zorgzaam.networks import services
from zorgzaam.networks.forms import AreaForm, NetworkSettingsForm


@login_required
def area_list(request):
    actor = request.actor
    areas = services.visible_areas(actor)
    if actor.network is None or not actor.roles:
        raise PermissionDenied
    features = [
        {"type": "Feature", "properties": {"name": a.name}, "geometry": a.boundary}
        for a in areas
        if a.boundary
    ]
    return render(
        request,
        "networks/area_list.html",
        {
            "areas": areas,
            "can_manage": services.can_manage_network(actor),
            "geojson": {"type": "FeatureCollection", "features": features},
        },
    )


def _save(request, area=None):
    actor = request.actor
    if not services.can_manage_network(actor):
        raise PermissionDenied
    form = AreaForm(request.POST or None, request.FILES or None, instance=area)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("name", "slug", "description")}
        try:
            if area is None:
                services.create_area(actor, boundary=form.boundary(), **fields)
            else:
                services.update_area(actor, area, boundary=form.boundary(), **fields)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(
                    "boundary_text" if field == "boundary" else (field if field in form.fields else None),
                    errs,
                )
        else:
            messages.success(request, _("Saved."))
            return redirect("networks:areas")
    return render(request, "networks/area_form.html", {"form": form, "area": area})


@login_required
def area_create(request):
    return _save(request)


@login_required
def area_edit(request, pk):
    area = get_object_or_404(services.visible_areas(request.actor), pk=pk)
    return _save(request, area)


@login_required
def network_settings(request):
    actor = request.actor
    if not services.can_manage_network(actor):
        raise PermissionDenied
    form = NetworkSettingsForm(request.POST or None, instance=actor.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_network(actor, **{k: form.cleaned_data[k] for k in form.Meta.fields})
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Saved."))
            return redirect("networks:areas")
    return render(request, "networks/settings.html", {"form": form})
