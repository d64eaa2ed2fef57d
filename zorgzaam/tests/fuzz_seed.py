"""Seed data and request shaping for the API fuzz test (test_api_fuzz.py).

The demo network gives one object of every kind the API names by id; this module maps path
parameters and ids in bodies and queries to those objects and picks whose token sends each call.
"""

from __future__ import annotations

from django.core.handlers.wsgi import WSGIHandler

from zorgzaam.people.actor import build_actor

# Whose personal token calls an operation (default: the coordinator): an operation about one's own
# tasks, inbox or answers only has data for that role.
AS_USER = {
    "/api/care/tasks": "vrijwilliger",
    "/api/care/tasks/{match_id}": "vrijwilliger",
    "/api/care/tasks/{match_id}/{action}": "vrijwilliger",
    "/api/care/inbox": "partner",
    "/api/care/open-tasks": "vrijwilliger",
    "/api/care/open-tasks/{request_id}/take": "vrijwilliger",
    "/api/care/referrals/{referral_id}/respond": "respond",  # staff of the organisation referred to
    "/api/analysis/surveys/{key}/my-response": "bewoner",
    "/api/sectors/jobs/{job_id}": "beheerder",
    "/api/sectors/sets": "beheerder",
}


def wsgi_app():
    return WSGIHandler()


def seed() -> dict:
    from django.contrib.auth import get_user_model

    from zorgzaam.accounts.services import create_token
    from zorgzaam.core.demo import run_demo

    ctx = run_demo()
    network = ctx.network
    tokens = {}
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in={"coordinator", *AS_USER.values()})
    }
    for name, user in users.items():
        _, tokens[name] = create_token(build_actor(user, network), "fuzz")
    _seed_jobs(network, users, tokens)
    users["respond"] = _partner_of_a_sent_referral(network) or users["partner"]
    _, tokens["respond"] = create_token(build_actor(users["respond"], network), "fuzz")
    # Only owners edit an initiative (staff support it): the coordinator co-owns the first one.
    from zorgzaam.volunteers.models import Initiative

    first = Initiative.objects.filter(network=network).order_by("pk").first()
    if first is not None:
        first.owners.add(users["coordinator"].persons.get(network=network))
    return {"network": network, "tokens": tokens, "ids": _ids(network), "users": users}


BATCH_KEY = "fuzz-seed-batch"


def _partner_of_a_sent_referral(network):
    from zorgzaam.care.models import Referral
    from zorgzaam.people.models import RoleAssignment

    for ref in Referral.objects.filter(request__network=network, status="sent").order_by("pk"):
        role = RoleAssignment.objects.filter(
            role="partner", organisation_id=ref.organisation_id, person__user__isnull=False
        ).first()
        if role is not None:
            return role.person.user
    return None


def _seed_jobs(network, users, tokens) -> None:
    """What the demo does not build: a finished batch under a known key and an import job to read."""
    from django.test import Client

    from zorgzaam.sectors.models import ImportJob

    Client().post(
        "/api/care/batch",
        {"pairs": []},
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens['coordinator']}", "Idempotency-Key": BATCH_KEY},
    )
    ImportJob.objects.create(kind="indicators", status="done", created_by=users["beheerder"])
    # A one-time code for an anonymous survey answer.
    from zorgzaam.analysis.models import Survey, SurveyToken

    survey = Survey.objects.filter(network=network, status="open").order_by("pk").first()
    if survey is not None:
        SurveyToken.objects.create(survey=survey, token="fuzz-seed-token")
    _seed_referral_to_partner(network, users, tokens)


def _seed_referral_to_partner(network, users, tokens) -> None:
    """A referral still waiting for the demo partner's answer, made as staff do: consent, then refer."""
    from django.test import Client

    from zorgzaam.care.models import Request

    role = users["partner"].persons.get(network=network).roles.filter(role="partner").first()
    req = Request.objects.filter(network=network, status="triaged").order_by("pk").first()
    if role is None or req is None:
        return
    client, auth = Client(), {"Authorization": f"Bearer {tokens['coordinator']}"}
    consent = {
        "purpose": "share",
        "granted": True,
        "channel": "spoken",
        "organisation_id": role.organisation_id,
    }
    client.post(
        f"/api/people/persons/{req.person_id}/consents",
        consent,
        content_type="application/json",
        headers=auth,
    )
    body = {"organisation_id": role.organisation_id, "message": "Fuzz"}
    client.post(f"/api/care/requests/{req.pk}/referrals", body, content_type="application/json", headers=auth)


def _first(qs):
    obj = qs.order_by("pk").first()
    return obj.pk if obj is not None else None


def _ids(network) -> dict:
    """Real ids, by the name a path parameter or body field gives them."""
    from zorgzaam.analysis.models import Observation, Snapshot, Survey
    from zorgzaam.care.models import Match, Referral, Request, Signal
    from zorgzaam.community.models import Activity, Occurrence, Place, Registration
    from zorgzaam.networks.models import Area
    from zorgzaam.organisations.models import Organisation
    from zorgzaam.outreach.models import CircleMember, Visit
    from zorgzaam.people.models import Person
    from zorgzaam.plans.models import Action, Indicator, Plan
    from zorgzaam.reciprocity.models import Account, Transaction, TransferClaim
    from zorgzaam.sectors.models import ImportJob
    from zorgzaam.sectors.models import Indicator as SectorIndicator
    from zorgzaam.socialmap.models import Service
    from zorgzaam.valuedroles.models import RoleHolding, ValuedRole
    from zorgzaam.volunteers.models import Initiative, OnboardingStep

    person = Person.objects.filter(network=network, user__isnull=True)
    volunteer = Person.objects.filter(network=network, roles__role="volunteer")
    survey = Survey.objects.filter(network=network).order_by("pk").first()
    own_tasks = Match.objects.filter(request__network=network, helper__user__username="vrijwilliger")
    return {
        "network": network.slug,
        "area_id": _first(Area.objects.filter(network=network)),
        "person_id": _first(person),
        "volunteer_id": _first(volunteer),
        "helper_id": _first(volunteer),
        "organisation_id": _first(Organisation.objects.filter(network=network)),
        "service_id": _first(Service.objects.filter(organisation__network=network)),
        "signal_id": _first(Signal.objects.filter(network=network)),
        "request_id": _first(Request.objects.filter(network=network)),
        "match_id": _first(Match.objects.filter(request__network=network)),
        "task_id": _first(own_tasks),
        "batch_key": BATCH_KEY,
        "snapshots": list(
            Snapshot.objects.filter(network=network).order_by("pk").values_list("pk", flat=True)
        ),
        "referral_id": _first(Referral.objects.filter(request__network=network)),
        "visit_id": _first(Visit.objects.filter(network=network)),
        "member_id": _first(CircleMember.objects.filter(circle__network=network)),
        "account_id": _first(Account.objects.filter(network=network, kind=Account.Kind.PERSON)),
        "claim_id": _first(TransferClaim.objects.filter(network=network)),
        "txn_id": _first(Transaction.objects.filter(network=network)),
        "survey_id": survey.pk if survey else None,
        "key": survey.key if survey else None,
        "plan_id": _first(Plan.objects.filter(network=network)),
        "action_id": _first(Action.objects.filter(plan__network=network)),
        "indicator_id": _first(Indicator.objects.filter(plan__network=network)),
        "observation_id": _first(Observation.objects.filter(network=network)),
        "step_id": _first(OnboardingStep.objects.filter(network=network)),
        "job_id": _first(ImportJob.objects.all()),
        "code": SectorIndicator.objects.order_by("pk").values_list("code", flat=True).first(),
        "place_id": _first(Place.objects.filter(network=network)),
        "activity_id": _first(Activity.objects.filter(network=network)),
        "occurrence_id": _first(Occurrence.objects.filter(activity__network=network)),
        "registration_id": _first(Registration.objects.filter(occurrence__activity__network=network)),
        "initiative_id": _first(Initiative.objects.filter(network=network)),
        "role_id": _first(ValuedRole.objects.filter(network=network)),
        "holding_id": _first(RoleHolding.objects.filter(role__network=network)),
    }


# `{pk}` names a different model under each prefix.
PK_BY_PREFIX = {
    "/api/socialmap/services/": "service_id",
    "/api/volunteers/initiatives/": "initiative_id",
    "/api/community/occurrences/": "occurrence_id",
    "/api/community/registrations/": "registration_id",
    "/api/community/activities/": "activity_id",
    "/api/valuedroles/roles/": "role_id",
    "/api/valuedroles/holdings/": "holding_id",
}


def path_ids(op, data) -> dict:
    ids = data["ids"]
    out = {}
    for param in op.path_parameters:
        name = param.name
        if name == "pk":
            name = next((v for k, v in PK_BY_PREFIX.items() if op.path.startswith(k)), name)
        elif name == "person_id" and op.path.startswith("/api/volunteers/volunteers/"):
            name = "volunteer_id"
        elif name == "match_id" and op.path.startswith("/api/care/tasks/"):
            name = "task_id"
        elif name == "key" and op.path.startswith("/api/care/batch/"):
            name = "batch_key"
        elif name == "obj_id":
            out["kind"] = "requests"
            name = "request_id"
        elif name == "kind":
            continue
        elif name == "action":
            out["action"] = "accept"
            continue
        if ids.get(name) is None:
            return {}
        out[param.name] = ids[name]
    return out


def auth_headers(op, data) -> dict:
    user = AS_USER.get(op.path, "coordinator")
    return {"Authorization": f"Bearer {data['tokens'][user]}"}


def _replace_ids(value, ids):
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ids and ids[key] is not None and isinstance(item, int | str) and key != "network":
                out[key] = ids[key]
            elif key.endswith("_ids") and isinstance(item, list) and ids.get(key[:-1]) is not None:
                out[key] = [ids[key[:-1]]]
            else:
                out[key] = _replace_ids(item, ids)
        return out
    if isinstance(value, list):
        return [_replace_ids(v, ids) for v in value]
    return value


def use_real_ids(case, data) -> None:
    """Point ids in the query and the body at real objects of the demo network."""
    ids = data["ids"]
    query_ids = {"network": ids["network"], "area": ids["area_id"], "person": ids["person_id"]}
    if isinstance(case.query, dict):
        for key in case.query:
            if key in query_ids and query_ids[key] is not None:
                case.query[key] = query_ids[key]
    if isinstance(case.body, dict | list):
        case.body = _replace_ids(case.body, ids)


# --- explicit valid requests -----------------------------------------------------------------------
# One request per write that the rules accept on the demo data (the right state, existing ids), so every
# operation is seen succeeding at least once; generated data mostly tests the refusals.


def _pk(qs):
    obj = qs.order_by("pk").first()
    return obj.pk if obj is not None else None


def _valid_requests(data) -> dict:  # noqa: PLR0915 - one entry per operation, read top to bottom
    import datetime as dt

    from zorgzaam.analysis.models import Survey, SurveyToken
    from zorgzaam.care.models import Match, Referral, Request
    from zorgzaam.community.models import Occurrence, Registration
    from zorgzaam.outreach.models import Visit
    from zorgzaam.plans.models import Goal
    from zorgzaam.reciprocity.models import Account, Transaction, TransferClaim
    from zorgzaam.valuedroles.models import RoleHolding

    net = data["network"]
    ids = data["ids"]
    today = dt.date.today()
    S = Request.Status
    req = {s: _pk(Request.objects.filter(network=net, status=s)) for s in S.values}
    survey = Survey.objects.filter(network=net, status="open").order_by("pk").first()
    answers = _answers(survey)
    # Anonymous answers need an unused one-time code of an open survey.
    token = SurveyToken.objects.filter(
        survey__network=net, survey__status="open", used_at__isnull=True
    ).first()
    future_occ = _pk(Occurrence.objects.filter(activity__network=net, starts_at__gte=dt.datetime.now(dt.UTC)))
    past_occ = _pk(Occurrence.objects.filter(activity__network=net, starts_at__lt=dt.datetime.now(dt.UTC)))
    person_account = Account.objects.filter(network=net, kind="person").order_by("pk")
    a = {
        ("POST", "/api/networks/{network}/areas"): {"body": {"name": "Fuzz", "slug": "fuzz-area"}},
        ("PATCH", "/api/networks/{network}/areas/{area_id}"): {"body": {"description": "Fuzz"}},
        ("POST", "/api/people/persons"): {"body": {"first_name": "Fuzz", "area_id": ids["area_id"]}},
        ("PATCH", "/api/people/persons/{person_id}"): {"body": {"phone": "0470 12 34 56"}},
        ("POST", "/api/people/persons/{person_id}/consents"): {
            "body": {"purpose": "contact", "granted": True, "channel": "spoken"}
        },
        ("POST", "/api/socialmap/services"): {
            "body": {"name": "Fuzz", "organisation_id": ids["organisation_id"], "schedules": []}
        },
        ("PATCH", "/api/socialmap/services/{pk}"): {
            "body": {"schedules": [{"weekday": 0, "opens_at": "09:00", "closes_at": "12:00"}]}
        },
        ("POST", "/api/socialmap/services/{pk}/verify"): {},
        ("PUT", "/api/sectors/areas/{area_id}/sectors"): {"body": {"codes": []}},
        ("POST", "/api/socialmap/hsds/import"): {"client": _import_hsds},
        ("POST", "/api/sectors/sets"): {"client": _import_sectors},
        ("POST", "/api/socialmap/services/{pk}/reports"): {
            "body": {"what_is_wrong": "Phone number changed."}
        },
        ("POST", "/api/volunteers/volunteers/{person_id}/steps/{step_id}"): {"body": {"done": True}},
        ("POST", "/api/volunteers/volunteers/{person_id}/safeguarding"): {
            "body": {"kind": "insurance", "issued_on": str(today)}
        },
        ("POST", "/api/volunteers/volunteers/{person_id}/hours"): {
            "body": {"date": str(today), "hours": "1.5", "activity": "Fuzz"}
        },
        ("POST", "/api/volunteers/persons/{person_id}/thanks"): {"body": {"message": "Dank je!"}},
        ("POST", "/api/volunteers/initiatives"): {"body": {"title": "Fuzz", "status": "idea"}},
        ("PATCH", "/api/volunteers/initiatives/{pk}"): {"body": {"description": "Fuzz"}},
        ("POST", "/api/volunteers/initiatives/{pk}/support"): {"body": {"description": "Fuzz"}},
        ("POST", "/api/care/signals"): {
            "body": {
                "person_id": ids["person_id"],
                "description": "Fuzz",
                "themes": ["loneliness"],
                "consent_status": "given",
            }
        },
        ("POST", "/api/care/requests"): {"body": {"person_id": ids["person_id"], "description": "Fuzz"}},
        ("POST", "/api/care/requests/{request_id}/triage"): {
            "path": {"request_id": req["new"]},
            "body": {"note": "Fuzz"},
        },
        ("POST", "/api/care/requests/{request_id}/notes"): {"body": {"note": "Fuzz"}},
        # Chosen when its turn comes: earlier operations (the batch, triage) change the requests.
        ("POST", "/api/care/open-tasks/{request_id}/take"): {
            "lazy": lambda: {"path": {"request_id": _pickable(net)}}
        },
        ("POST", "/api/care/requests/{request_id}/close"): {
            "path": {"request_id": _closable(net)},
            "body": {"outcome": "solved"},
        },
        ("POST", "/api/care/requests/{request_id}/withdraw"): {"path": {"request_id": req["triaged"]}},
        ("POST", "/api/care/{kind}/{obj_id}/policy-tag"): {
            "path": {"kind": "requests", "obj_id": ids["request_id"]},
            "body": {"theme": None},
        },
        ("POST", "/api/care/requests/{request_id}/matches"): {
            "path": {"request_id": req["triaged"]},
            "body": {"helper_id": ids["helper_id"]},
        },
        ("POST", "/api/care/tasks/{match_id}/{action}"): _task_action(net),
        ("POST", "/api/care/batch"): {"body": {"pairs": []}, "headers": {"Idempotency-Key": "fuzz-batch-1"}},
        ("POST", "/api/care/matches/{match_id}/cancel"): {
            "path": {"match_id": _pk(Match.objects.filter(request__network=net, state="proposed"))}
        },
        ("POST", "/api/care/matches/{match_id}/for-helper"): {
            "path": {"match_id": _pk(Match.objects.filter(request__network=net, state="proposed"))},
            "body": {"step": "accept", "note": "said yes by phone"},
        },
        ("POST", "/api/care/matches/{match_id}/feedback"): {
            "path": {"match_id": _pk(Match.objects.filter(request__network=net, state="done"))},
            "body": {"rating": 3},
        },
        ("POST", "/api/care/requests/{request_id}/referrals"): _referable(net),
        ("POST", "/api/care/referrals/{referral_id}/respond"): {
            "path": {
                "referral_id": _pk(
                    Referral.objects.filter(
                        request__network=net,
                        status="sent",
                        organisation__in=data["users"]["respond"].persons.values("roles__organisation"),
                    )
                )
            },
            "body": {"status": "accepted"},
        },
        ("POST", "/api/outreach/visits/{visit_id}/record"): {
            "path": {"visit_id": _pk(Visit.objects.filter(network=net, outcome="planned"))},
            "body": {"outcome": "not_at_home"},
        },
        ("POST", "/api/outreach/rounds"): {
            "body": {
                "name": "Fuzz",
                "person_ids": [ids["person_id"]],
                "starts_on": str(today),
                "ends_on": str(today + dt.timedelta(days=7)),
            }
        },
        ("POST", "/api/outreach/members/{member_id}/calls"): {"body": {"outcome": "reached"}},
        ("PUT", "/api/outreach/settings"): {"body": {"missed_calls_before_next_step": 4}},
        ("POST", "/api/community/places"): {
            "body": {"name": "Fuzz", "mobile": True, "route": [{"time": "10:30", "name": "Markt"}]}
        },
        ("POST", "/api/community/activities"): {
            "body": {"title": "Fuzz", "start_date": str(today), "start_time": "14:00"}
        },
        ("POST", "/api/community/occurrences/{pk}/registrations"): {
            "path": {"pk": future_occ},
            "body": {"person_id": ids["person_id"]},
        },
        ("POST", "/api/community/registrations/{pk}/cancel"): {
            "path": {
                "pk": _pk(
                    Registration.objects.filter(
                        occurrence__activity__network=net,
                        status="registered",
                        occurrence__starts_at__gte=dt.datetime.now(dt.UTC),
                    )
                )
            }
        },
        ("POST", "/api/community/occurrences/{pk}/attendance"): {
            "path": {"pk": past_occ},
            "body": {"head_count": 5},
        },
        ("POST", "/api/community/occurrences/{pk}/evaluations"): {
            "path": {"pk": past_occ},
            "body": {"score": 4},
        },
        ("POST", "/api/valuedroles/roles"): {"body": {"title": "Fuzz"}},
        ("PUT", "/api/valuedroles/roles/{pk}"): {"body": {"title": "Fuzz"}},
        ("POST", "/api/valuedroles/roles/{pk}/holders"): {"body": {"person_id": ids["person_id"]}},
        ("POST", "/api/valuedroles/holdings/{pk}/end"): {
            "path": {"pk": _pk(RoleHolding.objects.filter(role__network=net, end_on__isnull=True))}
        },
        ("POST", "/api/reciprocity/transfers"): {
            "body": {
                "payer_account_id": _pk(person_account),
                "payee_account_id": _pk(person_account.exclude(pk=_pk(person_account))),
                "amount": 30,
            }
        },
        ("POST", "/api/reciprocity/claims/{claim_id}/confirm"): {
            "path": {"claim_id": _pk(TransferClaim.objects.filter(network=net, state="pending"))}
        },
        ("POST", "/api/reciprocity/claims/{claim_id}/decline"): {
            "path": {
                "claim_id": TransferClaim.objects.filter(network=net, state="pending")
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            }
        },
        ("POST", "/api/reciprocity/pool"): {"body": {"payee_person_id": ids["person_id"], "amount": 30}},
        ("POST", "/api/reciprocity/transactions/{txn_id}/reverse"): {
            "path": {
                "txn_id": _pk(
                    Transaction.objects.filter(network=net, reverses__isnull=True, reversed_by__isnull=True)
                )
            },
            "body": {},
        },
        ("PUT", "/api/reciprocity/settings"): {
            "body": {"mode": "hours", "unit_name": "", "default_min": -600, "default_max": 600}
        },
        ("PUT", "/api/reciprocity/accounts/{account_id}/limits"): {
            "body": {"min_balance": -100000, "max_balance": 100000}
        },
        ("POST", "/api/analysis/observations"): {
            "body": {"kind": "strength", "text": "Fuzz", "observed_on": str(today), "theme": "meeting"}
        },
        ("POST", "/api/analysis/snapshots"): {"body": {"label": "Fuzz"}},
        ("POST", "/api/analysis/surveys/{key}/responses"): {
            "path": {"key": token.survey.key if token else None},
            "body": {
                "answers": _answers(token.survey) if token else {},
                "token": token.token if token else "",
            },
        },
        ("POST", "/api/analysis/surveys/{key}/my-response"): {
            "path": {"key": survey.key if survey else None},
            "body": {"answers": answers},
        },
        ("POST", "/api/plans/"): {
            "body": {"title": "Fuzz", "starts_on": str(today), "ends_on": str(today + dt.timedelta(days=365))}
        },
        ("POST", "/api/plans/{plan_id}/actions"): {
            "body": {"title": "Fuzz", "goal_ids": [_pk(Goal.objects.filter(plan_id=ids["plan_id"]))]}
        },
        ("POST", "/api/plans/{plan_id}/indicators"): {
            "body": {"kind": "effort", "name": "Fuzz", "target": 10, "action_id": ids["action_id"]}
        },
        ("POST", "/api/plans/indicators/{indicator_id}/measurements"): {
            "body": {"measured_on": str(today), "value": 3}
        },
    }
    return a


def _closable(net):
    """A request under way without a task still open (closing asks to finish or cancel tasks first)."""
    from zorgzaam.care.models import Request

    busy = ["proposed", "accepted", "in_progress"]
    qs = Request.objects.filter(network=net, status__in=["triaged", "referred", "in_progress", "matched"])
    return _pk(qs.exclude(matches__state__in=busy))


def _referable(net) -> dict:
    """A triaged request whose person agreed to share with an organisation: refer to that one."""
    from zorgzaam.care.models import Request
    from zorgzaam.people.models import Consent

    for consent in Consent.objects.filter(
        person__network=net, purpose="share", granted=True, organisation__isnull=False
    ).order_by("pk"):
        req = Request.objects.filter(network=net, person=consent.person, status="triaged").first()
        if req is not None:
            body = {"organisation_id": consent.organisation_id, "message": "Fuzz"}
            return {"path": {"request_id": req.pk}, "body": body}
    return {"path": {"request_id": None}}


def _answers(survey) -> dict:
    from zorgzaam.analysis.models import Question

    answers = {}
    for q in Question.objects.filter(survey=survey).order_by("pk") if survey else []:
        if q.kind in ("likert", "open"):
            answers[str(q.pk)] = 3 if q.kind == "likert" else "ok"
    return answers


# Uploads go through Django's client: the endpoints tell the format by the file name, and schemathesis
# names an uploaded file after its field.
def _import_hsds(data, client, headers) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    zipped = client.get("/api/socialmap/hsds/export.zip", headers=headers).content
    upload = SimpleUploadedFile("hsds.zip", zipped, content_type="application/zip")
    return client.post("/api/socialmap/hsds/import", {"file": upload}, headers=headers).status_code


def _import_sectors(data, client, headers) -> int:
    import tempfile
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from zorgzaam.sectors.testing import grid_boxes, write_layer

    with tempfile.TemporaryDirectory() as tmp:
        path = write_layer(Path(tmp) / "sectors.geojson", grid_boxes(1, 1), ["41999A001"])
        upload = SimpleUploadedFile("sectors.geojson", path.read_bytes(), content_type="application/geo+json")
    return client.post("/api/sectors/sets", {"file": upload, "name": "Fuzz"}, headers=headers).status_code


def _task_action(net) -> dict:
    from zorgzaam.care.models import Match

    own = Match.objects.filter(request__network=net, helper__user__username="vrijwilliger").order_by("pk")
    for state, action in (("proposed", "accept"), ("accepted", "start"), ("in_progress", "done")):
        match = own.filter(state=state).first()
        if match is not None:
            return {"path": {"match_id": match.pk, "action": action}, "body": {}}
    return {"path": {"match_id": None}}


def explicit_cases(op, data) -> list:
    """(case, extra headers): the valid request for a write (above), or a read of real objects; [] when
    the demo lacks the object."""
    key = (op.method.upper(), op.path)
    spec = data.setdefault("valid", {}).get(key)
    if "valid_built" not in data:
        data["valid"] = _valid_requests(data)
        data["valid_built"] = True
        spec = data["valid"].get(key)
    if spec is not None and "lazy" in spec:
        spec = spec["lazy"]()
    if spec is not None and "client" in spec:
        return [(spec["client"], {})]
    path = {**path_ids(op, data), **((spec or {}).get("path") or {})}
    if any(v is None for v in path.values()) or (not path and op.path_parameters):
        return []
    if spec is None and op.method.upper() != "GET":
        return []
    kwargs = {"path_parameters": path}
    if spec and "body" in spec:
        kwargs["body"] = spec["body"]
        kwargs["media_type"] = "application/json"
    if op.method.upper() == "GET":
        kwargs["query"] = _read_query(op, data)
    return [(op.Case(**kwargs), (spec or {}).get("headers") or {})]


def _read_query(op, data) -> dict:
    """Required query parameters of reads, with real values."""
    ids = data["ids"]
    snaps = ids["snapshots"] + [None, None]
    values = {"area": ids["area_id"], "year": 2025, "a": snaps[0], "b": snaps[1]}
    out = {}
    for param in op.query:
        if param.is_required:
            out[param.name] = values.get(param.name)
    return {k: v for k, v in out.items() if v is not None}


def _pickable(net):
    """A request without a helper in the demo volunteer's areas, triaged and opened for volunteers to
    pick (care/open_tasks.py). Built when its turn comes: earlier operations (the batch, triage,
    withdraw, close) have used the demo's triaged requests by then."""
    from django.contrib.auth import get_user_model

    from zorgzaam.care.models import Request
    from zorgzaam.people.actor import build_actor

    picker = build_actor(get_user_model().objects.get(username=AS_USER["/api/care/open-tasks"]), net)
    busy = ["proposed", "accepted", "in_progress"]
    qs = Request.objects.filter(network=net).exclude(matches__state__in=busy).exclude(person=picker.person)
    areas = picker.area_ids("volunteer")
    if areas is not None:  # the volunteer role's areas only
        qs = qs.filter(area__in=sorted(areas))
    pk = qs.order_by("-pk").values_list("pk", flat=True).first()
    Request.objects.filter(pk=pk).update(status="triaged", open_to_volunteers=True)
    # The batch case may have filled the volunteer's load cap by now: give room for one more.
    from zorgzaam.volunteers.models import VolunteerProfile

    VolunteerProfile.objects.filter(person=picker.person).update(max_active_tasks=99)
    return pk
