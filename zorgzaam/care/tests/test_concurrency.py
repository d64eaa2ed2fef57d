"""Two coordinators confirming a helper for the same request at the same moment."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from zorgzaam.care import services
from zorgzaam.care.models import Match
from zorgzaam.care.themes import ensure_themes


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_at_once_never_double_assign(users, actor_of, make_person, make_user, network):
    ensure_themes()
    coord1 = actor_of(users["coordinator"])
    coord2 = actor_of(make_user(network, "coordinator", username="coord2"))
    resident = users["resident"].persons.get()
    req = services.create_request(coord1, person=resident, description="Boodschappen")
    services.triage(coord1, req)
    helpers = [make_person(network), make_person(network)]
    barrier = threading.Barrier(2)
    results: list = []

    def confirm(actor, helper):
        try:
            barrier.wait()
            services.propose_match(actor, req, helper)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=confirm, args=(coord1, helpers[0])),
        threading.Thread(target=confirm, args=(coord2, helpers[1])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Match.objects.filter(request=req, state__in=Match.ACTIVE).count() == 1
