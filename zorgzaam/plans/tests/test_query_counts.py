"""Exact query counts (issue 10 item 9): the plan list and a plan (page and API) with 1 and with 20
plans, actions and indicators with measurements make the same, exact number of queries."""

import datetime as dt

import pytest

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.plans import services
from zorgzaam.plans.models import Action, Indicator, Measurement

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2027, 12, 31)


@pytest.fixture
def plan(users, actor_of):
    return services.create_plan(
        actor_of(users["coordinator"]), title="Plan", starts_on=START, ends_on=END, template="wwz_plan_matrix"
    )


def test_plan_lists(users, client_of, actor_of, plan):
    coord_actor = actor_of(users["coordinator"])
    goals = list(plan.goals.all()[:2])

    def rows(n):
        for i in range(n):
            services.create_plan(coord_actor, title=f"Plan {i}", starts_on=START, ends_on=END)
            action = Action.objects.create(plan=plan, title=f"Actie {i}")
            action.goals.set(goals)
            ind = Indicator.objects.create(
                plan=plan, kind="effort", name=f"Indicator {i}", target=10, action=action
            )
            Measurement.objects.create(indicator=ind, measured_on=START, value=3)

    coord = client_of(users["coordinator"])
    cases = [
        (coord, "/plans/", 8),
        (coord, f"/plans/{plan.pk}/", 16),
        (coord, f"/plans/{plan.pk}/structure/", 18),
        (coord, "/api/plans/", 6),
        (coord, f"/api/plans/{plan.pk}", 14),
    ]
    assert_queries_per_page(cases, rows)
