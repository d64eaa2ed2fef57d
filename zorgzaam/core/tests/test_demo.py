import pytest
from django.contrib.auth import get_user_model

from zorgzaam.core.demo import DEMO_SLUG, run_demo
from zorgzaam.networks.models import Area, Network
from zorgzaam.people.models import Consent, Person, Role, RoleAssignment


@pytest.mark.django_db
def test_demo_is_realistic_and_idempotent():
    run_demo()
    network = Network.objects.get(slug=DEMO_SLUG)
    counts = (Person.objects.count(), Consent.objects.count(), Area.objects.count())
    assert Area.objects.filter(network=network).count() >= 4
    assert Person.objects.filter(network=network, user__isnull=True).count() >= 300
    for role in Role.values:
        assert RoleAssignment.objects.filter(person__network=network, role=role).exists(), role
    assert Consent.objects.filter(granted=True).exists() and Consent.objects.filter(granted=False).exists()
    assert get_user_model().objects.filter(username="coordinator").exists()
    from zorgzaam.reference.models import Framework, Project

    assert Project.objects.count() == 35 and Framework.objects.filter(key="vvsg_functions").exists()
    run_demo()
    assert (Person.objects.count(), Consent.objects.count(), Area.objects.count()) == counts


def test_reference_data_is_the_shared_design_data():
    """The package ships a copy of shared/design/*.json; it must not drift from the source."""
    from pathlib import Path

    from zorgzaam.reference.services import DATA_DIR

    shared = Path(__file__).resolve().parents[3].parent / "shared" / "design"
    if not shared.exists():
        pytest.skip("shared/ not beside this checkout")
    for name in ("frameworks.json", "projects.json"):
        assert (DATA_DIR / name).read_bytes() == (shared / name).read_bytes(), name


@pytest.mark.django_db
def test_create_network_command():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("create_network", "Zorgzaam Gent", "gent", coordinator="nobody")
    assert not Network.objects.filter(slug="gent").exists()
    get_user_model().objects.create_user("admin", password="x" * 12)
    call_command("create_network", "Zorgzaam Gent", "gent", coordinator="admin")
    call_command("create_network", "Zorgzaam Gent", "gent", coordinator="admin")
    assert RoleAssignment.objects.filter(person__network__slug="gent", role="coordinator").count() == 1


def test_vendored_static_files_are_found():
    from django.contrib.staticfiles import finders

    for path in (
        "vendor/htmx/htmx.min.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/chartjs/chart.umd.min.js",
        "zorgzaam/zorgzaam.css",
        "zorgzaam/zorgzaam.js",
    ):
        assert finders.find(path), path


@pytest.mark.django_db
def test_demo_has_a_platform_administrator_without_network_role():
    run_demo()
    admin = get_user_model().objects.get(username="beheerder")
    assert admin.is_superuser and not Person.objects.filter(user=admin).exists()
