"""POST /api/care/batch under an Idempotency-Key: a retry after a crash or a lost answer returns the
same result and never doubles a match; GET /api/care/batch/{key} tells how it went."""

import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from zorgzaam.care import batches, services
from zorgzaam.care.models import BatchRun, Match
from zorgzaam.people.models import RoleAssignment

API = "/api/care"


class Killed(BaseException):
    """The process dies: no handler runs, the open transaction is lost."""


def _setup(users, actor_of, network, areas, make_person, n=3):
    coord = actor_of(users["coordinator"])
    reqs, helpers = [], []
    for i in range(n):
        person = make_person(network, area=areas["north"])
        req = services.create_request(coord, person=person, description="Boodschappen")
        reqs.append(services.triage(coord, req))
        helper = make_person(network, area=areas["north"], first_name=f"Helper{i}")
        RoleAssignment.objects.create(person=helper, role="volunteer")
        helpers.append(helper)
    return {"pairs": [[r.pk, h.pk] for r, h in zip(reqs, helpers, strict=True)], "reqs": reqs}


@pytest.fixture
def setup(db, users, actor_of, network, areas, make_person, themes):
    return _setup(users, actor_of, network, areas, make_person)


def _post(c, pairs, key):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return c.post(f"{API}/batch", {"pairs": pairs}, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_retry_returns_the_same_result_without_duplicates(setup, users, client_of):
    c = client_of(users["coordinator"])
    key = str(uuid.uuid4())
    first = _post(c, setup["pairs"], key)
    assert first.status_code == 200
    assert len(first.json()["created"]) == 3 and first.json()["problems"] == []
    again = _post(c, setup["pairs"], key)
    assert again.status_code == 200 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert Match.objects.count() == 3
    status = c.get(f"{API}/batch/{key}").json()
    assert status["state"] == "done" and status["result"] == first.json()


@pytest.mark.django_db
def test_crash_midway_then_retry(setup, users, client_of, monkeypatch):
    c = client_of(users["coordinator"])
    key = "retry-after-crash-1"
    real = services.propose_match
    done = []

    def propose(*args, **kwargs):
        if len(done) == 2:
            raise Killed  # dies after two of three pairs
        done.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "propose_match", propose)
    with pytest.raises(Killed):
        _post(c, setup["pairs"], key)
    monkeypatch.undo()
    # The two finished pairs went down with the run: nothing half-done for the client to guess about.
    assert Match.objects.count() == 0
    status = c.get(f"{API}/batch/{key}").json()
    assert status["state"] == "pending" and status["result"] is None
    retry = _post(c, setup["pairs"], key)
    assert retry.status_code == 200 and len(retry.json()["created"]) == 3
    assert Match.objects.count() == 3
    assert _post(c, setup["pairs"], key).json() == retry.json()
    assert Match.objects.count() == 3


@pytest.mark.django_db
def test_unexpected_error_marks_the_run_failed_and_a_retry_runs_it(setup, users, client_of, monkeypatch):
    c = client_of(users["coordinator"])
    key = "fails-once"

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "propose_match", boom)
    c.raise_request_exception = False
    assert _post(c, setup["pairs"], key).status_code == 500
    monkeypatch.undo()
    status = c.get(f"{API}/batch/{key}").json()
    assert status["state"] == "failed" and status["result"] is None and Match.objects.count() == 0
    retry = _post(c, setup["pairs"], key)
    assert retry.status_code == 200 and len(retry.json()["created"]) == 3
    assert c.get(f"{API}/batch/{key}").json()["state"] == "done"


@pytest.mark.django_db
def test_same_key_other_body_is_refused(setup, users, client_of):
    c = client_of(users["coordinator"])
    key = "same-key-other-body"
    first = _post(c, setup["pairs"][:1], key)
    assert first.status_code == 200 and Match.objects.count() == 1
    other = _post(c, setup["pairs"], key)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Match.objects.count() == 1
    assert c.get(f"{API}/batch/{key}").json()["result"] == first.json()


@pytest.mark.django_db
@pytest.mark.parametrize("key", [None, "", "a" * 101, "with space", "slash/key", "é"])
def test_missing_or_bad_key_is_refused(setup, users, client_of, key):
    c = client_of(users["coordinator"])
    resp = _post(c, setup["pairs"], key)
    assert resp.status_code == 422 and resp.json()["errors"]
    assert Match.objects.count() == 0 and BatchRun.objects.count() == 0


@pytest.mark.django_db
def test_keys_belong_to_their_sender(setup, users, client_of, make_user, network):
    key = "mine-only"
    assert _post(client_of(users["coordinator"]), setup["pairs"], key).status_code == 200
    # Another coordinator, the same key: their own, separate run (nothing of the first leaks).
    other = client_of(make_user(network, "coordinator", username="coord2"))
    assert other.get(f"{API}/batch/{key}").status_code == 404
    resp = _post(other, setup["pairs"], key)
    assert resp.status_code == 200 and resp.json()["created"] == [] and len(resp.json()["problems"]) == 3
    assert Match.objects.count() == 3
    for role in ("volunteer", "resident"):
        c = client_of(users[role])
        assert _post(c, setup["pairs"], "not-for-you").status_code == 403
        assert c.get(f"{API}/batch/{key}").status_code == 403
    # Staff of another network: their own run, about requests they cannot see (nothing made).
    outsider = client_of(users["outsider"])
    assert outsider.get(f"{API}/batch/{key}").status_code == 404
    resp = _post(outsider, setup["pairs"], key)
    assert resp.json()["created"] == [] and Match.objects.count() == 3
    assert client_of(users["coordinator"]).get(f"{API}/batch/unknown-key").status_code == 404
    assert BatchRun.objects.count() == 3


@pytest.mark.django_db
def test_the_key_is_documented(client_of, users):
    spec = client_of(users["coordinator"]).get("/api/openapi.json").json()
    post = spec["paths"][f"{API}/batch"]["post"]
    header = next(p for p in post["parameters"] if p["in"] == "header")
    assert header["name"] == "Idempotency-Key" and header["required"] is True
    assert "retry" in header["description"].lower()
    assert f"{API}/batch/{{key}}" in spec["paths"]


@pytest.mark.django_db
def test_batch_page_sends_a_key_so_a_double_submit_does_nothing_twice(setup, users, client_of):
    c = client_of(users["coordinator"])
    page = c.get(reverse("care:batch") + f"?area={setup['reqs'][0].area_id}").content.decode()
    assert 'name="idempotency_key"' in page
    form = {"pair": [f"{r}:{h}" for r, h in setup["pairs"]], "area": setup["reqs"][0].area_id}
    form["idempotency_key"] = "page-key-123"
    c.post(reverse("care:batch"), form)
    second = c.post(reverse("care:batch"), form, follow=True)
    assert Match.objects.count() == 3
    # The second submit is the first one's answer again, not three "already has a helper" errors.
    assert "already has a helper" not in second.content.decode()


@pytest.mark.django_db
def test_old_runs_are_pruned(setup, users, actor_of):
    import datetime as dt

    from django.utils import timezone

    coord = actor_of(users["coordinator"])
    run, _replayed = batches.accept_batch_once(coord, "old-one", [tuple(p) for p in setup["pairs"]])
    BatchRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    batches.accept_batch_once(coord, "new-one", [])
    assert batches.prune_runs() == 1
    assert list(BatchRun.objects.values_list("key", flat=True)) == ["new-one"]


def _audit_guard(action: str) -> None:
    """Switch the audit log's TRUNCATE guard, when this connection owns the table (where the
    application connects as a role that does not, the test flush itself takes care of it)."""
    with connection.cursor() as cur:
        cur.execute("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'audit_event'")
        row = cur.fetchone()
        if row and row[0]:
            cur.execute(f"ALTER TABLE audit_event {action} TRIGGER audit_event_no_truncate")


@pytest.fixture(scope="module")
def _restore_audit_trigger(django_db_blocker):
    """Runs after the flush of the transactional test: switch the guard back on."""
    yield
    with django_db_blocker.unblock():
        _audit_guard("ENABLE")


@pytest.fixture
def _allow_flush(_restore_audit_trigger, transactional_db):
    """The audit log refuses TRUNCATE; a transactional test ends with a flush, so lift that guard."""
    yield
    _audit_guard("DISABLE")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_get_one_result(
    _allow_flush, users, actor_of, network, areas, make_person, client_of
):
    from zorgzaam.care.themes import ensure_themes

    ensure_themes()
    data = _setup(users, actor_of, network, areas, make_person, n=4)
    key = str(uuid.uuid4())
    barrier = threading.Barrier(3)
    answers: list = []

    def send():
        c = client_of(users["coordinator"])
        try:
            barrier.wait()
            r = _post(c, data["pairs"], key)
            answers.append((r.status_code, r.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 3 and {code for code, _j in answers} == {200}
    assert answers[0][1] == answers[1][1] == answers[2][1]
    assert len(answers[0][1]["created"]) == 4 and answers[0][1]["problems"] == []
    assert Match.objects.count() == 4 and BatchRun.objects.count() == 1
