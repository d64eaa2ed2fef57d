"""Plan API ids beyond the database range: 422 and nothing written, not a 500 (issue 14 item 6)."""

import datetime as dt

import pytest

from zorgzaam.plans import services
from zorgzaam.plans.models import Action, Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(users, actor_of):
    return services.create_plan(
        actor_of(users["coordinator"]),
        title="Plan",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        template="wwz_plan_matrix",
    )


@pytest.mark.parametrize("field", ["goal_ids", "observation_ids"])
def test_action_with_an_id_beyond_the_database_range_is_refused(field, plan, users, client_of):
    goal = plan.goals.first()
    body = {"title": "Actie", "goal_ids": [goal.pk], field: [10**30]}
    r = client_of(users["coordinator"]).post(
        f"/api/plans/{plan.pk}/actions", body, content_type="application/json"
    )
    assert r.status_code == 422, r.content
    assert not Action.objects.exists()


def test_indicator_with_an_id_beyond_the_database_range_is_refused(plan, users, client_of):
    body = {"kind": "effort", "name": "N", "target": 1, "goal_id": 10**30}
    r = client_of(users["coordinator"]).post(
        f"/api/plans/{plan.pk}/indicators", body, content_type="application/json"
    )
    assert r.status_code == 422, r.content
    assert not Indicator.objects.exists()
