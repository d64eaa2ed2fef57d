import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.audit.models import Event
from zorgzaam.care import services
from zorgzaam.care.models import Request, Signal
from zorgzaam.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_record_signal_links_person_themes_and_notifies_coach(
    users, actor_of, areas, resident_person, themes
):
    actor = actor_of(users["coordinator"])
    sig = services.record_signal(
        actor,
        person=resident_person,
        description="Komt niet meer buiten",
        themes=["loneliness", themes["mobility"]],
        urgency="high",
        source="neighbour",
    )
    assert sig.area == areas["north"]
    assert {t.code for t in sig.themes.all()} == {"loneliness", "mobility"}
    assert sig.reported_by == users["coordinator"]
    assert Event.objects.filter(kind="care.signal_created", object_id=str(sig.pk)).exists()
    # the professional of the north area is told, the coordinator who recorded it is not
    assert Notification.objects.filter(recipient=users["professional"], kind="care.signal").count() == 1
    assert not Notification.objects.filter(recipient=users["coordinator"], kind="care.signal").exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"description": ""}, "description"),
        ({"urgency": "panic"}, "urgency"),
        ({"source": "rumour"}, "source"),
        ({"consent_status": "maybe"}, "consent_status"),
        ({"consent_status": "not_possible"}, "consent_reason"),
        ({"themes": ["nope"]}, "themes"),
        ({"person": None, "address_text": "", "description_of_person": ""}, "address_text"),
    ],
)
def test_record_signal_bad_input_changes_nothing(users, actor_of, resident_person, themes, kwargs, field):
    base = {"person": resident_person, "description": "Zorg", "themes": ["health"]}
    base.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.record_signal(actor_of(users["coordinator"]), **base)
    assert field in exc.value.message_dict
    assert Signal.objects.count() == 0
    assert not Event.objects.filter(kind="care.signal_created").exists()


def test_not_possible_consent_with_reason_is_accepted(users, actor_of, themes):
    sig = services.record_signal(
        actor_of(users["volunteer"]),
        address_text="Kerkstraat 3",
        description="Brievenbus puilt uit",
        consent_status="not_possible",
        consent_reason="Niemand deed open",
        source="volunteer",
    )
    assert sig.person is None and sig.consent_reason == "Niemand deed open"


def test_record_signal_permissions(users, actor_of, other_network, make_person, network, themes):
    for role in ("policy",):  # residents raise worries too (issue 13 item 2: test_worry.py)
        with pytest.raises(PermissionDenied):
            services.record_signal(actor_of(users[role]), address_text="x 1", description="d")
    # the outsider acting in our network has no roles here
    with pytest.raises(PermissionDenied):
        services.record_signal(actor_of(users["outsider"]), address_text="x 1", description="d")
    # a person of another network is refused
    foreign = make_person(other_network)
    with pytest.raises(ValidationError):
        services.record_signal(actor_of(users["coordinator"]), person=foreign, description="d")
    assert Signal.objects.count() == 0
    services.record_signal(actor_of(users["partner"]), address_text="x 1", description="d", source="partner")
    assert Signal.objects.count() == 1


def test_unidentified_signal_offers_person_at_same_address(
    users, actor_of, make_person, network, areas, themes
):
    known = make_person(network, street="Lindestraat", house_number="12", area=areas["south"])
    make_person(network, street="Lindestraat", house_number="14")
    sig = services.record_signal(
        actor_of(users["coordinator"]), address_text="lindestraat 12, Lindebeek", description="Zorg"
    )
    assert sig.person is None
    assert sig.suggested_person == known
    assert sig.area == areas["south"]
    services.link_signal_person(actor_of(users["coordinator"]), sig, known)
    sig.refresh_from_db()
    assert sig.person == known and sig.suggested_person is None
    # a number that matches nobody suggests nobody
    sig2 = services.record_signal(
        actor_of(users["coordinator"]), address_text="Lindestraat 99", description="Z"
    )
    assert sig2.suggested_person is None


def test_new_signal_is_linked_to_open_requests(users, actor_of, resident_person, themes):
    coord = actor_of(users["coordinator"])
    first = services.record_signal(coord, person=resident_person, description="Eerste")
    req = services.create_request(
        coord, person=resident_person, description="Hulp", owner=users["professional"].persons.get()
    )
    second = services.record_signal(coord, person=resident_person, description="Tweede")
    assert list(services.other_signals(coord, second)) == [first]
    assert req.timeline.filter(what="signal_linked").count() == 1
    # still exactly one person record for the resident
    from zorgzaam.people.models import Person

    assert Person.objects.filter(pk=resident_person.pk).count() == 1
    assert Request.objects.count() == 1


def test_signal_visibility(users, actor_of, resident_person, make_person, network, areas, themes):
    coord = actor_of(users["coordinator"])
    north = services.record_signal(coord, person=resident_person, description="N")
    south = services.record_signal(coord, person=make_person(network, area=areas["south"]), description="S")
    own = services.record_signal(actor_of(users["volunteer"]), address_text="a 1", description="V")
    assert set(services.visible_signals(coord)) == {north, south, own}
    assert set(services.visible_signals(actor_of(users["professional"]))) == {north}
    assert set(services.visible_signals(actor_of(users["volunteer"]))) == {own}
    for role in ("partner", "policy", "resident"):
        assert not services.visible_signals(actor_of(users[role])).exists()
    assert not services.visible_signals(actor_of(users["outsider"])).exists()
    with pytest.raises(PermissionDenied):
        services.get_signal(actor_of(users["professional"]), south.pk)
