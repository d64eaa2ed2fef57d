import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.erasure import erased_person_id
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


def _erased(person_id) -> str:
    return _("erased person #%(id)s") % {"id": person_id}


def _person_name(person) -> str:
    """Names are rendered now, from the Person, never stored in the event: an erased person shows
    as a number."""
    if person is None:
        return ""
    return _erased(person.pk) if person.anonymised_at else person.full_name


def _who(user) -> str:
    if user is None:
        return ""
    erased = erased_person_id(user)
    return _erased(erased) if erased is not None else user.username


@login_required
def event_list(request):
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.label = kinds.label(e.kind)  # rendered now, in the reader's language
        e.sentence = kinds.sentence(e.kind, e.data, e.object_type)
        e.who = _who(e.actor)
        e.for_name = _person_name(e.on_behalf_of)
        e.about = _person_name(e.subject)
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
