from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.audit.services import record
from zorgzaam.community import services
from zorgzaam.community.forms import (
    ActivityForm,
    CandidateForm,
    EvaluationForm,
    HeadCountForm,
    InviteForm,
    MoveForm,
    OutcomeForm,
    PlaceForm,
    RegisterPersonForm,
)
from zorgzaam.community.models import Activity, Invitation, Place, Registration
from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.people.models import Person


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- places ------------------------------------------------------------------------------------


def place_points(places) -> list[dict]:
    out = []
    for p in places:
        if p.has_point:
            out.append({"name": p.name, "lat": p.latitude, "lon": p.longitude, "mobile": p.mobile})
        for s in p.stops.all():
            if s.latitude is not None:
                out.append({"name": f"{p.name}: {s}", "lat": s.latitude, "lon": s.longitude, "mobile": True})
    return out


@login_required
def place_list(request):
    actor = request.actor
    _ensure_member(actor)
    places = list(services.visible_places(actor))
    return render(
        request,
        "community/place_list.html",
        {
            "places": places,
            "map_data": {
                "points": place_points(places),
            },
            "can_create": services.can_create_place(actor),
        },
    )


def _ensure_member(actor):
    if not services.is_member(actor):
        raise PermissionDenied


@login_required
def place_detail(request, pk):
    actor = request.actor
    place = services.get_place(actor, pk)
    occurrences = list(services.upcoming_occurrences(actor, place=place, days=30)[:20])
    return render(
        request,
        "community/place_detail.html",
        {
            "place": place,
            "occurrences": occurrences,
            "can_edit": services.can_edit_place(actor, place),
            "map_data": {
                "points": place_points([place]),
            },
        },
    )


@login_required
def place_edit(request, pk=None):
    actor = request.actor
    place = services.get_place(actor, pk) if pk else None
    allowed = services.can_edit_place(actor, place) if place else services.can_create_place(actor)
    if not allowed:
        raise PermissionDenied
    initial = {"route": services.route_text(place)} if place else {}
    form = PlaceForm(request.POST or None, instance=place, network=actor.network, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_place(
                actor, Place.objects.get(pk=place.pk) if place else None, **form.service_kwargs()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("community:place_detail", pk=saved.pk)
    return render(
        request, "community/form.html", {"form": form, "title": _("Edit place") if place else _("New place")}
    )


# --- activities --------------------------------------------------------------------------------


@login_required
def activity_list(request):
    actor = request.actor
    _ensure_member(actor)
    occurrences = list(services.upcoming_occurrences(actor, days=21))
    return render(
        request,
        "community/activity_list.html",
        {
            "occurrences": occurrences,
            "activities": services.visible_activities(actor).filter(active=True),
            "can_create": services.can_create_activity(actor),
        },
    )


@login_required
def activity_detail(request, pk):
    actor = request.actor
    activity = services.get_activity(actor, pk)
    occurrences = list(services.upcoming_occurrences(actor, activity=activity, days=90))
    past = list(
        services.occurrences_qs(actor.network)
        .filter(activity=activity, starts_at__lt=timezone.now())
        .order_by("-starts_at")[:10]
    )
    manage = services.can_manage_activity(actor, activity)
    return render(
        request,
        "community/activity_detail.html",
        {
            "activity": activity,
            "occurrences": occurrences,
            "past": past,
            "summary": services.evaluation_summary(activity.occurrences.all()),
            "comments": services.evaluation_comments(actor, activity) if manage else [],
            "can_edit": services.can_edit_activity(actor, activity),
            "can_manage": manage,
            "organisers": activity.organisers.all(),
        },
    )


@login_required
def activity_edit(request, pk=None):
    actor = request.actor
    activity = services.get_activity(actor, pk) if pk else None
    allowed = services.can_edit_activity(actor, activity) if activity else services.can_create_activity(actor)
    if not allowed:
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity, network=actor.network)
    if request.method == "POST" and form.is_valid():
        fresh = Activity.objects.get(pk=activity.pk) if activity else None
        try:
            saved = services.save_activity(actor, fresh, **form.service_kwargs())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("community:activity_detail", pk=saved.pk)
    return render(
        request,
        "community/form.html",
        {"form": form, "title": _("Edit activity") if activity else _("New activity"), "repeat_script": True},
    )


# --- one occurrence ----------------------------------------------------------------------------


def _occurrence_context(request, occ, **extra):
    actor = request.actor
    manage = services.can_manage_activity(actor, occ.activity)
    me = actor.on_behalf_of or actor.person
    mine = None
    if me is not None:
        mine = occ.registrations.filter(person=me).exclude(status=Registration.Status.CANCELLED).first()
    ctx = {
        "occ": occ,
        "activity": occ.activity,
        "manage": manage,
        "mine": mine,
        "me": me,
        "can_register": me is not None and not occ.cancelled and occ.ends_at > timezone.now(),
        "attendance": services.attendance_total(occ),
        "can_evaluate": services.can_evaluate(actor, occ),
        "evaluation_form": EvaluationForm(),
        "summary": services.evaluation_summary([occ]),
    }
    if manage:
        regs = list(services.registrations_for(actor, occ))
        present = set(occ.attendances.values_list("person_id", flat=True))
        ctx.update(
            {
                "registrations": regs,
                "present": present,
                "extra_present": list(
                    occ.attendances.exclude(person__in=[r.person_id for r in regs]).select_related("person")
                ),
                "register_form": RegisterPersonForm(persons=_registrable(actor)),
                "walkin_form": RegisterPersonForm(persons=_registrable(actor), auto_id="walkin-%s"),
                "head_form": HeadCountForm(initial={"head_count": occ.head_count}),
                "move_form": MoveForm(),
                "started": services.has_started(occ),
            }
        )
    ctx.update(extra)
    return ctx


def _registrable(actor):
    from zorgzaam.people.services import visible_persons

    qs = visible_persons(actor).filter(anonymised_at__isnull=True)
    return qs.order_by("last_name", "first_name")


@login_required
def occurrence_detail(request, pk):
    occ = services.get_occurrence(request.actor, pk)
    return render(request, "community/occurrence_detail.html", _occurrence_context(request, occ))


def _occ_response(request, occ, error=None, notice=None):
    """htmx gets the participation block back; a plain form post goes back to the page."""
    occ = services.get_occurrence(request.actor, occ.pk)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "community/_participation.html",
            _occurrence_context(request, occ, error=error, notice=notice),
        )
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("community:occurrence_detail", pk=occ.pk)


@login_required
@require_POST
def occurrence_register(request, pk):
    actor = request.actor
    occ = services.get_occurrence(actor, pk)
    person = None
    if request.POST.get("person"):
        form = RegisterPersonForm(request.POST, persons=_registrable(actor))
        if not form.is_valid():
            return _occ_response(request, occ, error=_("Choose a person from the list."))
        person = form.cleaned_data["person"]
    try:
        reg = services.register(actor, occ, person)
    except ValidationError as exc:
        return _occ_response(request, occ, error=_error_text(exc))
    if reg.status == Registration.Status.WAITING:
        notice = _("%(name)s is on the waiting list.") % {"name": reg.person.first_name}
    else:
        notice = _("%(name)s is registered.") % {"name": reg.person.first_name}
    return _occ_response(request, occ, notice=notice)


@login_required
@require_POST
def registration_cancel(request, pk):
    actor = request.actor
    reg = services.get_registration(actor, pk)
    occ = services.get_occurrence(actor, reg.occurrence_id)
    try:
        services.cancel_registration(actor, reg)
    except ValidationError as exc:
        return _occ_response(request, occ, error=_error_text(exc))
    return _occ_response(request, occ, notice=_("The registration is cancelled."))


@login_required
@require_POST
def occurrence_attendance(request, pk):
    actor = request.actor
    occ = services.get_occurrence(actor, pk)
    if not services.can_manage_activity(actor, occ.activity):
        raise PermissionDenied
    person = Person.objects.filter(pk=request.POST.get("person") or 0, network=actor.network).first()
    if person is None and request.POST.get("person_q"):
        # The walk-in picker without JavaScript: the typed text resolves to one registrable person.
        walkin = RegisterPersonForm(request.POST, persons=_registrable(actor))
        person = walkin.cleaned_data["person"] if walkin.is_valid() else None
    if person is None:
        return _occ_response(request, occ, error=_("Choose a person from the list."))
    try:
        services.set_attendance(actor, occ, person, request.POST.get("present") == "1")
    except ValidationError as exc:
        return _occ_response(request, occ, error=_error_text(exc))
    return _occ_response(request, occ, notice=_("Attendance saved."))


@login_required
@require_POST
def occurrence_head_count(request, pk):
    actor = request.actor
    occ = services.get_occurrence(actor, pk)
    form = HeadCountForm(request.POST)
    if not form.is_valid():
        return _occ_response(request, occ, error=_("Give a number between 0 and 10000."))
    try:
        services.set_head_count(actor, occ, form.cleaned_data["head_count"])
    except ValidationError as exc:
        return _occ_response(request, occ, error=_error_text(exc))
    return _occ_response(request, occ, notice=_("Attendance saved."))


@login_required
@require_POST
def occurrence_evaluate(request, pk):
    actor = request.actor
    occ = services.get_occurrence(actor, pk)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return _occ_response(request, occ, error=_("Choose one of the five faces."))
    try:
        services.evaluate(actor, occ, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        return _occ_response(request, occ, error=_error_text(exc))
    return _occ_response(request, occ, notice=_("Thank you for telling us."))


@login_required
@require_POST
def occurrence_move(request, pk):
    actor = request.actor
    occ = services.get_occurrence(actor, pk)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give a date and time."))
        services.move_occurrence(actor, occ, form.cleaned_data["starts_at"])
    except ValidationError as exc:
        return _occ_response(request, occ, error=_error_text(exc))
    return _occ_response(request, occ, notice=_("Saved."))


@login_required
@require_POST
def occurrence_cancel(request, pk):
    actor = request.actor
    occ = services.get_occurrence(actor, pk)
    try:
        services.cancel_occurrence(actor, occ)
    except ValidationError as exc:
        return _occ_response(request, occ, error=_error_text(exc))
    return _occ_response(request, occ, notice=_("This date is cancelled."))


# --- invitations -------------------------------------------------------------------------------


@login_required
def invitation_list(request):
    actor = request.actor
    if not (services.can_invite(actor) or actor.has_role("volunteer")):
        raise PermissionDenied
    invitations = list(services.visible_invitations(actor)[:200])
    record(actor, services.INVITATIONS_VIEWED, data={"count": len(invitations)})
    ctx = {
        "invitations": invitations,
        "staff": services.can_invite(actor),
        "outcomes": Invitation.Outcome.choices,
    }
    if services.can_invite(actor):
        cform = CandidateForm(request.GET or None, network=actor.network, actor=actor)
        filters = cform.cleaned_data if cform.is_valid() else {"min_age": 75, "months": 6}
        candidates = list(
            services.invitation_candidates(
                actor,
                min_age=filters.get("min_age"),
                lives_alone=filters.get("lives_alone", False),
                area=filters.get("area"),
                months=filters.get("months") or 6,
            )[:100]
        )
        ctx.update(
            {
                "candidate_form": cform,
                "candidates": candidates,
                "invite_form": InviteForm(network=actor.network),
            }
        )
    return render(request, "community/invitation_list.html", ctx)


@login_required
@require_POST
def invitation_create(request):
    actor = request.actor
    if not services.can_invite(actor):
        raise PermissionDenied
    form = InviteForm(request.POST, network=actor.network)
    ids = [int(x) for x in request.POST.getlist("persons") if x.isdigit()]
    persons = list(Person.objects.filter(pk__in=ids, network=actor.network))
    if not form.is_valid() or len(persons) != len(ids):
        messages.error(
            request, _("Check the form: choose people, a way of inviting and, if you like, a volunteer.")
        )
        return redirect("community:invitation_list")
    try:
        created = services.create_invitations(actor, persons, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("%(n)s invitations made.") % {"n": len(created)})
    return redirect("community:invitation_list")


@login_required
@require_POST
def invitation_update(request, pk):
    actor = request.actor
    inv = services.visible_invitations(actor).filter(pk=pk).first()
    if inv is None:
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect("community:invitation_list")
    try:
        services.update_invitation(actor, inv, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("community:invitation_list")


@login_required
def invitation_letters(request):
    actor = request.actor
    if not services.can_invite(actor):
        raise PermissionDenied
    qs = (
        services.visible_invitations(actor)
        .filter(channel=Invitation.Channel.LETTER)
        .prefetch_related("person__languages")
        .select_related("activity__place")
    )
    ids = [int(x) for x in request.GET.getlist("id") if x.isdigit()]
    if ids:
        qs = qs.filter(pk__in=ids)
    else:
        qs = qs.filter(outcome=Invitation.Outcome.OPEN)
    activity = None
    if request.GET.get("activity", "").isdigit():
        activity = services.get_activity(actor, int(request.GET["activity"]))
    invs = list(qs)
    if not invs:
        messages.error(request, _("There are no letters to print."))
        return redirect("community:invitation_list")
    pdf = services.invitation_letters_pdf(actor, invs, activity)
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = 'inline; filename="invitations.pdf"'
    return resp
