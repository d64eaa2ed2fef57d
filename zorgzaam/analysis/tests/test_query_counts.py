"""Exact query counts (issue 10 item 9): the analysis lists (observations, surveys, answers, snapshots)
as pages and endpoints with 1 and with 20 rows make the same, exact number of queries."""

import pytest
from django.utils import timezone

from zorgzaam.analysis import services
from zorgzaam.analysis.models import Observation, Snapshot, Survey
from zorgzaam.core.testing import assert_queries_per_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(users, actor_of):
    coord = actor_of(users["coordinator"])
    s = services.create_survey(coord, title="Buurtbevraging")
    services.add_question(coord, s, kind="likert", text="Voelt u zich thuis?", required=True)
    services.add_question(coord, s, kind="single", text="Hoe vaak?", choices="Dagelijks\nWekelijks")
    services.add_question(coord, s, kind="open", text="Wat mist u?")
    services.set_survey_status(coord, s, "open")
    return s


def test_analysis_lists(users, client_of, actor_of, network, areas, survey):
    coord_actor = actor_of(users["coordinator"])
    questions = list(survey.questions.all())
    today = timezone.localdate()

    def rows(n):
        for i in range(n):
            area = areas["north" if i % 2 else "south"]
            Observation.objects.create(
                network=network, area=area, kind="strength", theme="meeting", text="Bankje", observed_on=today
            )
            Survey.objects.create(network=network, title=f"Bevraging {Survey.objects.count()}")
            answers = {questions[0].pk: 4, questions[1].pk: "Dagelijks", questions[2].pk: "Een bank"}
            services.submit_response(coord_actor, survey, answers=answers, area=area, paper=True)
            Snapshot.objects.create(network=network, taken_on=today, label=f"Meting {i}", data={})

    coord = client_of(users["coordinator"])
    cases = [
        (coord, "/analysis/observations/", 9),
        (coord, "/analysis/surveys/", 8),
        (coord, f"/analysis/surveys/{survey.pk}/", 14),
        (coord, "/analysis/snapshots/", 8),
        (coord, "/api/analysis/observations", 6),
        (coord, "/api/analysis/surveys", 6),
        (coord, f"/api/analysis/surveys/{survey.pk}/results", 11),
        (coord, "/api/analysis/snapshots", 6),
        (coord, "/analysis/", 37),
        (coord, "/api/analysis/overview", 35),
        (coord, "/api/analysis/geojson", 35),
    ]
    assert_queries_per_page(cases, rows)
