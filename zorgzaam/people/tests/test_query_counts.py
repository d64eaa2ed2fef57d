"""Exact query counts (issue 10 item 9): every list page and list endpoint of people with 1 and with
20 rows makes the same, exact number of queries; the person page a fixed number."""

import pytest

from zorgzaam.core.testing import assert_queries_per_page, assert_same_queries
from zorgzaam.people.models import Consent


@pytest.fixture
def rows(network, areas, make_person):
    def make(n):
        for _ in range(n):
            make_person(network, area=areas["north"])

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("url,expected", [("/people/", 13), ("/api/people/persons?limit=50", 7)])
def test_person_lists(url, expected, users, client_of, rows):
    assert_same_queries(client_of(users["coordinator"]), url, rows, expected=expected)


@pytest.mark.django_db
def test_consent_list_api(users, client_of, network, areas, make_person):
    person = make_person(network, area=areas["north"])

    def consents(n):
        Consent.objects.bulk_create(
            Consent(person=person, purpose="contact", granted=True, channel="paper") for _ in range(n)
        )

    url = f"/api/people/persons/{person.pk}/consents"
    assert_same_queries(client_of(users["coordinator"]), url, consents, expected=10)


@pytest.mark.django_db
def test_person_page(users, client_of, network, areas, make_person):
    person = make_person(network, area=areas["north"])

    def consents(n):
        Consent.objects.bulk_create(
            Consent(
                person=person,
                purpose="contact",
                granted=True,
                channel="paper",
                recorded_by=users["coordinator"],
            )
            for _ in range(n)
        )

    c = client_of(users["coordinator"])
    # The activities panel reads next and earlier registrations and named presences apart (3).
    cases = [(c, f"/people/{person.pk}/", 24), (c, f"/people/{person.pk}/consent/", 12)]
    assert_queries_per_page(cases, consents)
