import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zorgzaam.audit.models import Event
from zorgzaam.people import services
from zorgzaam.people.models import Consent, Language, Person, Tag


@pytest.fixture
def coord(users, actor_of):
    return actor_of(users["coordinator"])


@pytest.mark.django_db
def test_create_person_with_tags_and_languages_is_logged(coord, areas):
    from zorgzaam.people.reference import ensure_languages, ensure_tags

    ensure_languages()
    ensure_tags()
    garden = Tag.objects.get(code="gardening")
    dutch = Language.objects.get(code="nl")
    person = services.create_person(
        coord,
        first_name="Marcel",
        area=areas["north"],
        birth_year=1941,
        languages=[dutch],
        tags=[(garden, "talent", "eigen moestuin")],
    )
    assert person.tags.get().note == "eigen moestuin"
    assert list(person.languages.all()) == [dutch]
    ev = Event.objects.get(kind="person.created")
    assert ev.subject == person and ev.actor == coord.user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields,field",
    [
        ({"birth_year": 1800}, "birth_year"),
        ({"latitude": 50.9}, "latitude"),
        ({"latitude": 123.0, "longitude": 4.0}, "latitude"),
        ({"contact_preferences": ["pigeon"]}, "contact_preferences"),
        ({"availability": ["someday"]}, "availability"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_input_is_rejected_and_changes_nothing(coord, make_person, network, fields, field):
    person = make_person(network, first_name="Rosa")
    before = Person.objects.values().get(pk=person.pk)
    events = Event.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.update_person(coord, person, **fields)
    assert field in exc.value.message_dict
    assert Person.objects.values().get(pk=person.pk) == before
    assert Event.objects.count() == events
    with pytest.raises(ValidationError):
        services.create_person(coord, first_name="X", **fields)
    assert not Person.objects.filter(first_name="X").exists()


@pytest.mark.django_db
def test_area_of_another_network_is_refused(coord, make_person, network, other_network):
    from zorgzaam.networks.models import Area

    foreign = Area.objects.create(network=other_network, name="Ver", slug="ver")
    person = make_person(network)
    with pytest.raises(ValidationError):
        services.update_person(coord, person, area=foreign)


@pytest.mark.django_db
def test_update_logs_changed_field_names_not_values(coord, make_person, network):
    person = make_person(network)
    services.update_person(coord, person, phone="0499 12 34 56", first_name=person.first_name)
    ev = Event.objects.get(kind="person.updated")
    assert ev.data == {"fields": ["phone"]}
    assert "0499" not in str(ev.data)


@pytest.mark.django_db
def test_consent_is_per_purpose_and_withdrawal_wins(coord, make_person, network, organisation):
    person = make_person(network)
    assert not services.has_consent(person, "contact")
    services.record_consent(coord, person, purpose="contact", granted=True, channel="spoken")
    assert services.has_consent(person, "contact")
    assert not services.has_consent(person, "statistics")
    services.record_consent(
        coord, person, purpose="contact", granted=False, channel="paper", note="liever niet"
    )
    assert not services.has_consent(person, "contact")
    latest = Consent.objects.filter(person=person).first()
    assert latest.recorded_by == coord.user and latest.on_behalf and latest.channel == "paper"
    assert Consent.objects.filter(person=person).count() == 2  # history kept


@pytest.mark.django_db
def test_share_consent_names_the_organisation(coord, make_person, network, organisation):
    person = make_person(network)
    with pytest.raises(ValidationError):
        services.record_consent(coord, person, purpose="share", granted=True, channel="spoken")
    services.record_consent(
        coord, person, purpose="share", granted=True, channel="spoken", organisation=organisation
    )
    assert services.has_consent(person, "share", organisation=organisation)
    assert not services.has_consent(person, "contact")


@pytest.mark.django_db
def test_persons_with_consent_filter(coord, make_person, network):
    yes, no, never = make_person(network), make_person(network), make_person(network)
    services.record_consent(coord, yes, purpose="statistics", granted=True, channel="online")
    services.record_consent(coord, no, purpose="statistics", granted=True, channel="online")
    services.record_consent(coord, no, purpose="statistics", granted=False, channel="online")
    qs = services.persons_with_consent(Person.objects.filter(network=network), "statistics")
    assert set(qs) == {yes}
    assert never not in qs


@pytest.mark.django_db
def test_resident_records_own_consent_not_on_behalf(users, actor_of):
    actor = actor_of(users["resident"])
    c = services.record_consent(actor, actor.person, purpose="photos", granted=False, channel="online")
    assert c.on_behalf is False


@pytest.mark.django_db
def test_acting_for_is_logged_as_x_for_y(users, actor_of, make_person, network, areas):
    resident = make_person(network, area=areas["north"])
    actor = actor_of(users["professional"])
    services.start_acting_for(actor, resident)
    assisted = actor_of(users["professional"], on_behalf_of_id=resident.pk)
    services.record_consent(assisted, resident, purpose="contact", granted=True, channel="spoken")
    ev = Event.objects.get(kind="consent.recorded")
    assert ev.actor == users["professional"] and ev.on_behalf_of == resident
    assert Event.objects.filter(kind="assist.start", subject=resident).exists()


@pytest.mark.django_db
def test_acting_for_someone_not_allowed_is_ignored(users, actor_of, make_person, network, areas):
    south = make_person(network, area=areas["south"])
    assisted = actor_of(users["professional"], on_behalf_of_id=south.pk)
    assert assisted.on_behalf_of is None
    with pytest.raises(PermissionDenied):
        services.start_acting_for(actor_of(users["professional"]), south)


@pytest.mark.django_db
def test_erasure_anonymises_and_keeps_statistics(coord, make_person, network, areas):
    person = make_person(
        network,
        first_name="Godelieve",
        last_name="Maes",
        birth_year=1937,
        phone="053 11 22 33",
        street="Kerkstraat",
        house_number="4",
        area=areas["north"],
        lives_alone=True,
        latitude=50.9,
        longitude=4.0,
    )
    services.record_consent(coord, person, purpose="statistics", granted=True, channel="spoken")
    services.erase_person(coord, person)
    person.refresh_from_db()
    assert "Godelieve" not in person.full_name and person.phone == "" and person.street == ""
    assert person.latitude is None and person.anonymised_at is not None
    assert person.birth_year == 1930 and person.area == areas["north"] and person.lives_alone is True
    assert Event.objects.filter(kind="person.erased", subject=person).exists()
    # Erased people no longer show in searches.
    assert person not in services.search_persons(coord)


@pytest.mark.django_db
def test_export_contains_own_data_and_is_logged(users, actor_of):
    actor = actor_of(users["resident"])
    data = services.export_person(actor, actor.person)
    assert data["first_name"] == actor.person.first_name
    assert Event.objects.filter(kind="person.exported").exists()


@pytest.mark.django_db
def test_search_filters(coord, make_person, network, areas):
    from zorgzaam.people.reference import ensure_languages, ensure_tags

    ensure_languages()
    ensure_tags()
    cook = Tag.objects.get(code="cooking")
    a = make_person(network, first_name="Aïcha", area=areas["north"])
    a.languages.add(Language.objects.get(code="ar"))
    services.set_tags(coord, a, [(cook, "talent", "")])
    b = make_person(network, first_name="Bram", area=areas["south"])
    services.set_tags(coord, b, [(cook, "need", "")])
    assert list(services.search_persons(coord, talent=cook.pk)) == [a]
    assert list(services.search_persons(coord, need=cook.pk)) == [b]
    assert list(services.search_persons(coord, language="ar")) == [a]
    assert list(services.search_persons(coord, area=areas["south"].pk)) == [b]
    assert list(services.search_persons(coord, q="aïc")) == [a]


@pytest.mark.django_db
def test_cannot_record_consent_for_someone_unseen(users, actor_of, make_person, network, areas):
    south = make_person(network, area=areas["south"])
    with pytest.raises(PermissionDenied):
        services.record_consent(
            actor_of(users["professional"]), south, purpose="contact", granted=True, channel="spoken"
        )
    assert not Consent.objects.filter(person=south).exists()
