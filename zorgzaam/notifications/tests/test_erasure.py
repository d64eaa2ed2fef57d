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
    params = {"kind": "insurance", "date": "2026-12-31", "person": person.pk, "name": person.full_name}
    by_link = notify(coord, kind="volunteers.safeguarding_staff", params=params, about=person, email=False)
    # Rows stored before notifications had kinds keep their text; names in it are searched for.
    legacy = {"recipient": coord, "network": network, "kind": "t"}
    by_name = Notification.objects.create(**legacy, title="Call back", body="Griet Vandamme · 0470")
    other = Notification.objects.create(**legacy, title="Griet Peeters thanks you")

    erase_person(actor_of(coord), person)

    erased = "Une notification concernant une personne dont les données ont été effacées"
    by_link.refresh_from_db()
    assert by_link.params == {"person": person.pk}  # only what the link needs
    assert by_link.rendered("fr").title == erased
    assert by_link.rendered("fr").url == f"/volunteers/{person.pk}/"  # the link stays
    by_name.refresh_from_db()
    assert (by_name.title, by_name.body) == (erased, "")
    for n in (by_link, by_name):
        assert "Griet" not in str(n.rendered()) and n.about is None
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
            notify(resident, kind="volunteers.thanks", params={"name": "Jan", "message": "about your hip"})
        erase_person(actor_of(users["coordinator"]), resident.persons.get())
        assert not Notification.objects.filter(recipient=resident).exists()
        mail.outbox.clear()
        while len(huey_app):
            huey_app.execute(huey_app.dequeue())
        assert mail.outbox == []
    finally:
        huey_app.immediate = True
