import pytest

from zorgzaam.care.themes import ensure_themes


@pytest.fixture
def themes(db):
    return ensure_themes()


@pytest.fixture
def coach(network, areas, make_user):
    """A second professional, for the south area."""
    return make_user(network, "professional", area=areas["south"], username="coachsouth")


@pytest.fixture
def resident_person(users):
    return users["resident"].persons.get()


@pytest.fixture
def helper(users):
    return users["volunteer"].persons.get()


@pytest.fixture(autouse=True)
def fresh_helper_indexes():
    """The live helper index is per process: a test must not see another test's network state."""
    from zorgzaam.care.helper_index import INDEXES

    INDEXES.forget()
    yield
    INDEXES.forget()
