"""Notifications are stored as a registered kind plus parameters and rendered for the reader: in the
recipient's language (not the sender's), with links from reverse() (issue 10 item 6, check 4)."""

import re

import pytest
from django.core import mail
from django.utils import translation

from zorgzaam.care import services as care
from zorgzaam.core.texts import NOTIFICATIONS
from zorgzaam.notifications.models import Notification
from zorgzaam.notifications.services import deliver_email, notify


@pytest.fixture
def french_professional(users):
    prof = users["professional"]
    prof.preferred_language = "fr"
    prof.save(update_fields=["preferred_language"])
    return prof


@pytest.mark.django_db
def test_request_handed_to_a_french_speaking_professional(
    users, actor_of, make_person, network, areas, french_professional, client_of
):
    resident = make_person(network, area=areas["north"])
    with translation.override("nl"):  # the coordinator works in Dutch
        req = care.create_request(
            actor_of(users["coordinator"]),
            person=resident,
            description="Boodschappen",
            owner=french_professional.persons.get(),
        )
    n = Notification.objects.get(recipient=french_professional, kind="care.request_assigned")
    assert n.params == {"request": req.pk}
    assert (n.title, n.body, n.url) == ("", "", "")  # no text stored: it is rendered for the reader
    assert n.rendered("fr").title == "Une demande vous a été confiée"
    assert n.rendered("fr").url == f"/care/requests/{req.pk}/"

    page = client_of(french_professional).get("/notifications/", HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert "Une demande vous a été confiée" in html and f'href="/care/requests/{req.pk}/"' in html
    assert "Er werd een hulpvraag aan jou doorgegeven" not in html

    mail.outbox.clear()
    Notification.objects.filter(pk=n.pk).update(emailed_at=None)
    with translation.override("nl"):  # the e-mail task may run in any language: the reader's wins
        assert deliver_email(n.pk)
    (message,) = mail.outbox
    assert message.subject == "Une demande vous a été confiée"
    assert message.body.endswith(f"/care/requests/{req.pk}/")


@pytest.mark.django_db
def test_reader_without_a_choice_reads_the_default_language(users):
    n = notify(users["volunteer"], kind="care.match_proposed", email=False)
    mail.outbox.clear()
    with translation.override("en"):
        assert n.rendered().title == "Someone could use your help"  # on a page: the page's language
        assert deliver_email(n.pk)
    (message,) = mail.outbox
    assert message.subject == "Iemand kan je hulp gebruiken"  # by mail: theirs, else the default (nl)
    assert message.body.endswith("/care/tasks/")


@pytest.mark.django_db
def test_unregistered_kind_is_refused(users):
    with pytest.raises(ValueError, match="Unregistered notification kind"):
        notify(users["coordinator"], kind="care.no_such_kind", params={})
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_legacy_row_shows_its_stored_text(users, client_of):
    """Rows written before kinds were registered keep their stored title, text and link."""
    Notification.objects.create(
        recipient=users["coordinator"], kind="care.request_new", title="Nieuwe vraag", url="/care/requests/9/"
    )
    html = client_of(users["coordinator"]).get("/notifications/").content.decode()
    assert 'href="/care/requests/9/"' in html and "Nieuwe vraag" in html


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_list_page_query_count(users, client_of, django_assert_num_queries, rows):
    for i in range(rows):
        notify(users["coordinator"], kind="care.reminder", params={"days": 7, "id": i + 1}, email=False)
    client = client_of(users["coordinator"])
    client.get("/notifications/")  # warm the session and caches
    with django_assert_num_queries(QUERIES):
        html = client.get("/notifications/").content.decode()
    assert len(re.findall(r'href="/care/requests/\d+/"', html)) == rows


QUERIES = 9


def test_every_kind_is_declared_for_the_reader():
    """Each kind names the parameters its texts use and links to a URL that resolves."""
    assert len(NOTIFICATIONS.kinds) >= 25
    for code, kind in NOTIFICATIONS.kinds.items():
        missing = (kind.placeholders() | set(kind.url_args)) - set(kind.sample)
        assert not missing, f"{code}: sample lacks {missing}"


@pytest.mark.django_db
def test_switching_language_makes_it_the_language_of_later_mail(users, client_of):
    """The reader's language for e-mails is their latest choice in the language switch."""
    volunteer = users["volunteer"]
    client = client_of(volunteer)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    volunteer.refresh_from_db()
    assert volunteer.preferred_language == "fr"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a language of the site
    volunteer.refresh_from_db()
    assert volunteer.preferred_language == "fr"
    n = notify(volunteer, kind="care.match_proposed", email=False)
    mail.outbox.clear()
    assert deliver_email(n.pk)
    assert mail.outbox[0].subject == "Quelqu'un aurait besoin de votre aide"


@pytest.mark.django_db
def test_login_opens_the_site_in_the_users_language(users, client):
    from django.conf import settings

    coord = users["coordinator"]
    coord.preferred_language = "fr"
    coord.save(update_fields=["preferred_language"])
    response = client.post("/accounts/login/", {"username": "coord", "password": "correct horse battery"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_missing_or_unknown_parameters_never_break_the_page():
    without_link = NOTIFICATIONS.render("care.signal", {"urgency": "high"}, "en")
    assert (without_link.title, without_link.url) == ("New signal (Soon)", "")
    unknown_code = NOTIFICATIONS.render("care.signal", {"signal": 3, "urgency": "bogus"}, "en")
    assert unknown_code.title == "A notice about a person whose data has been erased"
    assert unknown_code.url == "/care/signals/3/"
