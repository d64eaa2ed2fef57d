"""Survey results as a policy viewer sees them: answer counts below k (zero included) are hidden,
and no hidden count follows from the totals next to it (issue 11 item 1)."""

import pytest

from zorgzaam.analysis import services
from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.networks.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(network, areas, users, actor_of):
    coord = actor_of(users["coordinator"])
    s = services.create_survey(coord, title="Buurtbevraging")
    likert = services.add_question(coord, s, kind="likert", text="Voelt u zich thuis?", required=True)
    single = services.add_question(coord, s, kind="single", text="Hoe vaak?", choices="Dagelijks\nWekelijks")
    services.set_survey_status(coord, s, "open")
    east = Area.objects.create(network=network, name="Oost", slug="oost")
    # Noord 6 (one says 1 / Wekelijks), Zuid 2, Oost 7.
    plan = [(areas["north"], 5, 5, "Dagelijks"), (areas["north"], 1, 1, "Wekelijks")]
    plan += [(areas["south"], 2, 4, "Dagelijks"), (east, 7, 4, "Wekelijks")]
    for area, n, score, choice in plan:
        for _i in range(n):
            answers = {likert.pk: score, single.pk: choice}
            services.submit_response(coord, s, answers=answers, area=area, paper=True)
    return {"survey": s, "east": east}


def _counts(block):
    return [n for item in block["questions"] for _label, n in item.get("distribution") or []]


def test_policy_viewer_never_sees_an_answer_count_below_k(answered, areas, users, actor_of):
    res = services.survey_results(actor_of(users["policy"]), answered["survey"])
    blocks = [res["total"], *res["areas"]]
    for block in blocks:
        assert all(n is None or n >= 5 for n in _counts(block)), block["n"]
        assert block["n"] is None or block["n"] >= 5
    north = next(b for b in res["areas"] if b["area"] == areas["north"])
    south = next(b for b in res["areas"] if b["area"] == areas["south"])
    east = next(b for b in res["areas"] if b["area"] == answered["east"])
    assert south["suppressed"] and south["n"] is None
    # Zuid (2) is not the total minus the areas shown.
    assert res["total"]["n"] is None or north["n"] is None or east["n"] is None
    if not north["suppressed"]:
        likert = dict(north["questions"][0]["distribution"])
        assert likert[1] is None  # the single "1" in Noord
        assert north["questions"][0].get("mean") is None  # a mean would give the split away


def test_staff_still_see_the_exact_breakdown(answered, areas, users, actor_of):
    res = services.survey_results(actor_of(users["coordinator"]), answered["survey"])
    north = next(b for b in res["areas"] if b["area"] == areas["north"])
    assert north["n"] == 6 and dict(north["questions"][0]["distribution"])[1] == 1


def test_survey_page_and_api_hide_the_same(answered, users, client_of):
    c = client_of(users["policy"])
    html = c.get(f"/analysis/surveys/{answered['survey'].pk}/").content.decode()
    assert SYMBOL in html and "disclosure-note" in html
    data = c.get(f"/api/analysis/surveys/{answered['survey'].pk}/results").json()
    for block in [data["total"], *data["areas"]]:
        for q in block["questions"]:
            assert all(n is None or n >= 5 for _label, n in q["distribution"] or [])
