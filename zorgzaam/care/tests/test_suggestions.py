import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zorgzaam.care import services, suggestions
from zorgzaam.care.models import Match
from zorgzaam.people.models import PersonTag, RoleAssignment, Tag
from zorgzaam.volunteers.models import SafeguardingRecord, VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopping():
    return Tag.objects.create(
        code="shopping_t", domain="hands", name_nl="Boodschappen", name_fr="Courses", name_en="Shopping"
    )


@pytest.fixture
def pool(network, areas, make_person, shopping, users):
    """Three helpers near the resident: one with the talent, one without, one over capacity."""

    def vol(name, lat, talent=False, cap=3):
        p = make_person(network, first_name=name, latitude=lat, longitude=4.0, area=areas["north"])
        RoleAssignment.objects.create(person=p, role="volunteer")
        VolunteerProfile.objects.create(person=p, max_active_tasks=cap, max_distance_km=5)
        if talent:
            PersonTag.objects.create(person=p, tag=shopping, kind="talent")
        return p

    return {
        "talent": vol("Ann", 51.001, talent=True),
        "plain": vol("Bert", 51.002),
        "full": vol("Cis", 51.0, cap=0),
    }


@pytest.fixture
def coord(users, actor_of):
    return actor_of(users["coordinator"])


def _req(coord, person, shopping, **kw):
    req = services.create_request(coord, person=person, description="Boodschappen", needs=[shopping], **kw)
    return services.triage(coord, req)


def test_suggestions_rank_with_reasons(coord, resident_person, pool, shopping, themes):
    resident_person.latitude, resident_person.longitude = 51.0, 4.0
    resident_person.save()
    req = _req(coord, resident_person, shopping)
    rows = suggestions.suggestions_for(coord, req)
    ids = [r.helper.pk for r in rows]
    assert ids[0] == pool["talent"].pk
    assert pool["full"].pk not in ids  # over capacity
    assert resident_person.pk not in ids
    assert rows[0].score > rows[1].score
    assert {c: v for c, _l, v in rows[0].components}["talent"] == 100
    assert rows[0].reasons or rows[0].components


def test_declined_helper_is_excluded_and_continuity_counts(
    coord, users, actor_of, resident_person, pool, shopping, themes
):
    req = _req(coord, resident_person, shopping)
    m = Match.objects.create(request=req, helper=pool["talent"], state="declined")
    assert pool["talent"].pk not in [r.helper.pk for r in suggestions.suggestions_for(coord, req)]
    m.state = "done"
    m.save()
    req2 = _req(coord, resident_person, shopping)
    rows = suggestions.suggestions_for(coord, req2)
    assert {c: v for c, _l, v in rows[0].components}["continuity"] == 100


def test_screening_filters_helpers(coord, resident_person, pool, shopping, themes):
    req = _req(coord, resident_person, shopping, needs_screened_helper=True)
    assert suggestions.suggestions_for(coord, req) == []
    today = timezone.localdate()
    for kind in ("criminal_record", "insurance"):
        SafeguardingRecord.objects.create(person=pool["plain"], kind=kind, issued_on=today)
    assert [r.helper.pk for r in suggestions.suggestions_for(coord, req)] == [pool["plain"].pk]


def test_suggestions_permissions(
    users, actor_of, coord, resident_person, make_person, network, areas, pool, shopping, themes
):
    req = _req(coord, make_person(network, area=areas["south"]), shopping)
    for role in ("professional", "volunteer", "partner", "policy", "resident", "outsider"):
        with pytest.raises(PermissionDenied):
            suggestions.suggestions_for(actor_of(users[role]), req)


def test_batch_proposal_and_accept(
    coord, users, actor_of, network, areas, make_person, pool, shopping, themes, django_assert_max_num_queries
):
    reqs = [
        _req(coord, make_person(network, area=areas["north"], latitude=51.0, longitude=4.0), shopping)
        for _ in range(3)
    ]
    with django_assert_max_num_queries(20):
        proposal = suggestions.batch_proposal(coord, areas["north"])
    assert len(proposal.pairs) == 3  # two helpers with room 3 each
    assert proposal.total >= proposal.greedy_total - 1
    assert {r.pk for r, _h, _s in proposal.pairs} == {r.pk for r in reqs}
    chosen = [(r.pk, h.pk) for r, h, _s in proposal.pairs[:2]]
    made, problems = suggestions.accept_batch(coord, chosen)
    assert len(made) == 2 and problems == []
    # the same pairs again: each is refused, nothing doubles
    made2, problems2 = suggestions.accept_batch(coord, chosen)
    assert made2 == [] and len(problems2) == 2
    assert Match.objects.filter(state="proposed").count() == 2
    with pytest.raises(PermissionDenied):
        suggestions.batch_proposal(actor_of(users["professional"]), areas["south"])
    with pytest.raises(PermissionDenied):
        suggestions.batch_proposal(actor_of(users["volunteer"]), areas["north"])
