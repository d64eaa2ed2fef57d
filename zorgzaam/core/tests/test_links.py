"""Absolute links in e-mails and on printed material use the configured public address."""

import pytest
from django.core import mail

from zorgzaam.core.links import absolute_url

BASE = "https://zorgzaam.example.be"


@pytest.mark.parametrize("base", [BASE, BASE + "/"])
@pytest.mark.parametrize("path", ["/people/3/", "people/3/"])
def test_absolute_url_joins_base_and_path_once(settings, base, path):
    settings.ZORGZAAM_BASE_URL = base
    assert absolute_url(path) == f"{BASE}/people/3/"


def test_absolute_url_keeps_a_full_address(settings):
    settings.ZORGZAAM_BASE_URL = BASE
    assert absolute_url("https://www.vlaanderen.be/x") == "https://www.vlaanderen.be/x"


def test_notification_email_links_to_the_configured_site(
    settings, users, network, django_capture_on_commit_callbacks
):
    from zorgzaam.notifications.services import notify

    settings.ZORGZAAM_BASE_URL = BASE + "/"
    with django_capture_on_commit_callbacks(execute=True):
        notify(users["coordinator"], kind="care.request_new", params={"request": 7}, network=network)
    (message,) = mail.outbox
    link = message.body.strip().splitlines()[-1]
    assert link == f"{BASE}/care/requests/7/"
    assert "127.0.0.1" not in message.body


def test_survey_link_for_residents_uses_the_configured_site(settings, users, actor_of, client_of):
    from zorgzaam.analysis import services

    settings.ZORGZAAM_BASE_URL = BASE
    coord = actor_of(users["coordinator"])
    survey = services.create_survey(coord, title="Buurtbevraging")
    services.add_question(coord, survey, kind="open", text="Wat mist u?")
    services.set_survey_status(coord, survey, "open")
    page = client_of(users["coordinator"]).get(f"/analysis/surveys/{survey.pk}/").content.decode()
    assert f"{BASE}/analysis/s/{survey.key}/" in page
    assert "http://testserver" not in page
