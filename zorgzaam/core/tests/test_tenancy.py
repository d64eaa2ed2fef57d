"""Every table reaches its network through a declared path, or is declared shared (zorgzaam/core/
tenancy.py; docs/scaling.md, "The path to Citus"). A new model without a declaration fails here."""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.conf import settings

from zorgzaam.core import tenancy

LABELS = {app.rsplit(".", 1)[-1] for app in settings.ZORGZAAM_APPS}
MODELS = sorted(
    (m for m in apps.get_models() if m._meta.app_label in LABELS and not m._meta.proxy),
    key=lambda m: m._meta.label,
)
NETWORK = apps.get_model("networks", "Network")
# No database involved: once, in the SQLite pass, is enough (CI time).
pytestmark = pytest.mark.skipif(
    os.environ.get("ZORGZAAM_TEST_POSTGRES") == "1", reason="no database involved: runs in the SQLite pass"
)


def _walk(model, path: str):
    """The fields along `path`, following foreign keys and one-to-one fields forward only."""
    fields = []
    for name in path.split("__"):
        field = model._meta.get_field(name)
        assert field.concrete and (field.many_to_one or field.one_to_one), f"{model._meta.label}.{name}"
        fields.append(field)
        model = field.related_model
    return fields, model


def test_every_model_is_declared_exactly_once():
    groups = (tenancy.TENANT_PATHS, tenancy.REFERENCE_TABLES, tenancy.PLATFORM_TABLES)
    undeclared = [m._meta.label for m in MODELS if sum(m._meta.label in g for g in groups) != 1]
    assert not undeclared, (
        f"Declare these models in zorgzaam/core/tenancy.py (a path to the network, or a reference or "
        f"platform table), once: {undeclared}"
    )


def test_no_declaration_of_a_model_that_is_gone():
    known = {m._meta.label for m in MODELS}
    declared = {*tenancy.TENANT_PATHS, *tenancy.REFERENCE_TABLES, *tenancy.PLATFORM_TABLES}
    # Only apps of this checkout: an app that is not installed here has nothing to check.
    stale = sorted(label for label in declared if label.split(".")[0] in LABELS and label not in known)
    assert not stale, stale


@pytest.mark.parametrize("label", sorted(tenancy.TENANT_PATHS))
def test_tenant_path_reaches_the_network(label):
    if label.split(".")[0] not in LABELS:
        pytest.skip("app not installed")
    model = apps.get_model(label)
    fields, end = _walk(model, tenancy.TENANT_PATHS[label])
    assert end is NETWORK, f"{label}: {tenancy.TENANT_PATHS[label]} ends at {end._meta.label}"
    nullable = any(f.null for f in fields)
    # A row either always reaches a network, or the table says its rows may be shared.
    assert nullable == (label in tenancy.NULLABLE_NETWORK), label
    # The path is a real query (what a per-network filter or a Citus backfill of network_id runs).
    str(model.objects.filter(**{tenancy.TENANT_PATHS[label]: 1}).query)


def test_reference_and_platform_tables_hold_no_network_data():
    """A shared table with a foreign key to a tenant table would need that tenant's shard."""
    tenant_models = {apps.get_model(label) for label in tenancy.TENANT_PATHS if label.split(".")[0] in LABELS}
    for label in [*tenancy.REFERENCE_TABLES, *tenancy.PLATFORM_TABLES]:
        if label.split(".")[0] not in LABELS:
            continue
        model = apps.get_model(label)
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and (field.many_to_one or field.one_to_one):
                assert field.related_model not in tenant_models, f"{label}.{field.name}"
