import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zorgzaam.analysis import exports, forms, services
from zorgzaam.analysis.models import HospiscoreComponent, Observation, Survey
from zorgzaam.core.dbrouter import reporting_reads
from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.core.links import absolute_url
from zorgzaam.people.actor import Actor


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _overview(request):
    actor = request.actor
    if not services.can_view_analysis(actor):
        raise PermissionDenied
    area = None
    if request.GET.get("area", "").isdigit():
        area = services.get_area(actor, int(request.GET["area"]))
    profile = None
    if request.GET.get("profile", "").isdigit():
        profile = services.get_profile(actor, int(request.GET["profile"]))
    return services.analysis_overview(
        actor,
        area=area,
        measure=request.GET.get("measure", ""),
        start=_date(request.GET.get("start")),
        end=_date(request.GET.get("end")),
        profile=profile,
    )


@login_required
@reporting_reads
def index(request):
    ov = _overview(request)
    chart = {
        "geojson": ov["geojson"],
        "measure": str(ov["measure_label"]),
        "scores": [
            {
                "area": a.name,
                "parts": [
                    {"label": c["label"], "value": round(c["contribution"], 4)} for c in s["components"]
                ],
            }
            for a, s in ov["scores"]
        ],
        "reach": [
            {
                "area": summary["area"].name,
                "rows": [{"label": r.label, "ratio": r.ratio} for r in rows if not r.suppressed],
            }
            for summary, rows in ov["reach"]
        ],
    }
    return render(
        request,
        "analysis/index.html",
        {
            **ov,
            "chart": chart,
            "can_manage": services.can_manage(request.actor),
            "is_staff": services.is_staff(request.actor),
            "snapshots": services.Snapshot.objects.filter(network=request.actor.network)[:10],
            "query": request.GET.urlencode(),
            "reach_has_rows": any(not r.suppressed for _s, rows in ov["reach"] for r in rows),
            "hospiscore_parts": ov["scores"][0][1]["components"] if ov["scores"] else [],
        },
    )


@login_required
@reporting_reads
def export(request, fmt):
    ov = _overview(request)
    services.record(request.actor, services.ANALYSIS_EXPORTED, data={"format": fmt})
    if fmt == "csv":
        resp = HttpResponse(exports.to_csv(ov), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        resp = HttpResponse(
            exports.to_xlsx(ov),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "geojson":
        resp = HttpResponse(exports.to_geojson(ov), content_type="application/geo+json")
    elif fmt == "pdf":
        resp = HttpResponse(exports.to_pdf(ov, request.actor.network.name), content_type="application/pdf")
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="analysis.{fmt}"'
    return resp


@login_required
def observations(request):
    actor: Actor = request.actor
    if not services.can_view_analysis(actor):
        raise PermissionDenied
    form = forms.ObservationFilterForm(request.GET or None, areas=services.visible_areas(actor))
    f = form.cleaned_data if form.is_valid() else {}
    qs = services.search_observations(
        actor, q=f.get("q", ""), area=f.get("area"), theme=f.get("theme", ""), kind=f.get("kind", "")
    )
    return render(
        request,
        "analysis/observations.html",
        {
            "form": form,
            "observations": qs[:200],
            "can_write": services.can_write_observation(actor),
        },
    )


@login_required
def observation_edit(request, pk=None):
    actor = request.actor
    obs = None
    if pk is not None:
        obs = services.visible_observations(actor).filter(pk=pk).first()
        if obs is None or not services.can_write_observation(actor, obs.area):
            raise PermissionDenied
    elif not services.can_write_observation(actor):
        raise PermissionDenied
    form = forms.ObservationForm(
        request.POST or None,
        instance=None,
        initial=(
            {f: getattr(obs, f) for f in forms.ObservationForm.Meta.fields}
            if obs
            else {"observed_on": dt.date.today()}
        ),
        areas=services.writable_areas(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_observation(actor, observation=obs, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("analysis:observations")
    return render(request, "analysis/observation_form.html", {"form": form, "observation": obs})


@login_required
def surveys(request):
    actor = request.actor
    if not services.can_view_analysis(actor):
        raise PermissionDenied
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST":
        if not services.can_manage(actor):
            raise PermissionDenied
        if form.is_valid():
            try:
                survey = services.create_survey(actor, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("analysis:survey_detail", pk=survey.pk)
    return render(
        request,
        "analysis/surveys.html",
        {"surveys": services.visible_surveys(actor), "form": form, "can_manage": services.can_manage(actor)},
    )


@login_required
def survey_detail(request, pk):
    actor = request.actor
    survey = services.get_survey(actor, pk)
    qform = forms.QuestionForm(request.POST if request.POST.get("which") == "question" else None)
    tform = forms.TokenForm(request.POST if request.POST.get("which") == "tokens" else None)
    codes = []
    if request.method == "POST":
        which = request.POST.get("which")
        try:
            if which == "question" and qform.is_valid():
                services.add_question(actor, survey, **qform.cleaned_data)
                return redirect("analysis:survey_detail", pk=survey.pk)
            if which == "status":
                services.set_survey_status(actor, survey, request.POST.get("status", ""))
                return redirect("analysis:survey_detail", pk=survey.pk)
            if which == "tokens" and tform.is_valid():
                codes = services.make_tokens(actor, survey, tform.cleaned_data["count"])
        except ValidationError as exc:
            _apply_errors(qform if which == "question" else tform, exc)
            if which == "status":
                messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "analysis/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.all(),
            "results": services.survey_results(actor, survey),
            "qform": qform,
            "tform": tform,
            "codes": codes,
            "can_manage": services.can_manage(actor),
            "is_staff": services.is_staff(actor),
            "link": absolute_url(reverse("analysis:survey_answer", args=[survey.key])),
            "Status": Survey.Status,
        },
    )


@login_required
def survey_paper(request, pk):
    actor = request.actor
    survey = services.get_survey(actor, pk)
    if not services.is_staff(actor):
        raise PermissionDenied
    Form = forms.answer_form_class(survey, services.visible_areas(actor), ask_area=True)
    form = Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(
                actor,
                survey,
                answers=forms.answers_from(form),
                area=form.cleaned_data.get("area"),
                paper=True,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The paper answers were saved. You can type the next one."))
            return redirect("analysis:survey_paper", pk=survey.pk)
    return render(request, "analysis/survey_answer.html", {"survey": survey, "form": form, "paper": True})


def survey_answer(request, key):
    """Public link: residents with a login answer once; others with a one-time code."""
    survey = services.survey_for_answering(key)
    actor = request.actor if request.user.is_authenticated else None
    member = (
        actor is not None
        and actor.person is not None
        and actor.network
        and actor.network.pk == survey.network_id
    )
    Form = forms.answer_form_class(
        survey, survey.network.areas.all(), ask_area=not member, ask_token=not member
    )
    form = Form(request.POST or None, initial={"token": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(
                actor if member else None,
                survey,
                answers=forms.answers_from(form),
                area=form.cleaned_data.get("area"),
                token=form.cleaned_data.get("token", ""),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return render(request, "analysis/survey_thanks.html", {"survey": survey})
    return render(request, "analysis/survey_answer.html", {"survey": survey, "form": form, "paper": False})


@login_required
def snapshots(request):
    actor = request.actor
    if not services.can_view_analysis(actor):
        raise PermissionDenied
    form = forms.SnapshotForm(request.POST or None, initial={"taken_on": dt.date.today()})
    if request.method == "POST":
        if not services.can_manage(actor):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.take_snapshot(
                    actor, label=form.cleaned_data["label"], taken_on=form.cleaned_data["taken_on"]
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Snapshot saved."))
                return redirect("analysis:snapshots")
    return render(
        request,
        "analysis/snapshots.html",
        {
            "snapshots": services.Snapshot.objects.filter(network=actor.network),
            "form": form,
            "can_manage": services.can_manage(actor),
        },
    )


@login_required
def snapshot_compare(request):
    actor = request.actor
    a_id, b_id = request.GET.get("a", ""), request.GET.get("b", "")
    if not (a_id.isdigit() and b_id.isdigit()):
        return redirect("analysis:snapshots")
    a, b = services.get_snapshot(actor, int(a_id)), services.get_snapshot(actor, int(b_id))
    return render(
        request,
        "analysis/snapshot_compare.html",
        {"a": a, "b": b, "rows": services.compare_snapshots(actor, a, b)},
    )


@login_required
def profile_edit(request, pk):
    actor = request.actor
    profile = services.get_profile(actor, pk)
    form = forms.ComponentForm(request.POST or None, options=services.measure_options())
    if request.method == "POST":
        if not services.can_manage(actor):
            raise PermissionDenied
        if request.POST.get("which") == "new_profile":
            pform = forms.ProfileForm(request.POST)
            if pform.is_valid():
                try:
                    new = services.create_profile(actor, **pform.cleaned_data)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    return redirect("analysis:profile", pk=new.pk)
            else:
                messages.error(request, _("Give the profile a name."))
            return redirect("analysis:profile", pk=profile.pk)
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            comp = HospiscoreComponent.objects.filter(pk=int(remove), profile=profile).first()
            if comp is not None:
                services.remove_component(actor, comp)
            return redirect("analysis:profile", pk=profile.pk)
        if form.is_valid():
            try:
                services.save_component(actor, profile, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("analysis:profile", pk=profile.pk)
    return render(
        request,
        "analysis/profile.html",
        {
            "profile": profile,
            "components": profile.components.all(),
            "form": form,
            "can_manage": services.can_manage(actor),
        },
    )


__all__ = ["Observation"]
