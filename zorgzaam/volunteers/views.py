import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.people.models import Person
from zorgzaam.volunteers import services
from zorgzaam.volunteers.forms import (
    AppreciationForm,
    HoursForm,
    InitiativeForm,
    ProfileForm,
    SafeguardingForm,
    StepForm,
    SupportForm,
    ThankForm,
)
from zorgzaam.volunteers.models import OnboardingStep, SafeguardingRecord, VolunteerProfile


@login_required
def home(request):
    actor = request.actor
    if not services.is_staff(actor):
        if actor.person is not None and services.is_volunteer(actor.person):
            return redirect("volunteers:me")
        raise PermissionDenied
    today = timezone.localdate()
    steps = (
        services.ensure_default_steps(actor.network)
        if services.can_configure(actor)
        else list(OnboardingStep.objects.filter(network=actor.network, active=True))
    )
    qs = (
        services.visible_volunteers(actor)
        .select_related("area", "volunteer_profile")
        .annotate(
            steps_done=Count("onboarding_done", filter=Q(onboarding_done__step__active=True), distinct=True)
        )
        .prefetch_related(
            Prefetch("safeguarding_records", queryset=SafeguardingRecord.objects.order_by("-issued_on"))
        )
        .order_by("last_name", "first_name", "pk")
    )
    rows = []
    for p in qs:
        criminal = next(
            (r for r in p.safeguarding_records.all() if r.kind == SafeguardingRecord.Kind.CRIMINAL_RECORD),
            None,
        )
        rows.append(
            {
                "person": p,
                "steps_done": p.steps_done,
                "criminal_ok": bool(criminal and criminal.is_valid_on(today)),
            }
        )
    return render(
        request,
        "volunteers/home.html",
        {"rows": rows, "total_steps": len(steps), "can_configure": services.can_configure(actor)},
    )


@login_required
def me(request):
    person = request.actor.on_behalf_of or request.actor.person
    if person is None:
        raise PermissionDenied
    return detail(request, person.pk)


def _detail_context(request, person):
    actor = request.actor
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    year = year if 2000 <= year <= today.year + 1 else today.year
    manage = services.can_manage_volunteer(actor, person)
    totals = services.hours_totals(person, year)
    return {
        "person": person,
        "profile": VolunteerProfile.objects.filter(person=person).first(),
        "manage": manage,
        "is_self": services.is_self(actor, person),
        "onboarding": services.onboarding(person),
        "safeguarding": services.safeguarding_status(person, today),
        "records": person.safeguarding_records.all(),
        "totals": totals,
        "month_rows": [(dt.date(year, m, 1), h) for m, h in totals["months"].items() if h],
        "hours": services.hours_for(actor, person).select_related("recorded_by")[:20],
        "thanks": services.thanks_for(actor, person)[:20],
        "appreciations": services.appreciations_for(actor, person)[:20],
        "hours_form": HoursForm(initial={"date": today}),
        "thank_form": ThankForm(),
        "can_thank": (actor.on_behalf_of or actor.person) is not None and not services.is_self(actor, person),
    }


@login_required
def detail(request, pk):
    person = services.get_volunteer(request.actor, pk)
    return render(request, "volunteers/detail.html", _detail_context(request, person))


@login_required
def profile_edit(request, pk):
    actor = request.actor
    person = services.get_volunteer(actor, pk, log_view=False)
    if not services.can_manage_volunteer(actor, person):
        raise PermissionDenied
    profile = VolunteerProfile.objects.filter(person=person).first()
    initial = (
        {
            "max_active_tasks": profile.max_active_tasks,
            "max_distance_km": profile.max_distance_km,
            "started_on": profile.started_on,
        }
        if profile
        else {"max_active_tasks": 3, "max_distance_km": 3.0}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(actor, person, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:detail", pk=person.pk)
    return render(
        request, "volunteers/form.html", {"form": form, "person": person, "title": _("Volunteer profile")}
    )


@login_required
@require_POST
def toggle_step(request, pk, step_pk):
    actor = request.actor
    person = services.get_volunteer(actor, pk, log_view=False)
    step = get_object_or_404(OnboardingStep, pk=step_pk, network=actor.network)
    services.set_step(actor, person, step, done=request.POST.get("done") == "1")
    if request.headers.get("HX-Request"):
        return render(
            request,
            "volunteers/_onboarding.html",
            {"person": person, "onboarding": services.onboarding(person), "manage": True},
        )
    return redirect("volunteers:detail", pk=person.pk)


def _simple_form(request, pk, form_class, handler, title, *, manage_only=True):
    actor = request.actor
    person = services.get_volunteer(actor, pk, log_view=False)
    if manage_only and not services.can_manage_volunteer(actor, person):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handler(actor, person, form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:detail", pk=person.pk)
    return render(request, "volunteers/form.html", {"form": form, "person": person, "title": title})


@login_required
def safeguarding_add(request, pk):
    return _simple_form(
        request,
        pk,
        SafeguardingForm,
        lambda a, p, d: services.add_safeguarding(a, p, **d),
        _("Add a safeguarding record"),
    )


@login_required
def hours_add(request, pk):
    return _simple_form(
        request,
        pk,
        HoursForm,
        lambda a, p, d: services.log_hours(a, p, **d),
        _("Record hours"),
        manage_only=False,
    )


@login_required
def appreciation_add(request, pk):
    return _simple_form(
        request,
        pk,
        AppreciationForm,
        lambda a, p, d: services.add_appreciation(a, person=p, **d),
        _("Record appreciation"),
    )


@login_required
@require_POST
def thank(request, pk):
    actor = request.actor
    person = Person.objects.filter(pk=pk, network=actor.network).first()
    if person is None:
        raise Http404
    form = ThankForm(request.POST)
    if form.is_valid():
        try:
            services.thank(actor, person, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your thank-you was passed on."))
    else:
        messages.error(request, _("Say what you are thankful for."))
    if services.can_view_volunteer(actor, person):
        return redirect("volunteers:detail", pk=person.pk)
    return redirect("core:home")


@login_required
def steps(request):
    actor = request.actor
    if not services.can_configure(actor):
        raise PermissionDenied
    services.ensure_default_steps(actor.network)
    form = StepForm(request.POST or None)
    if request.method == "POST" and "toggle" in request.POST:
        step = get_object_or_404(OnboardingStep, pk=request.POST["toggle"], network=actor.network)
        services.save_step(
            actor, step=step, code=step.code, name=step.name, order=step.order, active=not step.active
        )
        return redirect("volunteers:steps")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_step(actor, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:steps")
    return render(
        request,
        "volunteers/steps.html",
        {"form": form, "steps": OnboardingStep.objects.filter(network=actor.network)},
    )


@login_required
def figures(request):
    actor = request.actor
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    year = year if 2000 <= year <= today.year + 1 else today.year
    data = services.hours_aggregate(actor, year)
    rows = [(dt.date(year, m, 1), h) for m, h in data["months"]]
    return render(
        request, "volunteers/figures.html", {"rows": rows, "year": year, "k": actor.network.k_anonymity}
    )


# --- initiatives -----------------------------------------------------------------------------


@login_required
def initiative_list(request):
    actor = request.actor
    if not (services.can_start_initiative(actor) or services.is_staff(actor)):
        raise PermissionDenied
    return render(
        request,
        "volunteers/initiatives.html",
        {
            "initiatives": services.visible_initiatives(actor),
            "can_start": services.can_start_initiative(actor),
        },
    )


@login_required
def initiative_create(request):
    actor = request.actor
    if not services.can_start_initiative(actor):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ini = services.start_initiative(actor, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your initiative was saved."))
            return redirect("volunteers:initiative", pk=ini.pk)
    return render(request, "volunteers/form.html", {"form": form, "title": _("Start an initiative")})


@login_required
def initiative_detail(request, pk):
    actor = request.actor
    ini = services.get_initiative(actor, pk)
    return render(
        request,
        "volunteers/initiative.html",
        {
            "ini": ini,
            "owners": ini.owners.all(),
            "support": ini.support_given.select_related("given_by"),
            "is_owner": services.is_owner(actor, ini),
            "can_support": services.is_staff(actor),
            "support_form": SupportForm(),
        },
    )


@login_required
def initiative_edit(request, pk):
    actor = request.actor
    ini = services.get_initiative(actor, pk)
    if not services.is_owner(actor, ini):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, instance=ini)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(actor, ini, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:initiative", pk=ini.pk)
    return render(request, "volunteers/form.html", {"form": form, "title": ini.title})


@login_required
@require_POST
def initiative_support(request, pk):
    actor = request.actor
    ini = services.get_initiative(actor, pk)
    form = SupportForm(request.POST)
    if form.is_valid():
        try:
            services.add_support(actor, ini, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Say what support was given."))
    return redirect("volunteers:initiative", pk=ini.pk)
