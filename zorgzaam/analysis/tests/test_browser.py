import re

import pytest

from zorgzaam.core.testing import login, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_area_analysis_page(page, live_server, users, areas, network):
    from zorgzaam.analysis.models import Observation

    ring = [[4, 50], [4.1, 50], [4.1, 50.1], [4, 50.1], [4, 50]]
    areas["north"].boundary = {"type": "Polygon", "coordinates": [ring]}
    areas["north"].save()
    Observation.objects.create(
        network=network, area=areas["north"], kind="strength", text="Mooi plein", observed_on="2026-01-05"
    )
    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/analysis/")
    assert page.locator("#analysis-map").count() == 1
    assert page.locator("#analysis-map .leaflet-interactive").count() == 1  # the one area with a boundary
    assert page.locator("#figure-table tbody tr").count() == 3  # two areas + the municipality
    assert page.locator("#reach-table").count() == 1
    with page.expect_navigation():  # choosing another figure reloads the page with it
        page.select_option("#id_measure", "observed_strengths")
    page.wait_for_load_state("networkidle")
    assert "measure=observed_strengths" in page.url
    assert page.locator("#map-legend span").count() == 6  # five classes and "unknown"
    legend = page.locator("#map-legend").inner_text()
    assert not re.search(r"\d\.\d", legend)  # never a decimal point in nl (toFixed wrote "1.0")
    assert page.evaluate("ZorgzaamMap.number(0.25, 1)") == "0,3"  # the legend's formatter, in nl
    assert "Mooi plein" in page.content()
    assert serious_axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_and_survey_pages_are_accessible(page, live_server, users, actor_of):
    import datetime as dt

    from zorgzaam.analysis import services as analysis
    from zorgzaam.plans import services as plans
    from zorgzaam.plans.models import Measurement

    coord = actor_of(users["coordinator"])
    plan = plans.create_plan(
        coord,
        title="Plan",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2027, 1, 1),
        template="wwz_plan_matrix",
    )
    action = plans.save_action(
        coord, plan, title="Koffie-ochtend", goals=[plan.goals.first(), plan.goals.last()]
    )
    ind = plans.add_indicator(coord, plan, kind="effort", name="Deelnemers", target=40, action=action)
    Measurement.objects.create(indicator=ind, measured_on=dt.date(2025, 3, 1), value=10)
    Measurement.objects.create(indicator=ind, measured_on=dt.date(2025, 9, 1), value=25)
    survey = analysis.create_survey(coord, title="Buurtbevraging")
    analysis.add_question(coord, survey, kind="likert", text="Voelt u zich thuis?")
    analysis.add_question(coord, survey, kind="multiple", text="Waarbij helpen?", choices="Babbel\nKlusjes")
    analysis.set_survey_status(coord, survey, "open")

    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert page.locator(".plan-matrix tbody tr").count() == 4
    assert page.locator("canvas.indicator-chart").count() == 1
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/analysis/s/{survey.key}/")
    page.check(f"input[name=q{survey.questions.first().pk}][value='4']")
    assert serious_axe_violations(page) == []
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert survey.responses.count() == 1
