import pytest

from zorgzaam.people.actor import system_actor
from zorgzaam.sectors import services
from zorgzaam.sectors.testing import grid_boxes, write_layer


@pytest.fixture(autouse=True)
def own_upload_folder(settings, tmp_path):
    """Each test its own upload folder: tests running alongside (other workers) store uploads too, and
    several tests check that a refused file left nothing behind."""
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def layer_file(tmp_path):
    """A 4x3 grid of 500 m sectors in Lambert-72, as GeoJSON."""
    codes = [f"41999A{i:02d}-" for i in range(12)]
    return write_layer(tmp_path / "sectors", grid_boxes(4, 3), codes), codes


@pytest.fixture
def catalogue(db):
    """The seed catalogue (a data migration; transactional tests elsewhere may have flushed it)."""
    from zorgzaam.sectors.catalogue import seed
    from zorgzaam.sectors.models import Indicator

    seed(Indicator)


@pytest.fixture
def sector_set(db, layer_file, catalogue):
    path, _codes = layer_file
    return services.import_sector_file(system_actor(), path, reference_year=2024)


@pytest.fixture
def admin(network, make_user):
    """The platform administrator: a Django superuser (here also coordinator of `network`)."""
    user = make_user(network, "coordinator", username="admin")
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture(autouse=True)
def _english_messages():
    # Service messages are checked in their English source form (nl is the default language).
    from django.utils import translation

    with translation.override("en"):
        yield
