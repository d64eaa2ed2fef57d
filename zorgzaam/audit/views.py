import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zorgzaam.audit import kinds, services
from zorgzaam.audit.forms import EventFilterForm


def _filtered(request):
    actor = request.actor
    if not services.can_read_log(actor):
        raise PermissionDenied
    form = EventFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(f["since"], dt.time.min, tz) if f.get("since") else None
    until = (
        dt.datetime.combine(f["until"] + dt.timedelta(days=1), dt.time.min, tz) if f.get("until") else None
    )
    events = services.events_for(
        actor, kind=f.get("kind", ""), subject_id=f.get("subject"), since=since, until=until
    )
    return form, events


@login_required
def event_list(request):
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.label = kinds.label(e.kind)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": params.urlencode()})


@login_required
def event_export(request):
    _form, events = _filtered(request)
    response = HttpResponse(
        services.export_csv(request.actor, events), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
