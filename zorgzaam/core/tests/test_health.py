"""/healthz for load balancers and the compose health checks (zorgzaam/core/health.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import router

from zorgzaam.core import dbrouter, health


@pytest.mark.django_db
def test_healthz_answers_anonymously_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken():
        raise OSError("database down")

    monkeypatch.setattr(health, "_checks", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database" not in response.content


def test_probe_refuses_other_schemes():
    assert health.main(["file:///etc/passwd"]) == 2
    assert health.main(["http://127.0.0.1:1/healthz"]) == 1  # nothing listens there


@pytest.mark.skipif(
    dbrouter.REPLICA in settings.DATABASES, reason="a replica is configured (test_replica.py)"
)
def test_without_a_replica_the_router_leaves_everything_to_django():
    assert not dbrouter.replica_configured()
    with dbrouter.reporting_reads():
        assert dbrouter.ReportingRouter().db_for_read(None) is None
        assert router.db_for_read(None) == "default"
    assert dbrouter.ReportingRouter().db_for_write(None) is None


def test_reporting_reads_as_decorator_and_block_restore_the_flag():
    @dbrouter.reporting_reads
    def report():
        return dbrouter._reporting.get()

    assert report() is True
    assert dbrouter._reporting.get() is False
    with dbrouter.reporting_reads():
        with dbrouter.reporting_reads():
            pass
        assert dbrouter._reporting.get() is True
    assert dbrouter._reporting.get() is False
