import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from zorgzaam.audit import kinds, services
from zorgzaam.audit.models import AppendOnlyError, Event


@pytest.mark.django_db
def test_unregistered_kind_is_a_programming_error(users, actor_of):
    with pytest.raises(ValueError):
        services.record(actor_of(users["coordinator"]), "nope.nothing")


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_application(users, actor_of):
    ev = services.record(actor_of(users["coordinator"]), kinds.LOGIN)
    ev.kind = "auth.logout"
    with pytest.raises(AppendOnlyError):
        ev.save()
    with pytest.raises(AppendOnlyError):
        ev.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=ev.pk).update(kind="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=ev.pk).kind == kinds.LOGIN


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgres_trigger_refuses_update_and_delete(users, actor_of):
    assert connection.vendor == "postgresql"
    ev = services.record(actor_of(users["coordinator"]), kinds.LOGIN)
    for sql in ("UPDATE audit_event SET kind = 'x' WHERE id = %s", "DELETE FROM audit_event WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [ev.pk])
    assert Event.objects.get(pk=ev.pk).kind == kinds.LOGIN


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["professional", "volunteer", "partner", "policy", "resident"])
def test_only_coordinators_read_the_log(role, users, actor_of):
    with pytest.raises(PermissionDenied):
        services.events_for(actor_of(users[role]))


@pytest.mark.django_db
def test_log_is_per_network(users, actor_of, other_network):
    services.record(actor_of(users["coordinator"]), kinds.LOGIN)
    outsider = actor_of(users["outsider"], other_network)
    assert not services.events_for(outsider).exists()
    assert services.events_for(actor_of(users["coordinator"])).count() == 1


@pytest.mark.django_db
def test_filter_and_csv_export(users, actor_of, client_of, make_person, network):
    coord = actor_of(users["coordinator"])
    p = make_person(network)
    services.record(coord, kinds.PERSON_VIEWED, subject=p, obj=p)
    services.record(coord, kinds.LOGIN)
    assert list(services.events_for(coord, kind="person.").values_list("kind", flat=True)) == [
        "person.viewed"
    ]
    assert services.events_for(coord, subject_id=p.pk).count() == 1
    response = client_of(users["coordinator"]).get("/audit/export.csv?kind=person.viewed")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["at", "kind"] and len(rows) == 2 and rows[1][1] == "person.viewed"
    assert Event.objects.filter(kind="audit.exported").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("coordinator", 200), ("professional", 403), ("policy", 403)])
def test_audit_page_access(role, status, users, client_of):
    assert client_of(users[role]).get("/audit/").status_code == status
    assert client_of(users[role]).get("/audit/export.csv").status_code == status


@pytest.mark.django_db
def test_viewing_a_person_page_and_api_is_logged(users, client_of, make_person, network, areas):
    p = make_person(network, area=areas["north"])
    client = client_of(users["professional"])
    assert client.get(f"/people/{p.pk}/").status_code == 200
    assert client.get(f"/api/people/persons/{p.pk}").status_code == 200
    vias = sorted(Event.objects.filter(kind="person.viewed", subject=p).values_list("via", flat=True))
    assert vias == ["api", "ui"]


@pytest.mark.django_db
def test_audit_list_query_count(
    users, client_of, actor_of, make_person, network, django_assert_max_num_queries
):
    coord = actor_of(users["coordinator"])
    for _ in range(30):
        p = make_person(network)
        services.record(coord, kinds.PERSON_VIEWED, subject=p, obj=p)
    client = client_of(users["coordinator"])
    with django_assert_max_num_queries(12):
        assert client.get("/audit/").status_code == 200


def test_csv_cells_cannot_start_formulas():
    from zorgzaam.core.csvsafe import safe_row

    assert safe_row(["=HYPERLINK(1)", "+1", "-2", "@x", "ok", 3]) == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@x",
        "ok",
        3,
    ]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_transactional_tests_flush_past_the_trigger_and_keep_it(users, actor_of):
    services.record(actor_of(users["coordinator"]), kinds.LOGIN)
    with connection.cursor() as cur:
        cur.execute("SHOW session_replication_role")
        assert cur.fetchone()[0] == "origin"


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_trigger_is_back_after_a_transactional_test(users, actor_of):
    # Runs after the transactional test above in the same worker (same file, loadfile distribution).
    ev = services.record(actor_of(users["coordinator"]), kinds.LOGIN)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_event WHERE id = %s", [ev.pk])
