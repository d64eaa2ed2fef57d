"""Neighbourhood analysis (VVSG F1): every rule and permission check.

Who sees what:
- coordinator: everything in the network;
- professional: the areas of their role (observations, surveys and reach of those areas);
- policy viewer: aggregates only: counts below k are hidden, observation text only when marked
  shareable, open survey answers only for groups of at least k respondents;
- volunteers, residents, partners: no access, except answering an open survey;
- anyone from another network: nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.analysis import data, figures, hospiscore, reach, survey_disclosure
from zorgzaam.analysis.models import (
    Answer,
    HospiscoreComponent,
    HospiscoreProfile,
    Observation,
    Question,
    Response,
    Snapshot,
    Survey,
    SurveyToken,
)
from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.networks.models import Area
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Role

# Labels are lazy: they are shown in the reader's language, not the one active at start-up.
OBSERVATION_SAVED = kinds.register("analysis.observation_saved", gettext_lazy("Observation saved"))
SURVEY_CHANGED = kinds.register("analysis.survey_changed", gettext_lazy("Survey changed"))
SURVEY_ANSWERED = kinds.register("analysis.survey_answered", gettext_lazy("Survey answered"))
SNAPSHOT_TAKEN = kinds.register("analysis.snapshot_taken", gettext_lazy("Analysis snapshot taken"))
ANALYSIS_EXPORTED = kinds.register("analysis.exported", gettext_lazy("Area analysis exported"))
HOSPISCORE_CHANGED = kinds.register("analysis.hospiscore_changed", gettext_lazy("Hospiscore profile changed"))


def k_of(actor_or_network) -> int:
    net = getattr(actor_or_network, "network", actor_or_network)
    return getattr(net, "k_anonymity", 5) or 5


# --- permissions -------------------------------------------------------------------------------


def can_view_analysis(actor: Actor) -> bool:
    return actor.network is not None and actor.has_role("coordinator", "professional", "policy")


def is_policy_only(actor: Actor) -> bool:
    return can_view_analysis(actor) and not is_staff(actor)


def can_manage(actor: Actor) -> bool:
    return actor.network is not None and actor.is_coordinator()


def visible_areas(actor: Actor):
    """Areas whose details this actor sees. Professionals: their areas; policy: all (aggregates)."""
    if not can_view_analysis(actor):
        return Area.objects.none()
    qs = Area.objects.filter(network=actor.network)
    if actor.has_role(Role.POLICY):
        return qs
    return qs.filter(actor.area_q("pk"))


def get_area(actor: Actor, area_id) -> Area:
    area = visible_areas(actor).filter(pk=area_id).first()
    _require(area is not None)
    return area


# --- observations ----------------------------------------------------------------------------


def visible_observations(actor: Actor):
    if not can_view_analysis(actor):
        return Observation.objects.none()
    qs = Observation.objects.filter(network=actor.network).select_related("area")
    if actor.is_coordinator():
        return qs
    if is_policy_only(actor):
        return qs.filter(shareable=True)
    # Observations without an area are notes about the whole network: every professional reads them.
    return qs.filter(actor.area_q("area") | Q(area__isnull=True))


def observation_counts(actor: Actor, areas) -> dict[int, dict[str, int]]:
    """Counts per area and kind over ALL observations (counts carry no free text)."""
    _require(can_view_analysis(actor))
    out = {a.pk: {"strength": 0, "need": 0} for a in areas}
    for area_id, kind, n in (
        Observation.objects.filter(network=actor.network, area__in=areas)
        .values_list("area_id", "kind")
        .annotate(n=Count("pk"))
    ):
        out[area_id][kind] = n
    return out


def search_observations(actor: Actor, *, q="", area=None, theme="", kind=""):
    qs = visible_observations(actor)
    for word in (q or "").split():
        qs = qs.filter(Q(text__icontains=word) | Q(place__icontains=word))
    if area:
        qs = qs.filter(area_id=getattr(area, "pk", area))
    if theme:
        qs = qs.filter(theme=theme)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def can_write_observation(actor: Actor, area=None) -> bool:
    if actor.network is None:
        return False
    if actor.is_coordinator():
        return True
    return actor.has_role("professional", area=area)


def writable_areas(actor: Actor):
    """Areas in which this actor may note observations."""
    if actor.network is None:
        return Area.objects.none()
    return Area.objects.filter(network=actor.network).filter(actor.area_q("pk"))


@transaction.atomic
def save_observation(actor: Actor, *, observation: Observation | None = None, **fields) -> Observation:
    area = fields.get("area")
    _require(can_write_observation(actor, area))
    if area is not None and area.network_id != actor.network.pk:
        raise ValidationError({"area": _("This area belongs to another network.")})
    if observation is not None:
        _require(
            observation.network_id == actor.network.pk and can_write_observation(actor, observation.area)
        )
        obs = observation
    else:
        obs = Observation(network=actor.network, created_by=actor.person)
    allowed = {"area", "sector_code", "place", "theme", "kind", "text", "observed_on", "source", "shareable"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(obs, name, value)
    if not (obs.text or "").strip():
        raise ValidationError({"text": _("Write what was seen or heard.")})
    if obs.observed_on and obs.observed_on > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError({"observed_on": _("The date cannot be in the future.")})
    obs.full_clean(exclude=["network", "created_by", "area"])
    obs.save()
    record(actor, OBSERVATION_SAVED, obj=obs, data={"kind": obs.kind, "theme": obs.theme})
    return obs


# --- surveys ------------------------------------------------------------------------------------


def visible_surveys(actor: Actor):
    if not can_view_analysis(actor):
        return Survey.objects.none()
    return Survey.objects.filter(network=actor.network).annotate(n=Count("responses"))


def get_survey(actor: Actor, survey_id) -> Survey:
    survey = visible_surveys(actor).filter(pk=survey_id).first()
    _require(survey is not None)
    return survey


@transaction.atomic
def create_survey(actor: Actor, *, title: str, intro: str = "", allow_anonymous: bool = True) -> Survey:
    _require(can_manage(actor))
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the survey a title.")})
    survey = Survey.objects.create(
        network=actor.network,
        title=title.strip(),
        intro=intro,
        allow_anonymous=allow_anonymous,
        created_by=actor.person,
    )
    record(actor, SURVEY_CHANGED, obj=survey, data={"op": "create"})
    return survey


def _parse_choices(kind: str, choices) -> list[str]:
    if isinstance(choices, str):
        choices = [c.strip() for c in choices.splitlines()]
    choices = [c for c in (choices or []) if c]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one per line.")})
    if kind in (Question.Kind.LIKERT, Question.Kind.OPEN):
        return []
    if len(set(choices)) != len(choices):
        raise ValidationError({"choices": _("Each choice may appear only once.")})
    return choices


@transaction.atomic
def add_question(
    actor: Actor, survey: Survey, *, kind: str, text: str, choices=(), required=False
) -> Question:
    _require(can_manage(actor) and survey.network_id == actor.network.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError({"kind": _("Questions can only change while the survey is a draft.")})
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of question.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the question.")})
    q = Question.objects.create(
        survey=survey,
        kind=kind,
        text=text.strip(),
        choices=_parse_choices(kind, choices),
        required=required,
        order=survey.questions.count(),
    )
    record(actor, SURVEY_CHANGED, obj=survey, data={"op": "add_question"})
    return q


@transaction.atomic
def set_survey_status(actor: Actor, survey: Survey, status: str) -> Survey:
    _require(can_manage(actor) and survey.network_id == actor.network.pk)
    if status not in Survey.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == Survey.Status.OPEN and not survey.questions.exists():
        raise ValidationError({"status": _("Add at least one question first.")})
    survey.status = status
    survey.save(update_fields=["status"])
    record(actor, SURVEY_CHANGED, obj=survey, data={"op": "status", "status": status})
    return survey


@transaction.atomic
def make_tokens(actor: Actor, survey: Survey, count: int) -> list[str]:
    _require(can_manage(actor) and survey.network_id == actor.network.pk)
    if not (1 <= count <= 500):
        raise ValidationError({"count": _("Choose between 1 and 500 codes.")})
    codes = [SurveyToken.new_code() for _i in range(count)]
    SurveyToken.objects.bulk_create([SurveyToken(survey=survey, token=c) for c in codes])
    record(actor, SURVEY_CHANGED, obj=survey, data={"op": "tokens", "count": count})
    return codes


def survey_for_answering(key: str) -> Survey:
    survey = Survey.objects.filter(key=key, status=Survey.Status.OPEN).select_related("network").first()
    if survey is None:
        deny(_("This survey is not open."))
    return survey


def _clean_answers(survey: Survey, raw: dict) -> list[Answer]:
    """raw: {question_id: value} where value is an int (likert), a str (single/open) or a list."""
    errors = {}
    answers = []
    for q in survey.questions.all():
        value = raw.get(q.pk, raw.get(str(q.pk)))
        field = f"q{q.pk}"
        empty = value in (None, "", [])
        if empty:
            if q.required:
                errors[field] = _("Please answer this question.")
            continue
        a = Answer(question=q)
        if q.kind == Question.Kind.LIKERT:
            try:
                n = int(value)
            except (TypeError, ValueError):
                n = 0
            if not 1 <= n <= 5:
                errors[field] = _("Choose a number from 1 to 5.")
                continue
            a.number = n
        elif q.kind == Question.Kind.SINGLE:
            if value not in q.choices:
                errors[field] = _("Choose one of the options.")
                continue
            a.choices = [value]
        elif q.kind == Question.Kind.MULTIPLE:
            values = value if isinstance(value, list) else [value]
            if not set(values) <= set(q.choices):
                errors[field] = _("Choose from the options.")
                continue
            a.choices = [c for c in q.choices if c in values]
        else:
            a.text = str(value).strip()[:2000]
        answers.append(a)
    if errors:
        raise ValidationError(errors)
    return answers


@transaction.atomic
def submit_response(
    actor: Actor | None,
    survey: Survey,
    *,
    answers: dict,
    area=None,
    token: str = "",
    paper: bool = False,
) -> Response:
    """One answer set. Online: a logged-in person of the network (once) or a one-time code.
    Paper: typed in by a coordinator or professional."""
    if area is not None and area.network_id != survey.network_id:
        raise ValidationError({"area": _("This area belongs to another network.")})
    resp = Response(survey=survey, area=area)
    if paper:
        _require(actor is not None and actor.network is not None and actor.network.pk == survey.network_id)
        _require(is_staff(actor))
        if area is not None:
            _require(visible_areas(actor).filter(pk=area.pk).exists())
        resp.channel, resp.entered_by = Response.Channel.PAPER, actor.person
    else:
        if survey.status != Survey.Status.OPEN:
            deny(_("This survey is not open."))
        person = (
            actor.person
            if actor is not None and actor.network and actor.network.pk == survey.network_id
            else None
        )
        if person is not None:
            if Response.objects.filter(survey=survey, person=person).exists():
                raise ValidationError({"__all__": _("You already answered this survey. Thank you!")})
            resp.person = person
            if area is None:
                resp.area = person.area
        elif token and survey.allow_anonymous:
            tok = SurveyToken.objects.select_for_update().filter(survey=survey, token=token).first()
            if tok is None or tok.used_at is not None:
                raise ValidationError({"token": _("This code is not valid or was already used.")})
            tok.used_at = timezone.now()
            tok.save(update_fields=["used_at"])
            resp.token = tok
        else:
            deny(_("Log in or use the code you received to answer."))
    cleaned = _clean_answers(survey, answers)
    try:
        with transaction.atomic():
            resp.save()
    except IntegrityError as exc:
        raise ValidationError({"__all__": _("You already answered this survey. Thank you!")}) from exc
    for a in cleaned:
        a.response = resp
    Answer.objects.bulk_create(cleaned)
    if actor is not None and actor.is_authenticated:
        record(actor, SURVEY_ANSWERED, obj=survey, data={"channel": resp.channel})
    return resp


def survey_results(actor: Actor, survey: Survey) -> dict:
    """Results overall and per area. An area with fewer than k respondents is not broken down
    (it only counts in the total). Open answers: staff only; policy viewers only for groups of k+."""
    _require(can_view_analysis(actor) and survey.network_id == actor.network.pk)
    k = k_of(actor)
    areas = list(visible_areas(actor))
    area_ids = {a.pk for a in areas}
    questions = list(survey.questions.all())
    responses = list(Response.objects.filter(survey=survey).values_list("pk", "area_id"))
    if not actor.is_coordinator() and not actor.has_role("policy"):
        responses = [(pk, a) for pk, a in responses if a in area_ids]
    resp_area = dict(responses)
    answers = list(
        Answer.objects.filter(response_id__in=resp_area.keys()).values_list(
            "response_id", "question_id", "number", "choices", "text"
        )
    )
    staff = is_staff(actor)

    def summarise(resp_ids: set, hidden: bool) -> dict:
        n = len(resp_ids)
        block = {"n": n, "suppressed": hidden, "questions": []}
        if hidden:
            return block
        for q in questions:
            rows = [a for a in answers if a[1] == q.pk and a[0] in resp_ids]
            item = {"question": q, "answered": len(rows)}
            if q.kind == Question.Kind.LIKERT:
                nums = [r[2] for r in rows if r[2]]
                dist = Counter(nums)
                item["mean"] = round(sum(nums) / len(nums), 2) if nums else None
                item["distribution"] = [(i, dist.get(i, 0)) for i in range(1, 6)]
            elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                dist = Counter(c for r in rows for c in (r[3] or []))
                item["distribution"] = [(c, dist.get(c, 0)) for c in q.choices]
            else:
                texts = [r[4] for r in rows if r[4]]
                item["texts"] = texts if staff or len(texts) >= k else None
            block["questions"].append(item)
        return block

    per_area = defaultdict(set)
    for pk, area_id in responses:
        per_area[area_id].add(pk)
    everyone = set(resp_area)
    if staff:  # staff read the answers themselves: only groups below k are not broken down
        area_blocks = [
            {"area": a, **summarise(per_area.get(a.pk, set()), len(per_area.get(a.pk, ())) < k)}
            for a in areas
        ]
        total = summarise(everyone, len(everyone) < k)
    else:
        area_blocks, total = survey_disclosure.disclosed_blocks(
            summarise, areas, per_area, everyone, questions, k
        )
    paper = Response.objects.filter(survey=survey, channel=Response.Channel.PAPER).count()
    if not staff and (paper < k or len(everyone) - paper < k):
        paper = None  # paper and online answers are the two parts of the total: both at least k
    return {"k": k, "total": total, "areas": area_blocks, "paper": paper}


def survey_summary(actor: Actor, survey: Survey) -> dict:
    """Per area: number of answers and the average of each 1-5 question (hidden below k)."""
    res = survey_results(actor, survey)
    likert = [q for q in survey.questions.all() if q.kind == Question.Kind.LIKERT]

    def means(block):
        by_q = {item["question"].pk: item for item in block["questions"]}
        # (question, mean, hidden for privacy): a policy viewer's mean next to a hidden count is hidden.
        return [
            (q.text, by_q.get(q.pk, {}).get("mean"), by_q.get(q.pk, {}).get("mean_hidden", False))
            for q in likert
        ]

    return {
        "survey": survey,
        "questions": likert,
        "rows": [
            {"label": b["area"].name, "n": b["n"], "suppressed": b["suppressed"], "means": means(b)}
            for b in res["areas"]
        ]
        + [
            {
                "label": _("All areas"),
                "n": res["total"]["n"],
                "suppressed": res["total"]["suppressed"],
                "means": means(res["total"]),
                "total": True,
            }
        ],
    }


# --- the area analysis ---------------------------------------------------------------------------


def measure_options() -> list[tuple[str, str]]:
    opts = [(f"indicator:{i['code']}", i["name"]) for i in data.sector_indicators()]
    opts += [(code, str(label)) for code, label in data.BUILTIN_MEASURES.items()]
    return opts


def default_profile(actor: Actor) -> HospiscoreProfile:
    return hospiscore.ensure_default_profile(actor.network)


def get_profile(actor: Actor, profile_id=None) -> HospiscoreProfile:
    _require(can_view_analysis(actor))
    if profile_id:
        p = HospiscoreProfile.objects.filter(pk=profile_id, network=actor.network).first()
        _require(p is not None)
        return p
    return default_profile(actor)


def map_features(actor: Actor, areas, measure: str, figs, cache) -> dict:
    """GeoJSON: the sectors of the areas when the indicator is a sectors indicator, otherwise the
    area boundaries with the area value; published values only (figures.py)."""
    values = figs.values
    features = []
    if measure.startswith("indicator:"):
        code = measure.split(":", 1)[1]
        vals = figs.sectors.get(code, {})
        for a in areas:
            for s in cache.sectors.get(a.pk, []):
                name = getattr(s, "name", "") or getattr(s, "name_nl", "") or s.code
                features.append(
                    {
                        "type": "Feature",
                        "geometry": s.geometry,
                        "properties": {
                            "code": s.code,
                            "name": str(name),
                            "area": a.name,
                            "value": vals.get(s.code),
                            "hidden": (code, s.code) in figs.sectors_hidden,
                        },
                    }
                )
    if not features:
        for a in areas:
            geom = data.area_geometry(a)
            if geom:
                features.append(
                    {
                        "type": "Feature",
                        "geometry": geom,
                        "properties": {
                            "code": a.slug,
                            "name": a.name,
                            "area": a.name,
                            "value": values.get(a.pk, {}).get(measure),
                            "hidden": (a.pk, measure) in figs.hidden,
                        },
                    }
                )
    return {"type": "FeatureCollection", "features": features}


def analysis_overview(
    actor: Actor, *, area=None, measure: str = "", start=None, end=None, profile=None
) -> dict:
    """Everything on the analysis page: measures per area, the municipality (all areas of the
    network) for comparison, hospiscore with contributions, reach, observations and surveys."""
    _require(can_view_analysis(actor))
    k = k_of(actor)
    all_areas = list(Area.objects.filter(network=actor.network))
    shown = list(visible_areas(actor))
    if area is not None:
        _require(any(a.pk == area.pk for a in shown))
    options = measure_options()
    codes = [c for c, _l in options]
    cache = data.SectorCache(all_areas)
    # Always every area of the network: the same hidden cells whatever area filter is chosen.
    figs = figures.compute(actor.network, all_areas, k, cache)
    values = figs.values
    if measure not in codes:
        # Open on a figure that has data (pages and exports alike), not on an empty first one.
        with_data = [c for c in codes if any(values[a.pk].get(c) is not None for a in all_areas)]
        measure = (with_data or codes)[0]
    profile = profile or default_profile(actor)
    scores = hospiscore.compute(profile, values, labels=dict(options))
    start, end = reach.window(start, end, free=not is_policy_only(actor))
    reach_rows = reach.network_reach(actor.network, shown, start, end, k, cache=cache)
    counts = observation_counts(actor, all_areas)

    table = [
        {
            "area": a,
            "value": values[a.pk].get(measure),
            "hidden": (a.pk, measure) in figs.hidden,
            "hospiscore": scores[a.pk],
            "observations": counts[a.pk],
            "selected": area is not None and a.pk == area.pk,
        }
        for a in shown
    ]
    focus = area or (shown[0] if len(shown) == 1 else None)
    obs_qs = visible_observations(actor)
    if focus is not None:
        obs_qs = obs_qs.filter(area=focus)
    observations = list(obs_qs[:40])
    return {
        "k": k,
        "area": focus,
        "areas": shown,
        "measure": measure,
        "measure_label": data.measure_label(measure, dict(options)),
        "options": options,
        "table": table,
        "municipality_value": figs.municipality.get(measure),
        "municipality_hidden": measure in figs.municipality_hidden,
        "municipality_note": figs.notes.get(measure, ""),
        "compare": [
            {
                "code": c,
                "label": label,
                "area": values[focus.pk].get(c) if focus else None,
                "area_hidden": focus is not None and (focus.pk, c) in figs.hidden,
                "municipality": figs.municipality.get(c),
                "municipality_hidden": c in figs.municipality_hidden,
                "municipality_note": figs.notes.get(c, ""),
            }
            for c, label in options
        ],
        "compare_notes": sorted(set(figs.notes.values()) if focus else ()),
        "geojson": map_features(actor, shown, measure, figs, cache),
        "profile": profile,
        "profiles": list(HospiscoreProfile.objects.filter(network=actor.network)),
        "scores": [(a, scores[a.pk]) for a in shown],
        "reach": reach_rows,
        "start": start,
        "end": end,
        "strengths": [o for o in observations if o.kind == Observation.Kind.STRENGTH],
        "needs": [o for o in observations if o.kind == Observation.Kind.NEED],
        "counts": counts,
        "surveys": list(visible_surveys(actor)[:10]),
        "survey_summaries": [
            survey_summary(actor, s) for s in visible_surveys(actor).exclude(status=Survey.Status.DRAFT)[:3]
        ],
        "policy_only": is_policy_only(actor),
        "reach_years": reach.closed_years(),
        "values": values,
        "hidden": figs.hidden,  # (area pk, measure) hidden by core.disclosure: shown as its symbol
    }


# --- snapshots -------------------------------------------------------------------------------------


def build_snapshot_data(network, k: int, profile: HospiscoreProfile, end: dt.date) -> dict:
    areas = list(Area.objects.filter(network=network))
    cache = data.SectorCache(areas)
    values = data.area_measures(network, areas, k, cache=cache)
    scores = hospiscore.compute(profile, values, labels=dict(measure_options()))
    rows = reach.network_reach(network, areas, *reach.window(None, end, free=False), k, cache=cache)
    reach_by_area = {s["area"].pk: s for s, _r in rows}
    obs = {a.pk: {"strength": 0, "need": 0} for a in areas}
    for area_id, kind, n in (
        Observation.objects.filter(network=network, area__in=areas, observed_on__lte=end)
        .values_list("area_id", "kind")
        .annotate(n=Count("pk"))
    ):
        obs[area_id][kind] = n
    return {
        "profile": profile.name,
        "k": k,
        "areas": {
            str(a.pk): {
                "name": a.name,
                "measures": values[a.pk],
                "hospiscore": scores[a.pk]["total"],
                "components": {c["measure"]: c["contribution"] for c in scores[a.pk]["components"]},
                "observations": obs[a.pk],
                "reached": reach_by_area[a.pk]["reached"],
            }
            for a in areas
        },
    }


@transaction.atomic
def take_snapshot(actor: Actor, *, label: str, taken_on: dt.date | None = None, profile=None) -> Snapshot:
    _require(can_manage(actor))
    if not (label or "").strip():
        raise ValidationError({"label": _("Give the snapshot a name.")})
    taken_on = taken_on or dt.date.today()
    if taken_on > dt.date.today():
        raise ValidationError({"taken_on": _("The date cannot be in the future.")})
    profile = profile or default_profile(actor)
    snap = Snapshot.objects.create(
        network=actor.network,
        taken_on=taken_on,
        label=label.strip(),
        data=build_snapshot_data(actor.network, k_of(actor), profile, taken_on),
        created_by=actor.person,
    )
    record(actor, SNAPSHOT_TAKEN, obj=snap)
    return snap


def get_snapshot(actor: Actor, snapshot_id) -> Snapshot:
    _require(can_view_analysis(actor))
    snap = Snapshot.objects.filter(pk=snapshot_id, network=actor.network).first()
    _require(snap is not None)
    return snap


def compare_snapshots(actor: Actor, a: Snapshot, b: Snapshot) -> list[dict]:
    """Per area and figure: value in a, value in b, change. Only areas the actor may see."""
    _require(can_view_analysis(actor))
    _require(a.network_id == actor.network.pk and b.network_id == actor.network.pk)
    visible = {str(x.pk) for x in visible_areas(actor)}
    labels = dict(measure_options())
    rows = []
    for area_id in sorted(set(a.data.get("areas", {})) | set(b.data.get("areas", {}))):
        if area_id not in visible:
            continue
        da, db = a.data["areas"].get(area_id, {}), b.data["areas"].get(area_id, {})
        figures = [("hospiscore", str(_("Hospiscore")), da.get("hospiscore"), db.get("hospiscore"))]
        figures.append(("reached", str(_("People reached")), da.get("reached"), db.get("reached")))
        for kind, label in (("strength", _("Strengths noted")), ("need", _("Needs noted"))):
            figures.append(
                (kind, str(label), da.get("observations", {}).get(kind), db.get("observations", {}).get(kind))
            )
        for code in sorted(set(da.get("measures", {})) | set(db.get("measures", {}))):
            figures.append(
                (
                    code,
                    data.measure_label(code, labels),
                    da.get("measures", {}).get(code),
                    db.get("measures", {}).get(code),
                )
            )
        for code, label, va, vb in figures:
            change = None if va is None or vb is None else round(vb - va, 4)
            rows.append(
                {
                    "area": da.get("name") or db.get("name"),
                    "code": code,
                    "label": label,
                    "a": va,
                    "b": vb,
                    "change": change,
                }
            )
    return rows


# --- hospiscore profiles --------------------------------------------------------------------------


@transaction.atomic
def save_component(
    actor: Actor, profile: HospiscoreProfile, *, measure, direction, weight, normalisation, label=""
):
    _require(can_manage(actor) and profile.network_id == actor.network.pk)
    valid = {c for c, _l in measure_options()}
    errors = {}
    if measure not in valid:
        errors["measure"] = _("Unknown measure.")
    if direction not in (1, -1):
        errors["direction"] = _("Choose a direction.")
    if weight is None or not (0 < weight <= 100):
        errors["weight"] = _("The weight must be more than 0 and at most 100.")
    if normalisation not in HospiscoreComponent.Normalisation.values:
        errors["normalisation"] = _("Unknown normalisation.")
    if errors:
        raise ValidationError(errors)
    comp, _created = HospiscoreComponent.objects.update_or_create(
        profile=profile,
        measure=measure,
        defaults={
            "direction": direction,
            "weight": weight,
            "normalisation": normalisation,
            "label": label or "",
            "order": profile.components.count(),
        },
    )
    record(actor, HOSPISCORE_CHANGED, obj=profile)
    return comp


@transaction.atomic
def remove_component(actor: Actor, component: HospiscoreComponent) -> None:
    _require(can_manage(actor) and component.profile.network_id == actor.network.pk)
    component.delete()
    record(actor, HOSPISCORE_CHANGED, obj=component.profile)


@transaction.atomic
def create_profile(actor: Actor, *, name: str, description: str = "") -> HospiscoreProfile:
    _require(can_manage(actor))
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the profile a name.")})
    p = HospiscoreProfile.objects.create(network=actor.network, name=name.strip(), description=description)
    record(actor, HOSPISCORE_CHANGED, obj=p)
    return p


# --- home panel -----------------------------------------------------------------------------------


def home_panel(actor: Actor) -> dict | None:
    """Policy viewers: key figures per area (suppressed below k)."""
    if not actor.has_role("policy") or actor.is_coordinator():
        return None
    k = k_of(actor)
    areas = list(Area.objects.filter(network=actor.network))
    profile = default_profile(actor)
    figs = figures.compute(actor.network, areas, k)
    scores = hospiscore.compute(profile, figs.values, labels=dict(measure_options()))
    return {
        "rows": [
            {
                "area": a,
                "hospiscore": scores[a.pk]["total"],
                "residents_65plus": figs.values[a.pk].get("residents_65plus"),
                "residents_65plus_hidden": (a.pk, "residents_65plus") in figs.hidden,
            }
            for a in areas
        ],
        "k": k,
    }


# --- a person's own data: export and erasure ----------------------------------------------------------


def person_export(person) -> dict:
    """The surveys a person answered while logged in, with their answers."""
    rows = []
    for r in (
        Response.objects.filter(person=person).select_related("survey").prefetch_related("answers__question")
    ):
        rows.append(
            {
                "survey": r.survey.title,
                "date": r.created_at.date().isoformat(),
                "answers": [
                    {"question": a.question.text, "number": a.number, "choices": a.choices, "text": a.text}
                    for a in r.answers.all()
                ],
            }
        )
    return {"survey_answers": rows} if rows else {}


def person_erasure(person) -> None:
    """Keep the answers for the statistics, but cut the link to the person and wipe open text.
    Observations they wrote keep kind, theme, area and date (they still count) but lose their words."""
    responses = Response.objects.filter(person=person)
    Answer.objects.filter(response__in=responses).exclude(text="").update(text="")
    responses.update(person=None)
    Observation.objects.filter(created_by=person).update(text="", place="")
