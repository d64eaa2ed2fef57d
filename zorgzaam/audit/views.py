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
from zorgzaam.people.models import Person
from zorgzaam.people.services import can_view_person


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


def _who(user, names: dict) -> str:
    """The actor's name in this network when the reader may read that person, else the login name."""
    if user is None:
        return ""
    erased = erased_person_id(user)
    return _erased(erased) if erased is not None else names.get(user.pk, user.username)


def _actor_names(actor, events) -> dict[int, str]:
    """user id -> display name, for the actors of one page of events, in one query (no N+1)."""
    user_ids = {e.actor_id for e in events if e.actor_id}
    if not user_ids:
        return {}
    people = Person.objects.filter(
        user_id__in=user_ids, network=actor.network, anonymised_at__isnull=True
    ).order_by()
    return {p.user_id: p.full_name for p in people if can_view_person(actor, p)}


def _about(actor, person) -> tuple[str, bool]:
    """(text, linked): a subject the reader may open shows by name with a link to their page; one they
    may not read shows only as a number, so the log reveals no name beyond the reader's reach."""
    if person.anonymised_at:
        return _erased(person.pk), False
    if can_view_person(actor, person):
        return person.full_name, True
    return _("person #%(id)s") % {"id": person.pk}, False


@login_required
def event_list(request):
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    names = _actor_names(request.actor, page.object_list)
    for e in page.object_list:
        e.label = kinds.label(e.kind)  # rendered now, in the reader's language
        e.sentence = kinds.sentence(e.kind, e.data, e.object_type)
        e.who = _who(e.actor, names)
        e.for_name = _about(request.actor, e.on_behalf_of)[0] if e.on_behalf_of else ""
        if e.subject:
            e.about, e.about_link = _about(request.actor, e.subject)
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
