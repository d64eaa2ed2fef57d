"""The audit page reads like a story (issue 13 item 11): subjects by name with a link to their page
when the reader may open it (a number otherwise), actors by name, event kinds grouped by domain."""

import re

import pytest

from zorgzaam.audit import kinds, services

pytestmark = pytest.mark.django_db


def test_subjects_and_actors_by_name(users, client_of, actor_of, make_person, network, other_network):
    coord = actor_of(users["coordinator"])
    prof = actor_of(users["professional"])
    here = make_person(network, first_name="Mariette", last_name="Claes")
    elsewhere = make_person(other_network, first_name="Geheim", last_name="Buiten")
    services.record(prof, kinds.PERSON_VIEWED, subject=here, obj=here)
    # An event of this network about someone the reader may not open (another network's person).
    services.record(coord, kinds.PERSON_VIEWED, subject=elsewhere, obj=elsewhere, network=network)
    html = client_of(users["coordinator"]).get("/audit/").content.decode()
    assert f'<a href="/people/{here.pk}/">Mariette Claes</a>' in html
    assert "Geheim" not in html and f"#{elsewhere.pk}" in html
    assert f'href="/people/{elsewhere.pk}/"' not in html
    # The professional's own name, not the login name "prof".
    assert users["professional"].persons.get().full_name in html
    assert ">prof<" not in html


def test_erased_subject_shows_as_number_without_link(users, client_of, actor_of, make_person, network):
    from django.utils import timezone

    gone = make_person(network, first_name="Weg", last_name="Persoon")
    services.record(actor_of(users["coordinator"]), kinds.PERSON_VIEWED, subject=gone, obj=gone)
    type(gone).objects.filter(pk=gone.pk).update(anonymised_at=timezone.now())
    html = client_of(users["coordinator"]).get("/audit/").content.decode()
    assert "Weg Persoon" not in html and f'href="/people/{gone.pk}/"' not in html
    assert f"#{gone.pk}" in html


def test_kinds_are_grouped_by_domain(users, client_of):
    html = client_of(users["coordinator"]).get("/audit/").content.decode()
    select = html.split('name="kind"', 1)[1].split("</select>", 1)[0]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert "Zorgpad" in groups and "Care pathway" not in groups, groups  # the reader's language (nl)
    care = select.split('<optgroup label="Zorgpad">', 1)[1].split("</optgroup>", 1)[0]
    assert f'value="{kinds.PERSON_VIEWED}"' not in care and 'value="care.' in care
    # Every kind is offered exactly once, under one group.
    assert sum(select.count(f'value="{k}"') for k in kinds.KINDS) == len(kinds.KINDS)
    assert len(groups) == len(set(groups)) and len(groups) >= 10


def test_filtering_by_a_kind_still_works(users, client_of, actor_of, make_person, network):
    p = make_person(network, first_name="Filter", last_name="Mij")
    services.record(actor_of(users["coordinator"]), kinds.PERSON_VIEWED, subject=p, obj=p)
    c = client_of(users["coordinator"])
    assert "Filter Mij" in c.get("/audit/", {"kind": kinds.PERSON_VIEWED}).content.decode()
    assert "Filter Mij" not in c.get("/audit/", {"kind": kinds.AUDIT_EXPORTED}).content.decode()
