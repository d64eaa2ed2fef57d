"""/care/policy/ goes through the disclosure service: a hidden cell can never be worked out from the
totals on the page (issue 11: "5 · 0 · 0 · <5 · total 6" gave the hidden 1 away)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from zorgzaam.care import policy, services
from zorgzaam.care.models import Request
from zorgzaam.core.disclosure import SYMBOL
from zorgzaam.networks.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(network, areas, users, actor_of, make_person, themes):
    """Housing: 5 in Noord, 0 in Oost, 0 in West, 1 in Zuid (areas sorted by name)."""
    Area.objects.create(network=network, name="Oost", slug="oost")
    Area.objects.create(network=network, name="West", slug="west")
    coord = actor_of(users["coordinator"])
    for area, n in ((areas["north"], 5), (areas["south"], 1)):
        for i in range(n):
            person = make_person(network, area=area)
            req = services.create_request(coord, person=person, description=f"r{i}")
            services.tag_policy(coord, req, theme="housing", note="Geen betaalbare woningen")
    # A policy viewer sees calendar years that have ended (care/policy.py): these were last year.
    Request.objects.filter(network=network).update(created_at=timezone.now() - dt.timedelta(days=366))
    return coord


def _row(html: str, label: str) -> list[str]:
    row = re.search(rf'<tr><th scope="row">{label}</th>(.*?)</tr>', html, re.S)
    assert row, f"no row {label}"
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_policy_page_hides_enough_that_the_single_case_stays_hidden(tagged, client_of, users, network):
    assert network.k_anonymity == 5
    html = client_of(users["policy"]).get("/care/policy/").content.decode()
    housing = str(services.themes_for(network).get(code="housing").name)
    cells = _row(html, housing)
    assert cells != ["5", SYMBOL, SYMBOL, SYMBOL, "6"], "the hidden cells would add up to 6 - 5 = 1"
    *areas, total = cells
    assert areas[3] == SYMBOL  # Zuid's single case
    assert "0" not in areas and "&lt; 5" not in html and "< 5" not in cells  # zeros are hidden too
    assert len(set(areas)) == 1 and areas[0] == SYMBOL  # the 5 is hidden as its complement
    if total != SYMBOL:
        assert int(total) - sum(int(c) for c in areas if c != SYMBOL) >= 5
    assert SYMBOL in html and "disclosure-note" in html  # explained on the page


def test_policy_api_refuses_the_same_and_shows_the_same(tagged, client_of, users):
    data = client_of(users["policy"]).get("/api/care/policy").json()
    row = data["rows"][0]
    assert row["cells"] == [None, None, None, None]
    assert row["total"] == 6
    assert data["column_totals"] == [None, None, None, None] and data["total"] == 6
    assert client_of(users["volunteer"]).get("/api/care/policy").status_code == 403


def test_policy_viewer_sees_closed_years_and_staff_see_up_to_now(tagged, client_of, users, actor_of, network):
    """An all-time table read on two days gives the new case away; a policy viewer gets closed years."""
    coord = actor_of(users["coordinator"])
    person = Request.objects.filter(network=network).first().person
    new = services.create_request(coord, person=person, description="today")
    services.tag_policy(coord, new, theme="housing", note="x")
    last_year = timezone.now().year - 1
    viewer = policy.policy_overview(actor_of(users["policy"]))
    assert viewer["year"] == last_year and viewer["rows"][0]["total"].value == 6  # today's case not in it
    # Asking for the current year (or any year not ended) gives the latest closed year, never a live one.
    assert policy.policy_overview(actor_of(users["policy"]), timezone.now().year)["year"] == last_year
    staff = policy.policy_overview(coord)
    assert staff["year"] is None and staff["rows"][0]["total"].value == 7
    html = client_of(users["policy"]).get("/care/policy/?year=1999").content.decode()
    assert f'<option value="{last_year}" selected>' in html and "Up to now" not in html
    assert client_of(users["policy"]).get("/api/care/policy").json()["year"] == last_year
