"""A new request for a person starts with the needs known on the person (issue 13 item 7)."""

import re

import pytest

from zorgzaam.care import services
from zorgzaam.people.models import PersonTag, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(db):
    return {
        code: Tag.objects.create(code=code, domain="hands", name_nl=code, name_fr=code, name_en=code)
        for code in ("pf_shopping", "pf_transport", "pf_garden")
    }


@pytest.fixture
def person(network, areas, make_person, tags):
    p = make_person(network, area=areas["south"])
    PersonTag.objects.create(person=p, tag=tags["pf_shopping"], kind="need")
    PersonTag.objects.create(person=p, tag=tags["pf_garden"], kind="need")
    PersonTag.objects.create(person=p, tag=tags["pf_transport"], kind="talent")  # a talent is no need
    return p


def _ticked(html: str) -> set[str]:
    return {
        m.group(1)
        for m in re.finditer(r'<input type="checkbox" name="needs" value="(\d+)"[^>]*\bchecked\b', html)
    }


def test_new_request_form_ticks_known_needs(client_of, users, person, tags, themes):
    html = client_of(users["coordinator"]).get(f"/care/requests/new/?person={person.pk}").content.decode()
    assert _ticked(html) == {str(tags["pf_shopping"].pk), str(tags["pf_garden"].pk)}


def test_without_person_or_with_junk_nothing_is_ticked(client_of, users, person, themes):
    c = client_of(users["coordinator"])
    assert _ticked(c.get("/care/requests/new/").content.decode()) == set()
    r = c.get("/care/requests/new/?person=x1")
    assert r.status_code == 200 and _ticked(r.content.decode()) == set()


def test_person_out_of_reach_gives_away_no_needs(client_of, users, person, themes):
    """The professional works in the north; this person lives in the south."""
    html = client_of(users["professional"]).get(f"/care/requests/new/?person={person.pk}").content.decode()
    assert _ticked(html) == set()


def test_request_from_signal_ticks_known_needs(client_of, users, actor_of, person, tags, themes):
    sig = services.record_signal(actor_of(users["coordinator"]), person=person, description="s")
    html = client_of(users["coordinator"]).get(f"/care/signals/{sig.pk}/request/").content.decode()
    assert _ticked(html) == {str(tags["pf_shopping"].pk), str(tags["pf_garden"].pk)}
