"""Exact query counts (issue 10 item 9): every list page and list endpoint of the social map (pages,
the JSON API and the public HSDS API) with 1 and with 20 rows makes the same, exact number of queries."""

import pytest
from django.test import Client

from zorgzaam.accounts.models import User
from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap.models import EditorClaim, OrganisationProfile, OutdatedReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(network, areas, make_service):
    """rows(n): n organisations, each with a fully described service, an editor's claim and a report."""

    def make(n):
        for _ in range(n):
            i = Organisation.objects.count()
            org = Organisation.objects.create(
                network=network, name=f"Organisatie {i}", kind="welfare", latitude=50.9, longitude=4.0
            )
            OrganisationProfile.objects.create(organisation=org)  # as the first HSDS answer does
            service = make_service(
                org,
                f"Dienst {i}",
                categories=["home-care"],
                groups=["elderly"],
                areas=[areas["north"]],
                languages=["nl", "fr"],
                hours=[(0, "08:30", "12:00"), (3, "09:00", "12:00")],
                latitude=50.93,
                longitude=4.05,
            )
            user = User.objects.create_user(username=f"editor{i}", password="x")
            EditorClaim.objects.create(organisation=org, user=user, motivation="ik werk er")
            OutdatedReport.objects.create(service=service, what_is_wrong="verhuisd")

    return make


def test_socialmap_lists(users, client_of, rows):
    coord, vol = client_of(users["coordinator"]), client_of(users["volunteer"])
    anonymous = Client()
    hsds = "/api/hsds/testgem"
    cases = [
        (vol, "/socialmap/", 18),
        (vol, "/socialmap/map/", 18),
        (vol, "/socialmap/organisations/", 8),
        (coord, "/socialmap/claims/", 8),
        (coord, "/socialmap/reports/", 9),
        (coord, "/socialmap/open-referral/", 7),
        (anonymous, "/socialmap/public/testgem.json", 7),
        (vol, "/api/socialmap/services", 12),
        (anonymous, f"{hsds}/services", 11),
        (anonymous, f"{hsds}/organizations", 11),
        (anonymous, f"{hsds}/service_at_locations", 11),
        (anonymous, f"{hsds}/taxonomies", 1),
        (anonymous, f"{hsds}/taxonomy_terms", 5),
        (coord, "/socialmap/open-referral/export.json", 15),
        (coord, "/api/socialmap/hsds/export.json", 15),
    ]
    assert_queries_per_page(cases, rows)
