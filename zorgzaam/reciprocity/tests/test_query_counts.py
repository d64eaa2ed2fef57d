"""Exact query counts (issue 10 item 9): every list page and list endpoint of the time bank with 1
and with 20 rows makes the same, exact number of queries, for the role that normally uses it."""

import pytest

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.people.actor import system_actor
from zorgzaam.people.models import Consent, Person
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import LedgerSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def accs(network, users):
    LedgerSettings.objects.create(network=network, mode="hours", default_min=-6000, default_max=24000)
    resident = Person.objects.get(user=users["resident"])
    helper = Person.objects.get(user=users["volunteer"])
    Consent.objects.create(person=resident, purpose="contact", granted=True, channel="spoken")
    system = system_actor(network)
    return services.account_for(system, person=resident), services.account_for(system, person=helper)


@pytest.fixture
def rows(users, actor_of, network, make_person, accs):
    """rows(n): n more accounts, each paid by the resident's account; n claims of the volunteer."""
    resident_acc, helper_acc = accs
    coord, vol = actor_of(users["coordinator"]), actor_of(users["volunteer"])

    def make(n):
        for _ in range(n):
            account = services.account_for(system_actor(network), person=make_person(network))
            services.transfer(coord, resident_acc, account, 10)
            services.claim_transfer(vol, resident_acc, helper_acc, 15)

    return make


def test_time_bank_lists(users, client_of, rows, accs):
    resident_acc = accs[0]
    coord, resident = client_of(users["coordinator"]), client_of(users["resident"])
    cases = [
        (resident, "/reciprocity/", 16),
        (coord, "/reciprocity/", 14),
        (coord, "/reciprocity/accounts/", 11),
        (coord, f"/reciprocity/accounts/{resident_acc.pk}/", 15),
        (coord, "/reciprocity/pool/", 11),  # the person picker lists nobody until searched
        (coord, "/reciprocity/figures/", 10),
        (coord, "/api/reciprocity/accounts", 8),
        (coord, f"/api/reciprocity/accounts/{resident_acc.pk}/entries", 9),
        (coord, "/api/reciprocity/claims", 7),
        (resident, "/api/reciprocity/claims", 7),
        (coord, "/api/reciprocity/figures", 6),
    ]
    assert_queries_per_page(cases, rows)
