"""No existence oracle (issue 10 item 3): for every detail URL (page and API, and the actions on one
object), an id of another network's object and an id that does not exist get the same status and the
same body, for a coordinator (the widest role) of this network."""

import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.core.testing import assert_no_existence_oracle

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _person(net):
    from zorgzaam.people.models import Person

    return Person.objects.create(network=net, first_name="Elders", last_name="Persoon")


def _request(net):
    from zorgzaam.care.models import Request

    return Request.objects.create(network=net, person=_person(net), description="x").pk


def _signal(net):
    from zorgzaam.care.models import Signal

    return Signal.objects.create(network=net, person=_person(net), description="x").pk


def _occurrence(net):
    from zorgzaam.community import services
    from zorgzaam.community.models import Activity

    act = Activity.objects.create(
        network=net, title="Elders", start_date=TODAY + dt.timedelta(days=1), start_time=dt.time(14)
    )
    services.sync_occurrences(act)
    return act.occurrences.get()


def _registration(net):
    from zorgzaam.community.models import Registration

    occ = _occurrence(net)
    return Registration.objects.create(occurrence=occ, person=_person(net), status="registered").pk


def _place(net):
    from zorgzaam.community.models import Place

    return Place.objects.create(network=net, name="Elders").pk


def _checklist(net):
    from zorgzaam.outreach.services import ensure_default_checklist

    return ensure_default_checklist(net)


def _round(net):
    from zorgzaam.outreach.models import Round

    return Round.objects.create(
        network=net, name="Elders", checklist=_checklist(net), starts_on=TODAY, ends_on=TODAY
    )


def _visit(net):
    from zorgzaam.outreach.models import Visit

    rnd = _round(net)
    return Visit.objects.create(
        network=net, round=rnd, person=_person(net), checklist=rnd.checklist, planned_on=TODAY
    ).pk


def _circle(net):
    from zorgzaam.outreach.models import Circle

    return Circle.objects.create(network=net, name="Elders").pk


def _question(net):
    return _checklist(net).questions.filter(active=True).first().pk


def _service(net):
    from zorgzaam.organisations.models import Organisation
    from zorgzaam.socialmap.models import Service

    org = Organisation.objects.create(network=net, name="Elders", kind="welfare")
    return Service.objects.create(organisation=org, name="Elders").pk


def _organisation(net):
    from zorgzaam.organisations.models import Organisation

    return Organisation.objects.create(network=net, name="Elders", kind="welfare").pk


def _role(net):
    from zorgzaam.valuedroles.models import ValuedRole

    return ValuedRole.objects.create(network=net, title="Elders").pk


def _volunteer(net):
    from zorgzaam.volunteers.models import VolunteerProfile

    return VolunteerProfile.objects.create(person=_person(net)).person_id


def _initiative(net):
    from zorgzaam.volunteers.models import Initiative

    return Initiative.objects.create(network=net, title="Elders").pk


def _account(net):
    from zorgzaam.people.actor import system_actor
    from zorgzaam.reciprocity import services

    return services.account_for(system_actor(net), person=_person(net)).pk


def _plan(net):
    from zorgzaam.plans.models import Plan

    return Plan.objects.create(network=net, title="Elders", starts_on=TODAY, ends_on=TODAY).pk


def _survey(net):
    from zorgzaam.analysis.models import Survey

    return Survey.objects.create(network=net, title="Elders").pk


def _area(net):
    from zorgzaam.networks.models import Area

    return Area.objects.create(network=net, name="Elders", slug="elders").pk


CASES = [
    ("people", lambda net: _person(net).pk, "get", "/people/{pk}/"),
    ("people", lambda net: _person(net).pk, "get", "/api/people/persons/{pk}"),
    ("people", lambda net: _person(net).pk, "get", "/api/people/persons/{pk}/consents"),
    ("care", _request, "get", "/care/requests/{pk}/"),
    ("care", _request, "get", "/api/care/requests/{pk}"),
    ("care", _request, "get", "/api/care/requests/{pk}/timeline"),
    ("care", _request, "get", "/api/care/requests/{pk}/referrals"),
    ("care", _request, "post", "/care/requests/{pk}/close/"),
    ("care", _signal, "get", "/care/signals/{pk}/"),
    ("care", _signal, "get", "/api/care/signals/{pk}"),
    ("community", lambda net: _occurrence(net).pk, "get", "/community/occurrences/{pk}/"),
    ("community", lambda net: _occurrence(net).pk, "get", "/api/community/occurrences/{pk}/registrations"),
    ("community", lambda net: _occurrence(net).activity_id, "get", "/community/activities/{pk}/"),
    (
        "community",
        lambda net: _occurrence(net).activity_id,
        "get",
        "/api/community/activities/{pk}/evaluations",
    ),
    ("community", _place, "get", "/community/places/{pk}/"),
    ("community", _registration, "post", "/community/registrations/{pk}/cancel/"),
    ("community", _registration, "post", "/api/community/registrations/{pk}/cancel"),
    ("outreach", lambda net: _round(net).pk, "get", "/outreach/rounds/{pk}/"),
    ("outreach", _visit, "get", "/outreach/visits/{pk}/"),
    ("outreach", _visit, "get", "/api/outreach/visits/{pk}"),
    ("outreach", _circle, "get", "/outreach/circles/{pk}/"),
    ("outreach", lambda net: _checklist(net).pk, "get", "/outreach/checklists/{pk}/"),
    ("outreach", _question, "post", "/outreach/questions/{pk}/remove/"),
    ("socialmap", _service, "get", "/socialmap/services/{pk}/"),
    ("socialmap", _service, "get", "/api/socialmap/services/{pk}"),
    ("socialmap", _organisation, "get", "/socialmap/organisations/{pk}/"),
    ("valuedroles", _role, "get", "/valuedroles/{pk}/"),
    ("valuedroles", _role, "get", "/api/valuedroles/roles/{pk}"),
    ("valuedroles", _role, "get", "/api/valuedroles/roles/{pk}/holders"),
    ("volunteers", _volunteer, "get", "/volunteers/{pk}/"),
    ("volunteers", _volunteer, "get", "/api/volunteers/volunteers/{pk}"),
    ("volunteers", _volunteer, "get", "/api/volunteers/volunteers/{pk}/hours"),
    ("volunteers", _initiative, "get", "/volunteers/initiatives/{pk}/"),
    ("volunteers", _initiative, "get", "/api/volunteers/initiatives/{pk}"),
    ("reciprocity", _account, "get", "/reciprocity/accounts/{pk}/"),
    ("reciprocity", _account, "get", "/api/reciprocity/accounts/{pk}"),
    ("reciprocity", _account, "get", "/api/reciprocity/accounts/{pk}/entries"),
    ("plans", _plan, "get", "/plans/{pk}/"),
    ("plans", _plan, "get", "/api/plans/{pk}"),
    ("analysis", _survey, "get", "/analysis/surveys/{pk}/"),
    ("analysis", _survey, "get", "/api/analysis/surveys/{pk}/results"),
    ("networks", _area, "get", "/areas/{pk}/edit/"),
    ("sectors", _area, "get", "/sectors/areas/{pk}/"),
    ("sectors", _area, "get", "/api/sectors/areas/{pk}/indicators"),
]


@pytest.fixture
def ledger_on(network, other_network):
    from zorgzaam.reciprocity.models import LedgerSettings

    for net in (network, other_network):
        LedgerSettings.objects.create(network=net, mode="hours")


@pytest.mark.parametrize("app,build,method,url", CASES, ids=[f"{c[0]}:{c[2]}:{c[3]}" for c in CASES])
def test_other_network_answers_like_missing(
    app, build, method, url, users, client_of, other_network, ledger_on
):
    assert_no_existence_oracle(client_of(users["coordinator"]), url, build(other_network), method=method)
