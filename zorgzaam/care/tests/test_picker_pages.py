"""Issue 12 item 5 in care: the person picker in the request form, helper names linking to the person
on the suggestion and batch pages, and area filters offering only the areas the actor covers."""

import re

import pytest

from zorgzaam.care import services
from zorgzaam.people.models import RoleAssignment, Tag
from zorgzaam.volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopping():
    return Tag.objects.create(code="shop_p", domain="hands", name_nl="B", name_fr="C", name_en="Shopping")


@pytest.fixture
def req(users, actor_of, network, areas, make_person, shopping, themes):
    coord = actor_of(users["coordinator"])
    helper = make_person(network, first_name="Helga", latitude=51.0, longitude=4.0, area=areas["north"])
    RoleAssignment.objects.create(person=helper, role="volunteer")
    VolunteerProfile.objects.create(person=helper, max_active_tasks=3, max_distance_km=5)
    person = make_person(network, area=areas["north"], latitude=51.0, longitude=4.0)
    r = services.create_request(coord, person=person, description="Boodschappen", needs=[shopping])
    return services.triage(coord, r), helper


def test_helper_names_link_to_the_person(users, client_of, areas, req):
    r, helper = req
    link = f'href="/people/{helper.pk}/">Helga'
    c = client_of(users["coordinator"])
    assert link in c.get(f"/care/requests/{r.pk}/suggestions/").content.decode()
    assert link in c.get(f"/care/batch/?area={areas['north'].pk}").content.decode()


def _area_options(html: str) -> set[int]:
    select = re.search(r'<select name="area".*?</select>', html, re.S).group(0)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


@pytest.mark.parametrize("url", ["/care/signals/", "/care/requests/", "/care/batch/"])
def test_area_filters_list_only_covered_areas(users, client_of, areas, url):
    coord = client_of(users["coordinator"]).get(url).content.decode()
    assert _area_options(coord) == {areas["north"].pk, areas["south"].pk}
    prof = client_of(users["professional"]).get(url).content.decode()  # north only
    assert _area_options(prof) == {areas["north"].pk}


def test_request_form_has_the_picker_not_a_select(users, client_of, network, areas, make_person):
    make_person(network, first_name="Zzyzx", area=areas["north"])
    html = client_of(users["coordinator"]).get("/care/requests/new/").content.decode()
    assert 'name="person_q"' in html and 'hx-get="/people/pick/' in html
    assert "Zzyzx" not in html  # nobody is listed until searched for
    assert not re.search(r'<select[^>]*name="(person|owner)"', html)


def test_request_form_without_javascript(users, client_of, network, areas, make_person, themes):
    p = make_person(network, first_name="Zzyzx", last_name="Uniq", area=areas["north"])
    c = client_of(users["coordinator"])
    data = {"person_q": "zzyzx uniq", "description": "Hulp", "urgency": "normal", "origin": "phone"}
    c.post("/care/requests/new/", data)
    assert p.care_requests.count() == 1
    south = make_person(network, first_name="Zzyzx", last_name="Zuid", area=areas["south"])
    r = client_of(users["professional"]).post("/care/requests/new/", {**data, "person": str(south.pk)})
    assert r.status_code == 200 and "has-error" in r.content.decode()
    assert south.care_requests.count() == 0
