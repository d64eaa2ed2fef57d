"""People list at city scale (issue 15 item 4): tag and language filters are EXISTS subqueries, not
joins with a DISTINCT over every column; a person with two matching rows still shows once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zorgzaam.core.testing import assert_same_queries
from zorgzaam.people import services
from zorgzaam.people.models import Language, PersonTag, Tag
from zorgzaam.people.reference import ensure_languages, ensure_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def cook(db):
    ensure_languages()
    ensure_tags()
    return Tag.objects.get(code="cooking")


def _tagged(network, areas, make_person, cook, **fields):
    p = make_person(network, area=areas["north"], **fields)
    PersonTag.objects.create(person=p, tag=cook, kind="talent")
    p.languages.add(*Language.objects.filter(code__in=("ar", "fr")))
    return p


def test_filters_without_distinct(users, actor_of, network, areas, make_person, cook):
    a = _tagged(network, areas, make_person, cook)
    make_person(network, area=areas["north"])  # no tag, no language
    coord = actor_of(users["coordinator"])
    with CaptureQueriesContext(connection) as ctx:
        found = list(services.search_persons(coord, talent=cook.pk, language="ar"))
    assert found == [a]
    assert "DISTINCT" not in ctx.captured_queries[-1]["sql"] and "EXISTS" in ctx.captured_queries[-1]["sql"]
    assert list(services.search_persons(coord, need=cook.pk)) == []
    # two languages of one person never duplicate the row
    assert list(services.search_persons(coord, language="fr")) == [a]


def test_filtered_list_queries(users, client_of, network, areas, make_person, cook):
    def rows(n):
        for _i in range(n):
            _tagged(network, areas, make_person, cook)

    url = f"/people/?talent={cook.pk}&language=ar"
    client = client_of(users["coordinator"])
    assert_same_queries(client, url, rows, expected=15)
    assert client.get(url).context["page"].paginator.count == 20  # 20 rows, each once
