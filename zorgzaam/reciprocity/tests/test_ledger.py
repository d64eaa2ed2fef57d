import datetime as dt
import threading
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgzaam.people.actor import system_actor
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import Account, AppendOnlyError, Entry, LedgerSettings, Transaction


@pytest.fixture
def ledger(network):
    return LedgerSettings.objects.create(network=network, mode="hours", default_min=-600, default_max=2400)


@pytest.fixture
def coord(users, actor_of, ledger):
    return actor_of(users["coordinator"])


def _account(network, make_person, **limits):
    acc = services.account_for(system_actor(network), person=make_person(network))
    if limits:
        Account.objects.filter(pk=acc.pk).update(**limits)
        acc.refresh_from_db()
    return acc


def test_transfer_moves_amount_and_balances(coord, network, make_person):
    a, b = _account(network, make_person), _account(network, make_person)
    txn = services.transfer(coord, a, b, 90, "boodschappen")
    assert services.balance(a) == -90 and services.balance(b) == 90
    assert txn.on_behalf is True  # staff recorded it for others
    assert sum(e.amount for e in txn.entries.all()) == 0


def test_limits_block_and_change_nothing(coord, network, make_person):
    a = _account(network, make_person, min_balance=-60)
    b = _account(network, make_person)
    with pytest.raises(ValidationError):
        services.transfer(coord, a, b, 61)
    assert Transaction.objects.count() == 0 and Entry.objects.count() == 0
    services.transfer(coord, a, b, 60)
    assert services.balance(a) == -60


@pytest.mark.parametrize("amount", [0, -5, 1.5, "10", True])
def test_bad_amounts_change_nothing(coord, network, make_person, amount):
    a, b = _account(network, make_person), _account(network, make_person)
    with pytest.raises(ValidationError):
        services.transfer(coord, a, b, amount)
    assert Entry.objects.count() == 0


def test_unbalanced_post_rejected(coord, network, make_person):
    a, b = _account(network, make_person), _account(network, make_person)
    with pytest.raises(ValidationError), transaction.atomic():
        services.post_transaction(coord, kind="transfer", legs=[(a, -10), (b, 9)], memo="", on_behalf=True)
    assert Transaction.objects.count() == 0


def test_append_only(coord, network, make_person):
    a, b = _account(network, make_person), _account(network, make_person)
    txn = services.transfer(coord, a, b, 30, "x")
    entry = txn.entries.first()
    entry.amount = 999
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        Entry.objects.all().delete()
    txn.memo = "changed"
    with pytest.raises(AppendOnlyError):
        txn.save()
    with pytest.raises(AppendOnlyError):
        Transaction.objects.all().delete()
    assert Entry.objects.get(pk=entry.pk).amount == -30 or Entry.objects.get(pk=entry.pk).amount == 30
    assert Transaction.objects.get(pk=txn.pk).memo == "x"


def test_reversal_is_new_transaction_once(coord, network, make_person):
    a, b = _account(network, make_person), _account(network, make_person)
    txn = services.transfer(coord, a, b, 45)
    rev = services.reverse_transaction(coord, txn)
    assert rev.pk != txn.pk and rev.reverses_id == txn.pk
    assert services.balance(a) == 0 and services.balance(b) == 0
    assert Entry.objects.count() == 4
    with pytest.raises(ValidationError):
        services.reverse_transaction(coord, txn)
    with pytest.raises(ValidationError):
        services.reverse_transaction(coord, rev)


def test_pool_only_coordinator(users, actor_of, coord, network, make_person):
    target = services.account_for(system_actor(network), person=users["resident"].persons.get())
    services.give_from_pool(coord, target, 120, "winter")
    assert services.balance(target) == 120
    assert services.balance(services.pool_account(network)) == -120
    for role in ("professional", "volunteer", "resident", "policy", "partner", "outsider"):
        with pytest.raises(PermissionDenied):
            services.give_from_pool(actor_of(users[role]), target, 10)
    assert services.balance(target) == 120


def test_permissions_for_transfers(users, actor_of, ledger, network, areas, make_person):
    resident = users["resident"].persons.get()
    res_acc = services.account_for(system_actor(network), person=resident)
    helper = make_person(network, area=areas["north"])
    helper_acc = services.account_for(system_actor(network), person=helper)
    south = services.account_for(system_actor(network), person=make_person(network, area=areas["south"]))
    # the helped person records their own transfer: not on behalf
    txn = services.transfer(actor_of(users["resident"]), res_acc, helper_acc, 30)
    assert txn.on_behalf is False
    # the professional of the north area records for two northern residents
    assert services.transfer(actor_of(users["professional"]), res_acc, helper_acc, 15).on_behalf
    for role in ("volunteer", "partner", "policy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.transfer(actor_of(users[role]), res_acc, helper_acc, 5)
    with pytest.raises(PermissionDenied):
        services.transfer(actor_of(users["professional"]), south, helper_acc, 5)
    with pytest.raises(PermissionDenied):  # a resident cannot move money between strangers
        services.transfer(actor_of(users["resident"]), south, helper_acc, 5)
    assert services.balance(helper_acc) == 45


def test_helper_recording_notifies_payer(users, actor_of, ledger, network, make_person):
    """The helper cannot debit the helped person directly: a claim is made and the payer is told."""
    from zorgzaam.notifications.models import Notification

    helper_user = users["volunteer"]
    payer = services.account_for(system_actor(network), person=users["resident"].persons.get())
    payee = services.account_for(system_actor(network), person=helper_user.persons.get())
    with pytest.raises(PermissionDenied):
        services.transfer(actor_of(helper_user), payer, payee, 60)
    claim = services.claim_transfer(actor_of(helper_user), payer, payee, 60)
    assert claim.state == "pending" and Entry.objects.count() == 0
    assert services.balance(payer) == 0 and services.balance(payee) == 0
    assert Notification.objects.filter(recipient=users["resident"], kind="reciprocity.claim").count() == 1


def test_off_means_no_transfers(users, actor_of, network, make_person):
    a, b = _account(network, make_person), _account(network, make_person)
    with pytest.raises(PermissionDenied):
        services.transfer(actor_of(users["coordinator"]), a, b, 10)


def test_visibility_no_public_balances(users, actor_of, ledger, network, areas, make_person):
    mine = services.account_for(system_actor(network), person=users["resident"].persons.get())
    other = _account(network, make_person)
    assert services.can_view_account(actor_of(users["resident"]), mine)
    assert not services.can_view_account(actor_of(users["resident"]), other)
    assert services.can_view_account(actor_of(users["coordinator"]), other)
    for role in ("volunteer", "partner", "policy", "outsider"):
        assert not services.can_view_account(actor_of(users[role]), mine)
        assert mine not in services.visible_accounts(actor_of(users[role]))


def test_aggregates_suppress_small_groups(users, actor_of, coord, network, make_person):
    from zorgzaam.people.models import Consent

    accs = [_account(network, make_person) for _ in range(6)]
    for acc in accs:
        Consent.objects.create(person=acc.person, purpose="statistics", granted=True, channel="paper")
    services.transfer(coord, accs[0], accs[1], 30)
    policy = actor_of(users["policy"])
    rows = services.monthly_aggregates(policy)
    assert rows and rows[0]["suppressed"] and rows[0]["amount"] is None
    for i in range(1, 5):
        services.transfer(coord, accs[0], accs[i + 1], 10)
    rows = services.monthly_aggregates(policy)
    assert not rows[0]["suppressed"] and rows[0]["people"] == 5 and rows[0]["amount"] == 70


def test_aggregates_list_empty_months_as_hidden(users, actor_of, client_of, coord, network, make_person):
    """A month without transfers between two with transfers is listed and hidden: its absence would
    tell a zero apart from a small month."""
    from zorgzaam.people.models import Consent

    accs = [_account(network, make_person) for _ in range(6)]
    for acc in accs:
        Consent.objects.create(person=acc.person, purpose="statistics", granted=True, channel="paper")
    earlier = timezone.now() - dt.timedelta(days=70)
    with mock.patch("django.utils.timezone.now", return_value=earlier):  # the ledger is append-only
        for i in range(1, 6):
            services.transfer(coord, accs[0], accs[i], 10)
    services.transfer(coord, accs[0], accs[1], 10)
    rows = services.monthly_aggregates(actor_of(users["policy"]))
    assert len(rows) >= 3
    assert not rows[0]["suppressed"] and rows[0]["people"] == 5
    assert all(r["suppressed"] and r["amount"] is None and r["people"] is None for r in rows[1:])
    html = client_of(users["policy"]).get(reverse("reciprocity:figures")).content.decode()
    assert html.count("×") >= 3 * (len(rows) - 1) and "Too few" not in html
    for role in ("volunteer", "resident", "partner", "outsider"):
        with pytest.raises(PermissionDenied):
            services.monthly_aggregates(actor_of(users[role]))


def test_erasure_keeps_amounts_wipes_memos(users, actor_of, coord, network, make_person):
    from zorgzaam.people.services import erase_person

    a, b = _account(network, make_person), _account(network, make_person)
    txn = services.transfer(coord, a, b, 75, "tuin van mevrouw Peeters")
    erase_person(coord, a.person)
    txn = Transaction.objects.get(pk=txn.pk)
    assert txn.memo == ""
    assert services.balance(a) == -75 and services.balance(b) == 75


def test_parse_and_format():
    hours = LedgerSettings(mode="hours")
    credits = LedgerSettings(mode="credits")
    assert services.parse_amount(hours, "1:30") == 90
    assert services.parse_amount(hours, "1,5") == 90
    assert services.parse_amount(hours, "45m") == 45
    assert services.parse_amount(credits, "12.50") == 1250
    assert services.format_amount(hours, -90) == "-1:30"
    assert services.format_amount(credits, 1205) == "12.05"
    for bad in ("abc", "1:75", "0.001"):
        with pytest.raises(ValidationError):
            services.parse_amount(hours, bad)


# --- property: the books always balance --------------------------------------------------------

ops = st.lists(
    # (payer, payee, amount, action: 0 transfer, 1 gift from the pool, 2 reverse an earlier transaction)
    st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(-30, 700), st.integers(0, 2)),
    min_size=1,
    max_size=25,
)
limits = st.lists(st.tuples(st.integers(-700, 0), st.integers(0, 900)), min_size=5, max_size=5)


def _snapshot(accounts):
    return services.balances([a.pk for a in accounts]), Transaction.objects.count(), Entry.objects.count()


@pytest.mark.django_db
def test_property_books_balance(coord, network, make_person):
    people = [make_person(network) for _ in range(5)]

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(limits, ops)
    def run(lims, operations):
        with transaction.atomic():
            accounts = []
            for person, (lo, hi) in zip(people, lims, strict=True):
                acc = services.account_for(system_actor(network), person=person)
                Account.objects.filter(pk=acc.pk).update(min_balance=lo, max_balance=hi)
                acc.refresh_from_db()
                accounts.append(acc)
            pool = services.pool_account(network)
            posted = []
            for i, j, amount, action in operations:
                before = _snapshot(accounts + [pool])
                try:
                    if action == 2 and posted:
                        posted.append(services.reverse_transaction(coord, posted[(i * 5 + j) % len(posted)]))
                    elif action == 1:
                        posted.append(services.give_from_pool(coord, accounts[j], amount))
                    else:
                        posted.append(services.transfer(coord, accounts[i], accounts[j], amount))
                except ValidationError:
                    assert _snapshot(accounts + [pool]) == before
            totals = services.balances([a.pk for a in accounts + [pool]])
            assert sum(totals.values()) == 0
            assert (Entry.objects.aggregate(s=Sum("amount"))["s"] or 0) == 0
            for acc in accounts + [pool]:
                assert acc.min_balance <= totals[acc.pk] <= acc.max_balance
            for txn in Transaction.objects.prefetch_related("entries"):
                assert len(txn.entries.all()) >= 2 and sum(e.amount for e in txn.entries.all()) == 0
            transaction.set_rollback(True)

    run()


# --- concurrency -------------------------------------------------------------------------------


def test_sequential_double_spend_blocked(coord, network, make_person):
    a = _account(network, make_person, min_balance=-100)
    b, c = _account(network, make_person), _account(network, make_person)
    services.transfer(coord, a, b, 80)
    with pytest.raises(ValidationError):
        services.transfer(coord, a, c, 80)
    assert services.balance(a) == -80


def test_locks_accounts_in_stable_order(coord, network, make_person, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    a, b = _account(network, make_person), _account(network, make_person)
    with CaptureQueriesContext(connection) as ctx:
        services.transfer(coord, b, a, 10)
    locking = [
        q["sql"] for q in ctx.captured_queries if "reciprocity_account" in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert locking, "the accounts are read in one ordered (locking) query"
    with django_assert_max_num_queries(12):
        services.transfer(coord, a, b, 10)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_threaded_transfers_cannot_overdraw(users, actor_of, network, make_person):
    LedgerSettings.objects.create(network=network, mode="hours", default_min=-600, default_max=2400)
    coord = actor_of(users["coordinator"])
    a = _account(network, make_person, min_balance=-100)
    targets = [_account(network, make_person) for _ in range(4)]
    errors, ok = [], []
    barrier = threading.Barrier(len(targets))

    def worker(target):
        from django.db import connection as conn

        try:
            barrier.wait()
            services.transfer(coord, a, target, 60)
            ok.append(target.pk)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ok) == 1 and len(errors) == 3
    assert services.balance(a) == -60


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_threaded_opposite_transfers_do_not_deadlock(users, actor_of, network, make_person):
    LedgerSettings.objects.create(network=network, mode="hours", default_min=-6000, default_max=6000)
    coord = actor_of(users["coordinator"])
    a, b = _account(network, make_person), _account(network, make_person)
    rounds = 8
    barrier = threading.Barrier(2)
    failures = []

    def worker(payer, payee):
        from django.db import connection as conn

        try:
            for _ in range(rounds):
                barrier.wait()
                services.transfer(coord, payer, payee, 10)
        except Exception as exc:  # noqa: BLE001 - a deadlock error must fail the test
            failures.append(exc)
            barrier.abort()
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in ((a, b), (b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert Transaction.objects.count() == 2 * rounds
    assert services.balance(a) == 0 and services.balance(b) == 0


def test_retention_guard_keeps_open_balances(coord, network, make_person):
    import datetime as dt

    from django.utils import timezone

    a, b, idle = (
        _account(network, make_person),
        _account(network, make_person),
        _account(network, make_person),
    )
    txn = services.transfer(coord, a, b, 30)
    future = timezone.now() + dt.timedelta(days=1)
    ids = {a.person_id, b.person_id, idle.person_id}
    assert services.retention_guard(network, ids, future) == {a.person_id, b.person_id}
    services.reverse_transaction(coord, txn)
    assert services.retention_guard(network, ids, future) == set()
    assert services.retention_guard(network, ids, timezone.now() - dt.timedelta(days=1)) == {
        a.person_id,
        b.person_id,
    }
