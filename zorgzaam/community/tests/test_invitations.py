import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zorgzaam.community import services
from zorgzaam.community.models import Invitation, Registration
from zorgzaam.people.models import Consent, Language

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def consent():
    def give(person, granted=True):
        return Consent.objects.create(person=person, purpose="contact", granted=granted, channel="spoken")

    return give


@pytest.fixture
def elders(network, areas, make_person, consent):
    """Four people of 80 in the north: one withdrew consent, one never gave it, one came recently."""
    mk = lambda name, **kw: make_person(  # noqa: E731
        network,
        first_name=name,
        birth_year=YEAR - 80,
        area=areas["north"],
        street="Dorp",
        house_number="1",
        postcode="9000",
        municipality="Gent",
        **kw,
    )
    ok = mk("Agnes", lives_alone=True)
    consent(ok)
    withdrawn = mk("Bert", lives_alone=True)
    consent(withdrawn)
    consent(withdrawn, granted=False)
    never = mk("Cecile")
    recent = mk("Dirk")
    consent(recent)
    young = make_person(network, first_name="Eva", birth_year=YEAR - 40, area=areas["north"])
    consent(young)
    alone_no = mk("Frans", lives_alone=False)
    consent(alone_no)
    return {
        "ok": ok,
        "withdrawn": withdrawn,
        "never": never,
        "recent": recent,
        "young": young,
        "notalone": alone_no,
    }


def test_candidates_respect_consent_age_and_recent_contact(elders, occurrence, users, actor_of):
    Registration.objects.create(occurrence=occurrence, person=elders["recent"], status="registered")
    coord = actor_of(users["coordinator"])
    names = {p.first_name for p in services.invitation_candidates(coord)}
    assert names == {"Agnes", "Frans"}
    assert {p.first_name for p in services.invitation_candidates(coord, lives_alone=True)} == {"Agnes"}
    assert "Eva" in {p.first_name for p in services.invitation_candidates(coord, min_age=None)}


def test_newest_consent_wins(elders, users, actor_of, consent):
    coord = actor_of(users["coordinator"])
    consent(elders["withdrawn"], granted=True)
    assert "Bert" in {p.first_name for p in services.invitation_candidates(coord)}


def test_professional_sees_own_area_only(elders, users, actor_of, make_person, network, areas, consent):
    south = make_person(network, first_name="Zuid", birth_year=YEAR - 90, area=areas["south"])
    consent(south)
    names = {p.first_name for p in services.invitation_candidates(actor_of(users["professional"]))}
    assert "Zuid" not in names and "Agnes" in names


@pytest.mark.parametrize("role", ["volunteer", "resident", "partner", "policy"])
def test_only_staff_builds_lists(users, actor_of, role, elders):
    with pytest.raises(PermissionDenied):
        services.invitation_candidates(actor_of(users[role]))
    with pytest.raises(PermissionDenied):
        services.create_invitations(actor_of(users[role]), [elders["ok"]], channel="phone")


def test_outsider_sees_nothing(users, actor_of, other_network, elders):
    outsider = actor_of(users["outsider"], other_network)
    assert list(services.invitation_candidates(outsider)) == []
    with pytest.raises(PermissionDenied):
        services.create_invitations(outsider, [elders["ok"]], channel="phone")


def test_batch_is_all_or_nothing(elders, users, actor_of):
    coord = actor_of(users["coordinator"])
    with pytest.raises(ValidationError):
        services.create_invitations(coord, [elders["ok"], elders["withdrawn"]], channel="visit")
    with pytest.raises(ValidationError):
        services.create_invitations(coord, [elders["ok"]], channel="pigeon")
    with pytest.raises(ValidationError):  # a resident is not a volunteer
        services.create_invitations(coord, [elders["ok"]], channel="visit", assigned_to=elders["young"])
    assert not Invitation.objects.exists()


def test_volunteer_sees_and_updates_only_assigned(elders, users, actor_of, make_user, network):
    coord = actor_of(users["coordinator"])
    vol = users["volunteer"].persons.get()
    mine = services.create_invitations(coord, [elders["ok"]], channel="visit", assigned_to=vol)[0]
    other_vol = make_user(network, "volunteer", username="vol2").persons.get()
    theirs = services.create_invitations(coord, [elders["notalone"]], channel="visit", assigned_to=other_vol)[
        0
    ]
    volunteer = actor_of(users["volunteer"])
    assert [i.pk for i in services.visible_invitations(volunteer)] == [mine.pk]
    services.update_invitation(volunteer, mine, outcome="accepted", note="komt dinsdag")
    with pytest.raises(PermissionDenied):
        services.update_invitation(volunteer, theirs, outcome="came")
    with pytest.raises(ValidationError):
        services.update_invitation(volunteer, mine, outcome="maybe")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.outcome, mine.note, theirs.outcome) == ("accepted", "komt dinsdag", "open")
    assert [i.pk for i in services.visible_invitations(actor_of(users["resident"]))] == []


def test_letters_pdf_one_page_per_person_in_their_language(elders, users, actor_of, make_activity):
    from .pdfutil import page_count, texts

    fr, _ = Language.objects.get_or_create(
        code="fr", defaults={"name_nl": "Frans", "name_fr": "français", "name_en": "French"}
    )
    elders["notalone"].languages.add(fr)
    coord = actor_of(users["coordinator"])
    act = make_activity(title="Koffieklets")
    invs = services.create_invitations(
        coord, [elders["ok"], elders["notalone"]], channel="letter", activity=act
    )
    pdf = services.invitation_letters_pdf(coord, invs)
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 2
    first, second = texts(pdf)
    assert "Agnes" in first and "Koffieklets" in first and "Beste" in first
    assert "Frans" in second and "Chère" in second and "Nous aimerions" in second
