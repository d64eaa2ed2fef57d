import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.people.models import Consent, Person, PersonTag, Tag
from zorgzaam.valuedroles import services
from zorgzaam.valuedroles.models import RoleHolding, ValuedRole


@pytest.fixture
def tags(db):
    return {
        "lezen": Tag.objects.create(
            code="voorlezen", domain="heart", name_nl="voorlezen", name_fr="lecture", name_en="reading"
        ),
        "fiets": Tag.objects.create(
            code="fietsen-herstellen",
            domain="hands",
            name_nl="fietsen herstellen",
            name_fr="vélos",
            name_en="bikes",
        ),
    }


def _person(network, make_person, *, contact=True, capacity=2, talents=(), area=None, availability=()):
    p = make_person(network, capacity=capacity, area=area, availability=list(availability))
    if contact is not None:
        Consent.objects.create(person=p, purpose="contact", granted=contact, channel="spoken")
    for t in talents:
        PersonTag.objects.create(person=p, tag=t, kind="talent")
    return p


@pytest.fixture
def role(users, actor_of, tags, areas):
    return services.save_role(
        actor_of(users["coordinator"]),
        title="Voorlezer in het woonzorgcentrum",
        talents=[tags["lezen"]],
        components=["leisure", "care_support"],
        required_capacity=2,
        availability=["wed_pm", "thu_pm"],
        area=areas["north"],
    )


def test_components_come_from_framework(db):
    comps = services.components()
    assert [c["code"] for c in comps] == ["work", "leisure", "learning", "care_support"]
    assert comps[0]["nl"] == "arbeid" and comps[0]["fr"] and comps[0]["en"] == "Work"


def test_suggestions_respect_consent_and_capacity(users, actor_of, network, make_person, role, tags, areas):
    best = _person(
        network, make_person, talents=[tags["lezen"]], area=areas["north"], availability=["wed_pm"]
    )
    ok = _person(network, make_person, talents=[tags["lezen"]], capacity=3)
    no_consent = _person(network, make_person, talents=[tags["lezen"]], contact=None)
    withdrawn = _person(network, make_person, talents=[tags["lezen"]], contact=False)
    too_little = _person(network, make_person, talents=[tags["lezen"]], capacity=1)
    unknown_capacity = _person(network, make_person, talents=[tags["lezen"]], capacity=None)
    other_talent = _person(network, make_person, talents=[tags["fiets"]])
    rows = services.suggest(actor_of(users["coordinator"]), role)
    found = [r["person"] for r in rows]
    assert found == [best, ok]
    for p in (no_consent, withdrawn, too_little, unknown_capacity, other_talent):
        assert p not in found
    reasons = " ".join(rows[0]["reasons"])
    assert "voorlezen" in reasons and "Noord" in reasons
    # someone who holds the role already is not suggested again
    services.assign(actor_of(users["coordinator"]), role, best)
    assert [r["person"] for r in services.suggest(actor_of(users["coordinator"]), role)] == [ok]


def test_suggestions_limited_to_professionals_area(users, actor_of, network, make_person, role, tags, areas):
    north = _person(network, make_person, talents=[tags["lezen"]], area=areas["north"])
    _person(network, make_person, talents=[tags["lezen"]], area=areas["south"])
    assert [r["person"] for r in services.suggest(actor_of(users["professional"]), role)] == [north]
    for who in ("volunteer", "resident", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.suggest(actor_of(users[who]), role)


def test_role_validation_changes_nothing(users, actor_of, tags):
    coord = actor_of(users["coordinator"])
    for bad in (
        {"title": ""},
        {"title": "x", "components": ["nonsense"]},
        {"title": "x", "required_capacity": 7},
        {"title": "x", "hours_per_week": -1},
        {"title": "x", "availability": ["someday"]},
    ):
        with pytest.raises(ValidationError):
            services.save_role(coord, None, **bad)
    assert not ValuedRole.objects.exists()


def test_role_permissions(users, actor_of, areas, role):
    prof = actor_of(users["professional"])
    services.save_role(prof, role, title="Voorlezer (woensdag)")
    south = services.save_role(actor_of(users["coordinator"]), title="Moestuinier", area=areas["south"])
    with pytest.raises(PermissionDenied):
        services.save_role(prof, south, title="x")
    with pytest.raises(PermissionDenied):
        services.save_role(prof, None, title="x", area=areas["south"])
    with pytest.raises(PermissionDenied):  # cannot move a role out of their areas
        services.save_role(prof, role, area=areas["south"])
    for who in ("volunteer", "resident", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.save_role(actor_of(users[who]), role, title="x")
    assert ValuedRole.objects.get(pk=role.pk).title == "Voorlezer (woensdag)"
    # everyone with a role in the network can read the offer; the outsider cannot
    for who in ("volunteer", "resident", "partner", "policy"):
        assert role in services.visible_roles(actor_of(users[who]))
    assert role not in services.visible_roles(actor_of(users["outsider"]))


def test_holding_lifecycle_and_visibility(users, actor_of, network, make_person, role, areas):
    coord = actor_of(users["coordinator"])
    holder = Person.objects.get(user=users["volunteer"])
    h = services.assign(coord, role, holder)
    with pytest.raises(ValidationError):
        services.assign(coord, role, holder)
    import datetime as dt

    with pytest.raises(ValidationError):
        services.end_holding(coord, h, end_on=h.start_on - dt.timedelta(days=1))
    assert services.holders(actor_of(users["volunteer"]), role) == [h]
    assert services.holders(actor_of(users["partner"]), role) == []
    services.end_holding(coord, h)
    assert RoleHolding.objects.get(pk=h.pk).end_on is not None
    with pytest.raises(PermissionDenied):
        services.assign(actor_of(users["outsider"]), role, holder)


def test_erasure_and_export(users, actor_of, role):
    from zorgzaam.people.services import erase_person

    coord = actor_of(users["coordinator"])
    holder = Person.objects.get(user=users["resident"])
    services.assign(coord, role, holder, note="komt graag met de fiets")
    assert services.export_person(holder)["valued_roles"][0]["role"] == role.title
    erase_person(coord, holder)
    assert RoleHolding.objects.get().note == ""


def test_suggestions_respect_load_cap(users, actor_of, network, make_person, role, tags):
    from zorgzaam.volunteers.models import VolunteerProfile

    coord = actor_of(users["coordinator"])
    busy = _person(network, make_person, talents=[tags["lezen"]])
    VolunteerProfile.objects.create(person=busy, max_active_tasks=1)
    other = services.save_role(coord, title="Digibuddy")
    holding = services.assign(coord, other, busy)
    assert busy not in [r["person"] for r in services.suggest(coord, role)]
    services.end_holding(coord, holding)
    assert busy in [r["person"] for r in services.suggest(coord, role)]
