import csv
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.analysis import hospiscore, reach, services
from zorgzaam.analysis.models import HospiscoreComponent, HospiscoreProfile, Observation, Response, Survey
from zorgzaam.people.models import Consent

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _consent(person, granted=True):
    Consent.objects.create(person=person, purpose="statistics", granted=granted, channel="spoken")


def _obs(network, area, kind="strength", shareable=False, text="Bankje aan de kerk"):
    return Observation.objects.create(
        network=network,
        area=area,
        kind=kind,
        theme="meeting",
        text=text,
        observed_on=TODAY,
        shareable=shareable,
    )


# --- observations --------------------------------------------------------------------------------


def test_observation_rules_and_visibility(network, areas, users, actor_of, other_network):
    coord = actor_of(users["coordinator"])
    prof = actor_of(users["professional"])
    o = services.save_observation(
        coord,
        area=areas["north"],
        kind="strength",
        theme="meeting",
        text="Veel buren helpen",
        observed_on=TODAY,
    )
    services.save_observation(prof, area=areas["north"], kind="need", text="Geen bank", observed_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.save_observation(prof, area=areas["south"], kind="need", text="x", observed_on=TODAY)
    with pytest.raises(ValidationError):
        services.save_observation(coord, area=areas["north"], kind="need", text="  ", observed_on=TODAY)
    with pytest.raises(ValidationError):
        services.save_observation(coord, kind="need", text="x", observed_on=TODAY + dt.timedelta(days=9))
    assert Observation.objects.count() == 2
    _obs(network, areas["south"], shareable=True, text="Gedeeld")
    assert services.search_observations(coord, q="buren").get() == o
    assert services.search_observations(coord, kind="need").count() == 1
    assert services.search_observations(prof).count() == 2  # south is not theirs
    assert [x.text for x in services.visible_observations(actor_of(users["policy"]))] == ["Gedeeld"]
    for role in ("volunteer", "resident", "partner"):
        assert not services.visible_observations(actor_of(users[role])).exists()
    assert not services.visible_observations(actor_of(users["outsider"], other_network)).exists()


# --- surveys -------------------------------------------------------------------------------------


@pytest.fixture
def survey(network, users, actor_of):
    coord = actor_of(users["coordinator"])
    s = services.create_survey(coord, title="Buurtbevraging")
    services.add_question(coord, s, kind="likert", text="Voelt u zich thuis?", required=True)
    services.add_question(coord, s, kind="single", text="Hoe vaak?", choices="Dagelijks\nWekelijks")
    services.add_question(
        coord, s, kind="multiple", text="Wat?", choices=["Babbel", "Boodschappen", "Klusjes"]
    )
    services.add_question(coord, s, kind="open", text="Wat mist u?")
    services.set_survey_status(coord, s, "open")
    return s


def _answers(s, n=4, text="Een bank"):
    qs = list(s.questions.all())
    return {qs[0].pk: n, qs[1].pk: "Dagelijks", qs[2].pk: ["Babbel", "Klusjes"], qs[3].pk: text}


def test_survey_answers_tokens_paper_and_suppression(network, areas, users, actor_of, make_person, survey):
    coord = actor_of(users["coordinator"])
    resident = actor_of(users["resident"])
    services.submit_response(resident, survey, answers=_answers(survey, 5))
    with pytest.raises(ValidationError):
        services.submit_response(resident, survey, answers=_answers(survey))
    codes = services.make_tokens(coord, survey, 6)
    services.submit_response(None, survey, answers=_answers(survey), token=codes[0], area=areas["north"])
    with pytest.raises(ValidationError):  # a code works once
        services.submit_response(None, survey, answers=_answers(survey), token=codes[0])
    with pytest.raises(PermissionDenied):
        services.submit_response(None, survey, answers=_answers(survey))
    with pytest.raises(ValidationError):  # bad likert: nothing stored, code not used
        services.submit_response(
            None, survey, answers={**_answers(survey), survey.questions.first().pk: 9}, token=codes[1]
        )
    with pytest.raises(ValidationError):
        services.submit_response(
            None, survey, answers={**_answers(survey), survey.questions.all()[1].pk: "Nooit"}, token=codes[1]
        )
    assert Response.objects.count() == 2
    with pytest.raises(PermissionDenied):
        services.submit_response(actor_of(users["volunteer"]), survey, answers=_answers(survey), paper=True)
    for _i in range(3):
        services.submit_response(coord, survey, answers=_answers(survey, 3), area=areas["north"], paper=True)
    # north: 5 answers (k=5) -> shown; south: none -> suppressed
    res = services.survey_results(coord, survey)
    north = next(b for b in res["areas"] if b["area"] == areas["north"])
    south = next(b for b in res["areas"] if b["area"] == areas["south"])
    assert north["n"] == 5 and not north["suppressed"] and south["suppressed"]
    likert = north["questions"][0]
    assert likert["mean"] == round((5 + 4 + 3 * 3) / 5, 2)
    assert dict(likert["distribution"]) == {1: 0, 2: 0, 3: 3, 4: 1, 5: 1}
    assert dict(north["questions"][2]["distribution"]) == {"Babbel": 5, "Boodschappen": 0, "Klusjes": 5}
    assert res["paper"] == 3
    # open answers: staff see them; a policy viewer only when the group has >= k texts
    assert len(north["questions"][3]["texts"]) == 5
    policy = services.survey_results(actor_of(users["policy"]), survey)
    assert policy["total"]["questions"][3]["texts"] is not None
    Response.objects.filter(channel="paper").first().answers.filter(question__kind="open").delete()
    policy = services.survey_results(actor_of(users["policy"]), survey)
    assert policy["total"]["questions"][3]["texts"] is None
    assert services.survey_results(coord, survey)["total"]["questions"][3]["texts"]


def test_survey_builder_rules(users, actor_of, survey):
    coord = actor_of(users["coordinator"])
    with pytest.raises(ValidationError):
        services.add_question(coord, survey, kind="likert", text="Te laat")  # survey is open
    draft = services.create_survey(coord, title="Nieuw")
    with pytest.raises(ValidationError):
        services.add_question(coord, draft, kind="single", text="Eén keuze", choices="Enkel")
    with pytest.raises(ValidationError):
        services.set_survey_status(coord, draft, "open")
    with pytest.raises(PermissionDenied):
        services.create_survey(actor_of(users["professional"]), title="x")
    assert draft.questions.count() == 0 and Survey.objects.get(pk=draft.pk).status == "draft"


def test_survey_public_views(client, users, client_of, survey, areas):
    codes = (
        services.make_tokens(services.build_actor(users["coordinator"]) if False else None, survey, 1)
        if False
        else None
    )
    del codes
    url = f"/analysis/s/{survey.key}/"
    assert client.get(url).status_code == 200
    qs = list(survey.questions.all())
    r = client.post(url, {"token": "wrong", f"q{qs[0].pk}": "4"})
    assert r.status_code == 200 and Response.objects.count() == 0
    r = client_of(users["resident"]).post(url, {f"q{qs[0].pk}": "4", f"q{qs[2].pk}": ["Babbel"]})
    assert r.status_code == 200 and Response.objects.get().area == areas["north"]
    assert client_of(users["volunteer"]).get(f"/analysis/surveys/{survey.pk}/").status_code == 403


# --- reach -----------------------------------------------------------------------------------------


def test_wilson_interval_known_values():
    lo, hi = reach.wilson_interval(5, 10)
    assert round(lo, 4) == 0.2366 and round(hi, 4) == 0.7634
    assert reach.wilson_interval(0, 0) == (0.0, 1.0)


def test_reach_ratios_ci_suppression_and_consent(network, areas, make_person):
    year = TODAY.year
    north = areas["north"]
    reached = []
    # 20 reached with consent: 4 aged 80 (old), 16 aged 40; 3 more reached without consent (aged 80)
    for i in range(20):
        p = make_person(network, area=north, birth_year=year - (80 if i < 4 else 40), lives_alone=i < 10)
        _consent(p)
        reached.append(p.pk)
    for _i in range(3):
        p = make_person(network, area=north, birth_year=year - 80)
        _consent(p, granted=False)
        reached.append(p.pk)
    population = {"total": 1000, "age_65_plus": 400, "age_75_plus": 800, "living_alone": 200, "age_0_17": 3}
    summary, rows = reach.area_reach(
        network,
        north,
        TODAY - dt.timedelta(days=30),
        TODAY,
        5,
        reached_ids=set(reached),
        population=population,
    )
    assert summary["reached"] == 20  # the three without consent are not counted
    by = {r.group: r for r in rows}
    old = by["age_65_plus"]
    assert old.suppressed  # only 4 reached people aged 65+ (< k)
    alone = by["living_alone"]
    assert alone.reached == 10 and alone.reached_share == 0.5 and alone.population_share == 0.2
    lo, hi = reach.wilson_interval(10, 20)
    assert (
        alone.ratio == pytest.approx(2.5) and alone.low == pytest.approx(lo / 0.2) and not alone.under_reached
    )
    assert by["age_0_17"].suppressed  # population below k
    # with k=3 the older groups show: 4/20 = 0.2 vs 0.4 has an interval crossing 1 (not flagged),
    # 0.2 vs 0.8 stays below 1 even at the upper bound (under-reached)
    _s, rows3 = reach.area_reach(
        network, north, TODAY, TODAY, 3, reached_ids=set(reached), population=population
    )
    by3 = {r.group: r for r in rows3}
    assert by3["age_65_plus"].ratio == pytest.approx(0.5) and by3["age_65_plus"].high > 1
    assert not by3["age_65_plus"].under_reached
    assert by3["age_75_plus"].ratio == pytest.approx(0.25) and by3["age_75_plus"].under_reached


def test_reach_registry_and_fallback_population(network, areas, make_person):
    north = areas["north"]
    people = [make_person(network, area=north, birth_year=TODAY.year - 70) for _i in range(6)]
    for p in people:
        _consent(p)
    reach.register_reach_source("test.source", lambda net, s, e: [p.pk for p in people])
    try:
        ids = reach.reached_person_ids(network, TODAY, TODAY)
        assert set(ids) >= {p.pk for p in people}
        summary, rows = reach.area_reach(network, north, TODAY, TODAY, 5)
        assert summary["population_source"] == "registered" and summary["reached"] == 6
    finally:
        reach.unregister_reach_source("test.source")


def test_broken_reach_source_does_not_break_others(network):
    def broken(net, s, e):
        raise RuntimeError("boom")

    reach.register_reach_source("test.broken", broken)
    try:
        assert reach.reached_person_ids(network, TODAY, TODAY) == set()
    finally:
        reach.unregister_reach_source("test.broken")


# --- hospiscore ---------------------------------------------------------------------------------


def test_normalisation():
    assert hospiscore.normalise({1: 0.0, 2: 5.0, 3: 10.0}, "minmax") == {1: 0.0, 2: 0.5, 3: 1.0}
    z = hospiscore.normalise({1: 1.0, 2: 3.0}, "zscore")
    assert z == {1: -1.0, 2: 1.0}
    assert hospiscore.normalise({1: None, 2: 4.0}, "minmax") == {1: None, 2: 0.5}


def test_hospiscore_contributions(network):
    profile = HospiscoreProfile.objects.create(network=network, name="P")
    HospiscoreComponent.objects.create(profile=profile, measure="connecting_places", weight=3, direction=1)
    HospiscoreComponent.objects.create(profile=profile, measure="observed_needs", weight=1, direction=-1)
    measures = {
        1: {"connecting_places": 0, "observed_needs": 4},
        2: {"connecting_places": 10, "observed_needs": 0},
    }
    out = hospiscore.compute(profile, measures)
    assert out[2]["total"] == pytest.approx(1.0) and out[1]["total"] == pytest.approx(0.0)
    measures[1]["observed_needs"] = 2
    measures[3] = {"connecting_places": 5, "observed_needs": 4}
    out = hospiscore.compute(profile, measures)
    c = {x["measure"]: x["contribution"] for x in out[1]["components"]}
    assert c["connecting_places"] == 0 and c["observed_needs"] == pytest.approx(0.25 * 0.5)
    assert out[3]["total"] == pytest.approx(0.75 * 0.5)


def test_default_profile_is_labelled_assumption(network):
    p = hospiscore.ensure_default_profile(network)
    assert p.is_default and ("ssumption" in p.description or "Aanname" in p.description)
    assert hospiscore.ensure_default_profile(network) == p and p.components.count() == 5


# --- overview, snapshots, exports, permissions -------------------------------------------------


def test_snapshots_and_compare(network, areas, users, actor_of):
    coord = actor_of(users["coordinator"])
    a = services.take_snapshot(coord, label="Start", taken_on=TODAY - dt.timedelta(days=1))
    _obs(network, areas["north"])
    _obs(network, areas["north"], kind="need")
    b = services.take_snapshot(coord, label="Nu")
    rows = services.compare_snapshots(coord, a, b)
    strengths = next(r for r in rows if r["area"] == "Noord" and r["code"] == "strength")
    assert (strengths["a"], strengths["b"], strengths["change"]) == (0, 1, 1)
    assert any(r["code"] == "hospiscore" for r in rows)
    prof_rows = services.compare_snapshots(actor_of(users["professional"]), a, b)
    assert {r["area"] for r in prof_rows} == {"Noord"}
    with pytest.raises(ValidationError):
        services.take_snapshot(coord, label="")
    with pytest.raises(PermissionDenied):
        services.take_snapshot(actor_of(users["policy"]), label="x")
    with pytest.raises(PermissionDenied):
        services.get_snapshot(actor_of(users["outsider"]), a.pk)


def test_index_and_exports(network, areas, users, client_of, django_assert_max_num_queries):
    areas["north"].boundary = {"type": "Polygon", "coordinates": [[[4, 50], [4.1, 50], [4.1, 50.1], [4, 50]]]}
    areas["north"].save()
    for i in range(10):
        _obs(network, areas["north" if i % 2 else "south"], kind="need" if i % 3 else "strength")
    coord = client_of(users["coordinator"])
    coord.get("/analysis/")  # creates the default profile once
    with django_assert_max_num_queries(40):
        r = coord.get("/analysis/?measure=observed_needs")
    assert r.status_code == 200 and b"analysis-map" in r.content and b"reach-table" in r.content
    r = coord.get("/analysis/export/csv/")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3 and len(rows[0]) == len(rows[1])
    assert {row[0] for row in rows[1:]} == {"Noord", "Zuid"}
    r = coord.get("/analysis/export/xlsx/")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.content))
    assert wb.worksheets[0].max_row == 3 and len(wb.worksheets) == 3
    g = json.loads(coord.get("/analysis/export/geojson/?measure=observed_needs").content)
    assert (
        g["type"] == "FeatureCollection"
        and g["features"][0]["properties"]["value"]
        == Observation.objects.filter(area=areas["north"], kind="need").count()
    )
    pdf = coord.get("/analysis/export/pdf/").content
    assert pdf.startswith(b"%PDF")
    assert coord.get("/analysis/export/doc/").status_code == 404


@pytest.mark.parametrize(
    "role,status",
    [
        ("coordinator", 200),
        ("professional", 200),
        ("policy", 200),
        ("volunteer", 403),
        ("resident", 403),
        ("partner", 403),
        ("outsider", 403),
    ],
)
def test_page_permissions(users, client_of, role, status, areas):
    c = client_of(users[role])
    if role == "outsider":  # a coordinator elsewhere: their own network works, ours does not
        assert c.get(f"/analysis/?area={areas['north'].pk}").status_code == 403
        assert c.get("/api/analysis/overview?network=testgem").status_code == 403
        return
    assert c.get("/analysis/").status_code == status
    assert c.get("/analysis/observations/").status_code == status
    assert c.get("/api/analysis/overview").status_code == status


def test_policy_sees_no_free_text_and_professional_not_other_area(network, areas, users, client_of):
    _obs(network, areas["south"], text="Geheime notitie zuid")
    _obs(network, areas["north"], text="Gedeelde notitie", shareable=True)
    pol = client_of(users["policy"]).get("/analysis/").content.decode()
    assert "Geheime notitie" not in pol and "Gedeelde notitie" in pol
    prof = client_of(users["professional"])
    assert "Geheime notitie" not in prof.get("/analysis/observations/").content.decode()
    assert prof.get(f"/analysis/?area={areas['south'].pk}").status_code == 403
    api = client_of(users["policy"]).get("/api/analysis/observations").json()
    assert [o["text"] for o in api] == ["Gedeelde notitie"]


def test_api_observation_bad_input_changes_nothing(users, client_of, other_network):
    c = client_of(users["coordinator"])
    r = c.post(
        "/api/analysis/observations",
        {"kind": "maybe", "text": "x", "observed_on": str(TODAY)},
        content_type="application/json",
    )
    assert r.status_code == 422
    r = c.post(
        "/api/analysis/observations",
        {"kind": "need", "text": "Te weinig banken", "observed_on": str(TODAY)},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = client_of(users["volunteer"]).post(
        "/api/analysis/observations",
        {"kind": "need", "text": "x", "observed_on": str(TODAY)},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert Observation.objects.count() == 1


def test_person_export_and_erasure_keep_statistics(users, actor_of, survey):
    from zorgzaam.core import registry
    from zorgzaam.people.services import erase_person

    resident = actor_of(users["resident"])
    services.submit_response(resident, survey, answers=_answers(survey, 5, text="Mijn buurman helpt mij"))
    exported = registry.collect_person_exports(resident.person)
    assert exported["survey_answers"][0]["answers"][3]["text"] == "Mijn buurman helpt mij"
    erase_person(actor_of(users["coordinator"]), resident.person)
    resp = Response.objects.get()
    assert resp.person is None and resp.answers.count() == 4
    assert not resp.answers.exclude(text="").exists()
    assert resp.answers.get(question__kind="likert").number == 5


def test_survey_api(client, users, client_of, actor_of, survey, areas):
    qs = list(survey.questions.all())
    body = {"answers": {str(qs[0].pk): 4, str(qs[2].pk): ["Babbel"]}}
    url = f"/api/analysis/surveys/{survey.key}"
    assert client.post(f"{url}/responses", body, content_type="application/json").status_code == 403
    code = services.make_tokens(actor_of(users["coordinator"]), survey, 1)[0]
    bad = {**body, "token": code, "answers": {str(qs[0].pk): 7}}
    assert client.post(f"{url}/responses", bad, content_type="application/json").status_code == 422
    r = client.post(f"{url}/responses", {**body, "token": code}, content_type="application/json")
    assert r.status_code == 201
    assert (
        client.post(f"{url}/responses", {**body, "token": code}, content_type="application/json").status_code
        == 422
    )
    res = client_of(users["resident"]).post(f"{url}/my-response", body, content_type="application/json")
    assert res.status_code == 201
    paper = {**body, "paper": True, "area_id": areas["south"].pk}
    prof = client_of(users["professional"])  # works in the north only
    assert prof.post(f"{url}/my-response", paper, content_type="application/json").status_code == 403
    paper["area_id"] = areas["north"].pk
    assert prof.post(f"{url}/my-response", paper, content_type="application/json").status_code == 201
    vol = client_of(users["volunteer"]).post(f"{url}/my-response", paper, content_type="application/json")
    assert vol.status_code == 403
    assert Response.objects.count() == 3
    listing = client_of(users["coordinator"]).get("/api/analysis/surveys").json()
    assert listing[0]["key"] == survey.key
    results = client_of(users["policy"]).get(f"/api/analysis/surveys/{survey.pk}/results").json()
    assert results["total"]["suppressed"] is True  # 3 answers < k


def test_hospiscore_profile_views(network, users, client_of):
    from zorgzaam.analysis.hospiscore import ensure_default_profile

    profile = ensure_default_profile(network)
    url = f"/analysis/hospiscore/{profile.pk}/"
    coord = client_of(users["coordinator"])
    base = {"measure": "connecting_places", "direction": "-1", "normalisation": "zscore", "label": ""}
    r = coord.post(url, {**base, "weight": "0"})
    assert r.status_code == 200 and profile.components.get(measure="connecting_places").weight == 1
    r = coord.post(url, {**base, "weight": "4"})
    comp = profile.components.get(measure="connecting_places")
    assert r.status_code == 302 and (comp.weight, comp.direction, comp.normalisation) == (4, -1, "zscore")
    assert client_of(users["policy"]).post(url, {**base, "weight": "9"}).status_code == 403
    assert client_of(users["policy"]).get(url).status_code == 200
    coord.post(url, {"remove": comp.pk})
    assert not profile.components.filter(pk=comp.pk).exists()
    r = coord.post(url, {"which": "new_profile", "name": "Eigen kijk", "description": "Onze aanname"})
    new = HospiscoreProfile.objects.get(name="Eigen kijk")
    assert r.status_code == 302 and not new.is_default
    assert client_of(users["outsider"]).get(url).status_code == 403


def test_analysis_page_queries_grow_only_per_area(network, areas, users, client_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zorgzaam.networks.models import Area

    c = client_of(users["coordinator"])
    c.get("/analysis/")
    with CaptureQueriesContext(connection) as before:
        c.get("/analysis/")
    for i in range(3):
        a = Area.objects.create(network=network, name=f"Extra {i}", slug=f"extra-{i}")
        for _j in range(10):
            _obs(network, a, kind="need")
    with CaptureQueriesContext(connection) as after:
        c.get("/analysis/")
    # a few lookups per area (sector layer, reach), never per observation or per person
    assert len(after.captured_queries) - len(before.captured_queries) <= 3 * 5


def test_policy_home_panel_and_observation_api_queries(
    network, areas, users, client_of, django_assert_max_num_queries
):
    for i in range(30):
        _obs(network, areas["north" if i % 2 else "south"], shareable=i % 3 == 0)
    html = client_of(users["policy"]).get("/").content.decode()
    assert "Noord" in html and "Zuid" in html and "/analysis/" in html
    assert "/analysis/" not in client_of(users["resident"]).get("/").content.decode()
    coord = client_of(users["coordinator"])
    with django_assert_max_num_queries(12):
        data = coord.get("/api/analysis/observations").json()
    assert len(data) == 30


def test_observation_form_for_professional(network, areas, users, client_of):
    prof = client_of(users["professional"])
    page = prof.get("/analysis/observations/new/").content.decode()
    assert "Noord" in page and "Zuid" not in page
    r = prof.post(
        "/analysis/observations/new/",
        {
            "kind": "strength",
            "theme": "meeting",
            "text": "Buren groeten elkaar",
            "area": areas["south"].pk,
            "observed_on": str(TODAY),
            "source": "walk",
        },
    )
    assert r.status_code == 200 and not Observation.objects.exists()  # not a valid choice for them
    r = prof.post(
        "/analysis/observations/new/",
        {
            "kind": "strength",
            "theme": "meeting",
            "text": "Buren groeten elkaar",
            "area": areas["north"].pk,
            "observed_on": str(TODAY),
            "source": "walk",
        },
    )
    assert r.status_code == 302 and Observation.objects.get().created_by.user == users["professional"]
    assert client_of(users["volunteer"]).get("/analysis/observations/new/").status_code == 403


def test_survey_summary_on_analysis_page(network, areas, users, actor_of, client_of, survey):
    coord = actor_of(users["coordinator"])
    for n in (2, 3, 4, 5, 5):
        services.submit_response(coord, survey, answers=_answers(survey, n), area=areas["north"], paper=True)
    services.submit_response(coord, survey, answers=_answers(survey, 1), area=areas["south"], paper=True)
    summary = services.survey_summary(coord, survey)
    rows = {r["label"]: r for r in summary["rows"]}
    assert rows["Noord"]["means"] == [("Voelt u zich thuis?", 3.8, False)] and not rows["Noord"]["suppressed"]
    assert rows["Zuid"]["suppressed"]  # one answer: hidden
    assert next(r for r in summary["rows"] if r.get("total"))["n"] == 6
    html = client_of(users["coordinator"]).get("/analysis/").content.decode()
    assert "survey-summary" in html and "3,8" in html
    # A policy viewer: Noord (5) next to the total (6) would give Zuid's single answer away.
    policy = {r["label"]: r for r in services.survey_summary(actor_of(users["policy"]), survey)["rows"]}
    assert policy["Zuid"]["n"] is None and (
        policy["Noord"]["n"] is None or policy["Alle buurten"]["n"] is None
    )


def test_empty_network_still_renders(other_network, make_user, client_of):
    user = make_user(other_network, "coordinator", username="newcoord")
    c = client_of(user)
    assert c.get("/analysis/").status_code == 200
    for fmt in ("csv", "xlsx", "geojson", "pdf"):
        assert c.get(f"/analysis/export/{fmt}/").status_code == 200
    assert c.get("/plans/").status_code == 200


def test_owning_apps_register_reach_sources_over_their_own_fields(network):
    """No guessed field names: care, outreach and community register their own sources (issue 10 item 7)."""
    expected = {
        "care.Request",
        "care.Match",
        "outreach.Visit",
        "community.Registration",
        "community.Attendance",
        "analysis.survey_response",
        "people.new_role",
    }
    assert expected <= set(reach.REACH_SOURCES)
    for label in sorted(expected):
        # each runs its query: a field that does not exist raises FieldError
        assert list(reach.REACH_SOURCES[label](network, TODAY, TODAY)) == [], label
