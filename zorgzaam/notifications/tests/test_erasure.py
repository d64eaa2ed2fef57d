"""Erasing a person wipes the notices sent to them and the texts of notices that name them."""

import pytest
from django.core import mail

from zorgzaam.notifications.models import Notification
from zorgzaam.notifications.services import notify
from zorgzaam.people.services import erase_person


@pytest.mark.django_db
def test_notices_about_an_erased_person_lose_their_text(users, actor_of, make_person, network):
    coord = users["coordinator"]
    coord.preferred_language = "fr"
    coord.save()
    person = make_person(network, first_name="Griet", last_name="Vandamme")
    by_link = notify(
        coord, kind="t", title="Griet thanks you", body="for the soup", about=person, email=False
    )
    by_name = notify(coord, kind="t", title="Call back", body="Griet Vandamme · 0470", email=False)
    other = notify(coord, kind="t", title="Griet Peeters thanks you", body="", email=False)

    erase_person(actor_of(coord), person)

    for n in (by_link, by_name):
        n.refresh_from_db()
        assert "Griet" not in n.title + n.body and n.body == ""
        assert n.title == "Une notification concernant une personne dont les données ont été effacées"
        assert n.about is None
    other.refresh_from_db()
    assert other.title == "Griet Peeters thanks you"  # another Griet is left alone


@pytest.mark.django_db
def test_erased_person_gets_no_queued_mail(users, actor_of, django_capture_on_commit_callbacks, tmp_path):
    from huey.contrib.djhuey import HUEY as huey_app
    from huey.storage import SqliteStorage

    resident = users["resident"]
    huey_app.immediate = False  # the mail task waits in storage, as in production (a storage of our own)
    huey_app.storage = SqliteStorage(huey_app.name, filename=str(tmp_path / "huey.sqlite3"))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notify(resident, kind="t", title="Your request", body="about your hip")
        erase_person(actor_of(users["coordinator"]), resident.persons.get())
        assert not Notification.objects.filter(recipient=resident).exists()
        mail.outbox.clear()
        while len(huey_app):
            huey_app.execute(huey_app.dequeue())
        assert mail.outbox == []
    finally:
        huey_app.immediate = True
