"""The batch page in plain words (issue 13 item 7): the total explained from the result, reasons per
pair like the suggestions page, and swapping a helper before asking (checked again by the service,
the same for the page and POST /api/care/batch)."""

import re

import pytest
from django.utils import translation

from zorgzaam.care import services
from zorgzaam.care.batch_explain import summary
from zorgzaam.care.models import Match
from zorgzaam.people.models import RoleAssignment
from zorgzaam.volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(users, actor_of, network, areas, make_person, themes):
    """Two requests near two helpers, one more that needs a screened helper (there is none), and a
    far-away volunteer and a busy one (cap 1, already asked elsewhere)."""
    coord = actor_of(users["coordinator"])

    def helper(name, lat, cap=3):
        h = make_person(network, first_name=name, area=areas["north"], latitude=lat, longitude=4.0)
        RoleAssignment.objects.create(person=h, role="volunteer")
        VolunteerProfile.objects.create(person=h, max_active_tasks=cap, max_distance_km=5)
        return h

    def request(screened=False):
        p = make_person(network, area=areas["north"], latitude=51.0, longitude=4.0)
        r = services.create_request(
            coord, person=p, description="Boodschappen", needs_screened_helper=screened
        )
        return services.triage(coord, r)

    near = [helper("Anna", 51.001), helper("Bert", 51.002)]
    far = helper("Verre", 51.5)
    busy = helper("Druk", 51.0, cap=1)
    other = request()
    services.propose_match(coord, other, busy)  # busy is at their cap now
    reqs = [request(), request(), request(screened=True)]
    return {"coord": coord, "reqs": reqs, "near": near, "far": far, "busy": busy}


def _page(c, areas):
    with translation.override("en"):
        return c.get(f"/care/batch/?area={areas['north'].pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_summary_counts_from_the_result():
    with translation.override("en"):
        text = summary(15, 12, {1: "no_helper", 2: "no_helper", 3: "at_capacity"})
    assert text.startswith("12 of 15 requests get a helper; 3 stay open: 2 because no helper who fits")
    assert "1 because the helpers who fit already help as much as they agreed" in text
    with translation.override("nl"):
        assert summary(1, 1, {}) == "1 van 1 vraag krijgt een helper."


def test_page_explains_total_reasons_and_offers_a_swap(batch, users, client_of, areas):
    html = _page(client_of(users["coordinator"]), areas)
    assert "2 of 3 requests get a helper; 1 stays open: 1 because no helper who fits" in html
    a, b = batch["reqs"][:2]
    for req in (a, b):
        row = re.search(rf'<tr data-request="{req.pk}">.*?</tr>', html, re.S).group(0)
        assert "km away" in row and "Has room for" in row  # the suggestions page's reasons
        options = re.findall(r'<option value="(\d+):(\d+)"', row)
        helpers = {int(h) for _r, h in options}
        # The chosen helper and the other near one (and the users fixture's volunteer, whose place is
        # unknown); never the far or the busy one.
        assert {p.pk for p in batch["near"]} <= helpers
        assert batch["far"].pk not in helpers and batch["busy"].pk not in helpers
        assert (
            f'href="/people/{batch["near"][0].pk}/"' in row or f'href="/people/{batch["near"][1].pk}/"' in row
        )
        assert '<option value="skip">' in row


def _chosen(html, req):
    row = re.search(rf'<tr data-request="{req.pk}">.*?</tr>', html, re.S).group(0)
    return int(re.search(r'<option value="\d+:(\d+)" selected>', row).group(1))


def test_swap_on_the_page_asks_the_chosen_alternative(batch, users, client_of, areas):
    c = client_of(users["coordinator"])
    a, b, _s = batch["reqs"]
    html = _page(c, areas)
    swapped = {a.pk: _chosen(html, b), b.pk: _chosen(html, a)}  # each takes the other's helper
    r = c.post(
        "/care/batch/",
        {
            "area": areas["north"].pk,
            "idempotency_key": "swap-1",
            "pair": [f"{k}:{v}" for k, v in swapped.items()],
        },
    )
    assert r.status_code == 302
    got = dict(Match.objects.filter(request__in=[a, b]).values_list("request_id", "helper_id"))
    assert got == swapped


def test_skip_asks_nobody_for_that_request(batch, users, client_of, areas):
    c = client_of(users["coordinator"])
    a, b, _s = batch["reqs"]
    html = _page(c, areas)
    c.post(
        "/care/batch/",
        {
            "area": areas["north"].pk,
            "idempotency_key": "skip-1",
            "pair": [f"{a.pk}:{_chosen(html, a)}", "skip"],
        },
    )
    assert Match.objects.filter(request=a).count() == 1 and not Match.objects.filter(request=b).exists()


@pytest.mark.parametrize("who", ["far", "busy"])
def test_swap_to_an_ineligible_helper_is_refused_on_page_and_api_alike(batch, users, client_of, areas, who):
    a = batch["reqs"][0]
    helper = batch[who]
    c = client_of(users["coordinator"])
    with translation.override("en"):
        r = c.post(
            "/care/batch/",
            {"area": areas["north"].pk, "idempotency_key": f"bad-ui-{who}", "pair": f"{a.pk}:{helper.pk}"},
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
        page_errors = [str(m) for m in r.context["messages"]]
        api = c.post(
            "/api/care/batch",
            {"pairs": [[a.pk, helper.pk]]},
            content_type="application/json",
            headers={"Idempotency-Key": f"bad-api-{who}"},
            HTTP_ACCEPT_LANGUAGE="en",
        ).json()
    assert api["created"] == [] and api["problems"] == page_errors and len(page_errors) == 1
    expected = "further than the" if who == "far" else "Already helps as much as agreed."
    assert expected in page_errors[0]
    assert not Match.objects.filter(request=a).exists()


def test_someone_who_is_no_helper_cannot_be_swapped_in(batch, users, client_of, network, areas, make_person):
    a = batch["reqs"][0]
    stranger = make_person(network, area=areas["north"], latitude=51.0, longitude=4.0)
    api = (
        client_of(users["coordinator"])
        .post(
            "/api/care/batch",
            {"pairs": [[a.pk, stranger.pk]]},
            content_type="application/json",
            headers={"Idempotency-Key": "stranger-1"},
        )
        .json()
    )
    assert api["created"] == [] and len(api["problems"]) == 1
    assert not Match.objects.filter(request=a).exists()


@pytest.mark.parametrize("role", ["volunteer", "resident", "partner"])
def test_batch_page_and_swap_refused_to_non_staff(batch, users, client_of, areas, role):
    c = client_of(users[role])
    a = batch["reqs"][0]
    assert c.get(f"/care/batch/?area={areas['north'].pk}").status_code == 403
    r = c.post(
        "/care/batch/",
        {"area": areas["north"].pk, "idempotency_key": "x", "pair": f"{a.pk}:{batch['near'][0].pk}"},
    )
    assert r.status_code == 403
    assert not Match.objects.filter(request=a).exists()
