"""Issue 12 item 5 in community: the candidates filter offers only the areas the actor covers, and
the volunteer of an invitation is chosen with the person picker, not a <select>."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _area_ids(html: str) -> set[int]:
    select = re.search(r'<select name="area".*?</select>', html, re.S).group(0)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


def test_candidate_filter_lists_only_covered_areas(users, client_of, areas):
    coord = client_of(users["coordinator"]).get("/community/invitations/").content.decode()
    assert _area_ids(coord) == {areas["north"].pk, areas["south"].pk}
    prof = client_of(users["professional"]).get("/community/invitations/").content.decode()
    assert _area_ids(prof) == {areas["north"].pk}


def test_invitation_volunteer_is_a_picker(network):
    from zorgzaam.community.forms import InviteForm

    html = str(InviteForm(network=network))
    assert not re.search(r'<select[^>]*name="assigned_to"', html)
    assert 'name="assigned_to_q"' in html and '"scope": "volunteers"' in html
