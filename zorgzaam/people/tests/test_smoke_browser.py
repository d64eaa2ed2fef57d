import pytest

from zorgzaam.core.testing import login, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_and_open_person(page, live_server, users, make_person, areas, network):
    person = make_person(network, first_name="Godelieve", last_name="Maes", area=areas["north"])
    login(page, live_server.url, "prof")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    assert page.locator("h1").inner_text() == "Godelieve Maes"
    assert serious_axe_violations(page) == []
