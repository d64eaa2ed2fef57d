import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.plans import services
from zorgzaam.plans.models import Action, Goal, Indicator, Measurement, Plan

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2027, 12, 31)


@pytest.fixture
def plan(users, actor_of):
    return services.create_plan(
        actor_of(users["coordinator"]), title="Plan", starts_on=START, ends_on=END, template="wwz_plan_matrix"
    )


def test_template_builds_matrix_with_15_cells_and_5_empty(plan, users, actor_of):
    ov = services.plan_overview(actor_of(users["coordinator"]), plan)
    assert len(ov["domains"]) == 4 and len(ov["tracks"]) == 5
    assert plan.goals.count() == 15
    assert ov["empty_cells"] == 5
    sd1 = next(r for r in ov["rows"] if r["domain"].code == "SD1")
    by_track = {c["track"].name: c["goal"] for c in sd1["cells"]}
    assert by_track["Beleidswerk"] is None and by_track["Welzijnsacademie"].code == "AC1"
    assert Goal.objects.get(plan=plan, code="AC2").sdgs == [11, 13, 3, 1]


def test_action_linked_to_several_goals_shows_in_each_cell(plan, users, actor_of):
    actor = actor_of(users["coordinator"])
    g1, g5 = plan.goals.get(code="AC1"), plan.goals.get(code="AC5")
    a = services.save_action(actor, plan, title="Buurtacademie", goals=[g1, g5], vvsg_functions=["F1", "F4"])
    ov = services.plan_overview(actor, plan)
    cells = [c for r in ov["rows"] for c in r["cells"] if a in c["actions"]]
    assert {c["goal"].code for c in cells} == {"AC1", "AC5"}
    assert set(dict(ov["links"])[a]) == {g1, g5}


def test_action_bad_input_changes_nothing(plan, users, actor_of, other_network):
    actor = actor_of(users["coordinator"])
    with pytest.raises(ValidationError):
        services.save_action(actor, plan, title="X", goals=[])
    with pytest.raises(ValidationError):
        services.save_action(actor, plan, title="X", goals=[plan.goals.first()], vvsg_functions=["F99"])
    other = Plan.objects.create(network=plan.network, title="Other", starts_on=START, ends_on=END)
    foreign = Goal.objects.create(
        plan=other,
        domain=other.domains.create(code="A", name="A"),
        track=other.tracks.create(name="B"),
        code="X1",
    )
    with pytest.raises(ValidationError):
        services.save_action(actor, plan, title="X", goals=[foreign])
    assert Action.objects.count() == 0


def test_own_matrix_from_scratch(users, actor_of):
    actor = actor_of(users["coordinator"])
    plan = services.create_plan(actor, title="Eigen", starts_on=START, ends_on=END)
    d = services.add_domain(actor, plan, code="D1", name="Ontmoeting")
    t = services.add_track(actor, plan, name="Buurtwerk")
    services.set_goal(actor, plan, domain=d, track=t, code="G1", title="Meer ontmoeting")
    with pytest.raises(ValidationError):
        services.add_domain(actor, plan, code="D1", name="Dubbel")
    ov = services.plan_overview(actor, plan)
    assert ov["empty_cells"] == 0 and ov["rows"][0]["cells"][0]["goal"].title == "Meer ontmoeting"


def test_plan_period_must_be_ordered(users, actor_of):
    with pytest.raises(ValidationError):
        services.create_plan(actor_of(users["coordinator"]), title="P", starts_on=END, ends_on=START)
    assert Plan.objects.count() == 0


def test_indicators_and_progress(plan, users, actor_of):
    actor = actor_of(users["coordinator"])
    goal = plan.goals.get(code="AC4")
    a = services.save_action(actor, plan, title="Buren helpen", goals=[goal])
    impact = services.add_indicator(
        actor, plan, kind="impact", name="Eenzaamheid", target=20, baseline=40, domain=goal.domain
    )
    effort = services.add_indicator(actor, plan, kind="effort", name="Huisbezoeken", target=100, action=a)
    with pytest.raises(ValidationError):
        services.add_indicator(actor, plan, kind="impact", name="Fout", target=1, action=a)
    with pytest.raises(ValidationError):
        services.add_indicator(actor, plan, kind="process", name="Fout", target=1, goal=goal)
    assert Indicator.objects.count() == 2
    services.record_measurement(
        actor_of(users["professional"]), effort, measured_on=dt.date(2025, 6, 1), value=30
    )
    services.record_measurement(actor, effort, measured_on=dt.date(2026, 1, 1), value=60, note="halfweg")
    services.record_measurement(actor, impact, measured_on=dt.date(2026, 1, 1), value=30)
    ov = services.plan_overview(actor, plan)
    rows = {r["indicator"].name: r for r in ov["indicators"]}
    assert rows["Huisbezoeken"]["percent"] == 60
    assert rows["Eenzaamheid"]["percent"] == 50  # 40 -> 30 of the way to 20
    assert rows["Huisbezoeken"]["latest"].note == "halfweg"
    chart = services.chart_data(ov)
    assert [p[1] for p in next(c for c in chart if c["name"] == "Huisbezoeken")["points"]] == [30, 60]


def test_measurement_bad_input(plan, users, actor_of):
    actor = actor_of(users["coordinator"])
    ind = services.add_indicator(actor, plan, kind="impact", name="X", target=10, goal=plan.goals.first())
    with pytest.raises(ValidationError):
        services.record_measurement(actor, ind, measured_on=dt.date.today() + dt.timedelta(days=30), value=1)
    with pytest.raises(ValidationError):
        services.record_measurement(actor, ind, measured_on=dt.date.today(), value=float("nan"))
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize(
    "role,view,edit,measure",
    [
        ("coordinator", True, True, True),
        ("professional", True, False, True),
        ("policy", True, False, False),
        ("volunteer", False, False, False),
        ("resident", False, False, False),
        ("partner", False, False, False),
        ("outsider", False, False, False),
    ],
)
def test_permissions(plan, users, actor_of, other_network, role, view, edit, measure):
    net = other_network if role == "outsider" else None
    actor = actor_of(users[role], net)
    ind = Indicator.objects.create(plan=plan, kind="impact", name="X", target=1, goal=plan.goals.first())
    if view:
        assert services.get_plan(actor, plan.pk) == plan
    else:
        with pytest.raises(PermissionDenied):
            services.get_plan(actor, plan.pk)
    try:
        services.add_domain(actor, plan, code="NEW", name="N")
        assert edit
    except PermissionDenied:
        assert not edit
    try:
        services.record_measurement(actor, ind, measured_on=dt.date.today(), value=1)
        assert measure
    except PermissionDenied:
        assert not measure


def test_views_and_api(plan, users, client_of, django_assert_max_num_queries):
    coord = client_of(users["coordinator"])
    actor_goal = plan.goals.first()
    for i in range(5):
        a = Action.objects.create(plan=plan, title=f"A{i}")
        a.goals.set([actor_goal, plan.goals.last()])
        ind = Indicator.objects.create(plan=plan, kind="effort", name=f"I{i}", target=10, action=a)
        Measurement.objects.create(indicator=ind, measured_on=dt.date(2025, 5, 1), value=i)
    with django_assert_max_num_queries(25):
        r = coord.get(f"/plans/{plan.pk}/")
    assert r.status_code == 200 and r.content.count(b'class="muted">Bewust leeg') == 5
    assert client_of(users["volunteer"]).get(f"/plans/{plan.pk}/").status_code == 403
    assert client_of(users["outsider"]).get(f"/plans/{plan.pk}/").status_code == 403
    with django_assert_max_num_queries(25):
        r = coord.get(f"/api/plans/{plan.pk}")
    assert r.status_code == 200 and len(r.json()["cells"]) == 20
    assert "recorded_by" in r.json()["indicators"][0]["measurements"][0]
    pol = client_of(users["policy"]).get(f"/api/plans/{plan.pk}").json()
    assert "recorded_by" not in pol["indicators"][0]["measurements"][0]
    r = coord.post(
        f"/api/plans/{plan.pk}/actions",
        {"title": "Nieuw", "goal_ids": [actor_goal.pk], "vvsg_functions": ["F9"]},
        content_type="application/json",
    )
    assert r.status_code == 422 and not Action.objects.filter(title="Nieuw").exists()
    r = coord.post(
        f"/api/plans/{plan.pk}/actions",
        {"title": "Nieuw", "goal_ids": [actor_goal.pk], "vvsg_functions": ["F1"]},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = client_of(users["policy"]).post(
        f"/api/plans/{plan.pk}/actions",
        {"title": "P", "goal_ids": [actor_goal.pk]},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = coord.post(
        f"/plans/{plan.pk}/actions/new/",
        {"title": "Via form", "status": "planned", "goals": [actor_goal.pk], "vvsg_functions": ["F2"]},
    )
    assert r.status_code == 302 and Action.objects.get(title="Via form").vvsg_functions == ["F2"]
    ind = Indicator.objects.first()
    r = client_of(users["professional"]).post(
        f"/plans/{plan.pk}/indicators/{ind.pk}/measure/", {"measured_on": "2025-09-01", "value": "7"}
    )
    assert r.status_code == 302 and ind.measurements.filter(value=7).exists()
    assert coord.get("/").status_code == 200


def test_api_indicator_and_measurement(plan, users, client_of):
    coord = client_of(users["coordinator"])
    goal = plan.goals.get(code="AC4")
    r = coord.post(
        f"/api/plans/{plan.pk}/indicators",
        {"kind": "impact", "name": "Eenzaamheid", "target": 20, "baseline": 40, "goal_id": goal.pk},
        content_type="application/json",
    )
    assert r.status_code == 201
    ind_id = r.json()["id"]
    bad = coord.post(
        f"/api/plans/{plan.pk}/indicators",
        {"kind": "effort", "name": "Zonder actie", "target": 5, "goal_id": goal.pk},
        content_type="application/json",
    )
    assert bad.status_code == 422 and Indicator.objects.count() == 1
    url = f"/api/plans/indicators/{ind_id}/measurements"
    ok = client_of(users["professional"]).post(
        url, {"measured_on": "2025-05-01", "value": 35}, content_type="application/json"
    )
    assert ok.status_code == 201
    future = coord.post(url, {"measured_on": "2999-01-01", "value": 1}, content_type="application/json")
    assert future.status_code == 422
    assert (
        client_of(users["policy"])
        .post(url, {"measured_on": "2025-05-01", "value": 1}, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_of(users["outsider"])
        .post(url, {"measured_on": "2025-05-01", "value": 1}, content_type="application/json")
        .status_code
        == 403
    )
    assert Measurement.objects.count() == 1


def test_home_panel_for_coordinator(plan, users, client_of):
    html = client_of(users["coordinator"]).get("/").content.decode()
    assert plan.title in html
    assert plan.title not in client_of(users["volunteer"]).get("/").content.decode()
