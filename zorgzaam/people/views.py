import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.core import registry
from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.core.middleware import SESSION_ON_BEHALF
from zorgzaam.people import merge, picking, services
from zorgzaam.people.duplicates import LikelyDuplicates
from zorgzaam.people.forms import ConsentForm, PersonFilterForm, PersonForm, RoleForm
from zorgzaam.people.models import Consent, RoleAssignment
from zorgzaam.people.picker import SUFFIX, person_label


@login_required
def person_list(request):
    actor = request.actor
    if not services.can_list_persons(actor):
        raise PermissionDenied
    form = PersonFilterForm(request.GET or None, network=actor.network, actor=actor)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = services.search_persons(
        actor,
        q=filters.get("q", ""),
        area=getattr(filters.get("area"), "pk", None),
        talent=getattr(filters.get("talent"), "pk", None),
        need=getattr(filters.get("need"), "pk", None),
        language=getattr(filters.get("language"), "code", None),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    ctx = {
        "form": form,
        "page": page,
        "can_create": services.can_create_person(actor),
        "query": request.GET.urlencode(),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "person-results":
        return render(request, "people/_results.html", ctx)
    return render(request, "people/list.html", ctx)


@login_required
def person_detail(request, pk):
    actor = request.actor
    try:
        person = services.get_person(actor, pk)
    except PermissionDenied:
        survivor = merge.survivor_id(actor, pk)  # the old id of a merged record leads to the survivor
        if survivor is None:
            raise
        return redirect("people:detail", pk=survivor)
    consents = services.current_consents(person)
    panels = registry.render_panels(registry.PERSON_PANELS, request, person)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "consents": sorted(consents.values(), key=lambda c: (c.purpose, c.organisation_id or 0)),
            "can_edit": services.can_edit_person(actor, person),
            "can_act": services.can_act_for(actor, person) and actor.on_behalf_of is None,
            "can_erase": services.can_erase(actor, person) and not person.anonymised_at,
            "panels": panels,
            "roles": person.roles.filter(active=True).select_related(
                "area", "volunteer_kind", "organisation"
            ),
            "age": services.age(person),
        },
    )


def _placement_notice(request, person) -> None:
    """Say so when the address was not found in the address register (the person is on the worklist)."""
    from django.apps import apps

    if apps.is_installed("zorgzaam.addresses"):
        from zorgzaam.addresses.selectors import placement_notice

        notice = placement_notice(person)
        if notice:
            messages.warning(request, notice)


@login_required
def person_create(request):
    actor = request.actor
    if not services.can_create_person(actor):
        raise PermissionDenied
    form = PersonForm(request.POST or None, network=actor.network)
    candidates = []
    if request.method == "POST" and form.is_valid():
        # The confirmation is never pre-selected: it is a box the actor ticks after seeing the list.
        confirm_new = request.POST.get("confirm_new") == "1"
        try:
            person = services.create_person(actor, confirm_new=confirm_new, **form.service_kwargs())
        except LikelyDuplicates as exc:
            candidates = exc.candidates
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            _placement_notice(request, person)
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None, "candidates": candidates})


@login_required
def person_edit(request, pk):
    actor = request.actor
    person = services.get_person(actor, pk, log_view=False)
    if not services.can_edit_person(actor, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, network=actor.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor, person, **form.service_kwargs())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            _placement_notice(request, person)
            return redirect("people:detail", pk=person.pk)
    # A failed form must not leave the unsaved values on the shared instance.
    return render(request, "people/form.html", {"form": form, "person": person})


@login_required
def consent_record(request, pk):
    actor = request.actor
    person = services.get_person(actor, pk, log_view=False)
    if not services.can_record_consent(actor, person):
        raise PermissionDenied
    # A detour from a refused step (e.g. a referral) names the purpose and where to go back to; the
    # decision itself is never pre-selected.
    initial = {k: request.GET[k] for k in ("purpose", "organisation") if request.GET.get(k)}
    form = ConsentForm(request.POST or None, network=actor.network, initial=initial)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(actor, person, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect(next_url or reverse("people:detail", args=[person.pk]))
    history = person.consents.select_related("organisation", "recorded_by")
    return render(
        request,
        "people/consent.html",
        {
            "form": form,
            "person": person,
            "history": history,
            "Purpose": Consent.Purpose,
            "next_url": next_url,
        },
    )


@login_required
@require_POST
def start_acting(request, pk):
    actor = request.actor
    person = services.get_person(actor, pk, log_view=False)
    services.start_acting_for(actor, person)
    request.session[SESSION_ON_BEHALF] = person.pk
    messages.info(request, _("You are now acting for %(name)s.") % {"name": person.full_name})
    return redirect("core:home")


@login_required
@require_POST
def stop_acting(request):
    services.stop_acting_for(request.actor)
    pk = request.session.pop(SESSION_ON_BEHALF, None)
    return redirect("people:detail", pk=pk) if pk else redirect("core:home")


@login_required
def person_export(request, pk):
    actor = request.actor
    person = services.get_person(actor, pk, log_view=False)
    data = services.export_person(actor, person)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@login_required
def person_erase(request, pk):
    actor = request.actor
    person = services.get_person(actor, pk, log_view=False)
    if not services.can_erase(actor, person):
        raise PermissionDenied
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm."))
        else:
            services.erase_person(actor, person)
            messages.success(
                request, _("The person's data was erased. Statistics keep their anonymous facts.")
            )
            return redirect("people:list")
    return render(request, "people/erase.html", {"person": person})


@login_required
def me(request):
    """A resident's own profile (or the resident someone is acting for)."""
    actor = request.actor
    target = actor.on_behalf_of or actor.person
    if target is None:
        raise PermissionDenied
    return redirect("people:detail", pk=target.pk)


@login_required
@require_POST
def role_grant(request, pk):
    actor = request.actor
    person = services.get_person(actor, pk, log_view=False)
    form = RoleForm(request.POST, network=actor.network)
    if not services.can_manage_roles(actor):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.grant_role(actor, person, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(m for msgs in exc.message_dict.values() for m in msgs))
        else:
            messages.success(request, _("Role added."))
    else:
        messages.error(request, _("Choose a role."))
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def role_revoke(request, pk, role_pk):
    actor = request.actor
    person = services.get_person(actor, pk, log_view=False)
    assignment = RoleAssignment.objects.filter(pk=role_pk, person=person, active=True).first()
    if assignment is None:
        raise PermissionDenied
    services.revoke_role(actor, assignment)
    messages.success(request, _("Role removed."))
    return redirect("people:detail", pk=person.pk)


@login_required
def person_pick(request):
    """Suggestions for the person picker (htmx): the selector decides who may be offered."""
    q = (request.GET.get("q") or next((v for k, v in request.GET.items() if k.endswith(SUFFIX)), "")).strip()
    area = request.GET.get("area", "")
    found = picking.search(
        request.actor,
        q[:200],
        request.GET.get("scope", "visible"),
        area=int(area) if area.isdigit() and len(area) <= 9 else None,
    )
    field = "".join(c for c in request.GET.get("field", "pick") if c.isalnum() or c in "_-")[:80]
    results = [(p, person_label(p)) for p in found]
    # Without the request: a fragment needs none of the page's context processors (their queries).
    html = render_to_string(
        "people/widgets/_pick_results.html",
        {"results": results, "q": q, "field": field, "more": len(found) >= picking.LIMIT},
    )
    return HttpResponse(html)
