"""Pages of the address register: the import (platform administrator), the street options of the
person form (htmx), the "to place" worklist. Thin: services and selectors decide."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from zorgzaam.addresses import selectors, services
from zorgzaam.addresses.forms import AddressImportForm
from zorgzaam.addresses.models import Address, Street
from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.core.permissions import require as _require
from zorgzaam.sectors.models import ImportJob


@login_required
def import_page(request):
    actor = request.actor
    _require(services.is_platform_admin(actor))
    form = AddressImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(
                actor, form.cleaned_data["file"], municipalities=form.cleaned_data["municipalities"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("sectors:job", pk=job.pk)
    return render(
        request,
        "addresses/import.html",
        {
            "form": form,
            "official_source": services.OFFICIAL_SOURCE,
            "n_addresses": Address.objects.count(),
            "n_streets": Street.objects.count(),
            "jobs": ImportJob.objects.filter(kind=ImportJob.Kind.ADDRESSES)[:5],
        },
    )


@login_required
def street_options(request):
    """<option>s for the street field's datalist, as the person types (htmx)."""
    streets = selectors.street_suggestions(request.actor, request.GET.get("street", ""))
    language = get_language() or "nl"
    options = []
    for street in streets:
        name = street.name_in(language)
        others = [n for n in (street.name_nl, street.name_fr, street.name_de) if n and n != name]
        place = " ".join(p for p in (street.postcode, street.municipality_nl or street.municipality_fr) if p)
        options.append({"value": name, "label": " · ".join([*others[:1], place])})
    return render(request, "addresses/_street_options.html", {"options": options})


@login_required
def to_place(request):
    page = Paginator(selectors.to_place(request.actor), 50).get_page(request.GET.get("page"))
    return render(request, "addresses/to_place.html", {"page": page})
