import pytest

from zorgzaam.care.themes import ensure_themes
from zorgzaam.outreach import services
from zorgzaam.people.models import Consent


@pytest.fixture
def themes(db):
    return ensure_themes()


@pytest.fixture
def checklist(network):
    return services.ensure_default_checklist(network)


@pytest.fixture
def consent():
    def give(person, granted=True):
        Consent.objects.create(person=person, purpose="contact", granted=granted, channel="spoken")
        return person

    return give


@pytest.fixture
def street(network, areas, make_person, consent):
    """Kerkstraat in the north: three residents who agree to be contacted, one who does not,
    and one neighbour in the south area on a street with the same name."""
    north = areas["north"]
    agreed = [
        consent(
            make_person(
                network,
                first_name=name,
                last_name="Achternaam",
                street="Kerkstraat",
                house_number=str(i + 1),
                phone=f"0470 00 00 0{i}",
                area=north,
            )
        )
        for i, name in enumerate(["Anna", "Bert", "Clara"])
    ]
    no_consent = make_person(
        network, first_name="Dirk", last_name="Zonder", street="Kerkstraat", house_number="9", area=north
    )
    south = consent(
        make_person(network, first_name="Eva", street="Kerkstraat", house_number="2", area=areas["south"])
    )
    return {"agreed": agreed, "no_consent": no_consent, "south": south}


@pytest.fixture
def volunteer_person(users):
    return users["volunteer"].persons.get()


@pytest.fixture
def planned(users, actor_of, areas, street, checklist, volunteer_person):
    """A round over Kerkstraat (north), all visits for the fixture volunteer."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    return services.plan_round(
        actor_of(users["coordinator"]),
        name="Kerkstraat",
        area=areas["north"],
        streets=["Kerkstraat"],
        checklist=checklist,
        starts_on=today,
        ends_on=today + dt.timedelta(days=7),
        visitors=[volunteer_person],
    )
