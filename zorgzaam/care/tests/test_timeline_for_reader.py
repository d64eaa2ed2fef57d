"""A request's history is stored as step kinds plus parameters and read in the reader's language; the
audit page renders each event's label and sentence for the reader too (issue 10 item 6)."""

import pytest
from django.utils import translation

from zorgzaam.care import services
from zorgzaam.care.models import TimelineEntry


@pytest.mark.django_db
def test_history_written_in_dutch_reads_in_french(users, actor_of, resident_person, themes, client_of):
    coord = actor_of(users["coordinator"])
    pro = users["professional"].persons.get()
    with translation.override("nl"):  # the coordinator works in Dutch
        req = services.create_request(coord, person=resident_person, description="Boodschappen")
        services.triage(coord, req, owner=pro)
        services.set_owner(coord, req, pro, note="Graag bellen")
    steps = list(TimelineEntry.objects.filter(request=req).values_list("kind", "params", "text"))
    assert steps == [
        ("care.created", {"origin": "desk"}, ""),
        ("care.assessed", {}, ""),
        ("care.handed_over", {"name": pro.full_name, "person": pro.pk}, ""),
    ]
    page = client_of(users["coordinator"]).get(f"/care/requests/{req.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert "Évalué" in html and f"Confiée à {pro.full_name}" in html
    assert "Beoordeeld" not in html and "Overgedragen" not in html
    api = client_of(users["coordinator"]).get(
        f"/api/care/requests/{req.pk}/timeline", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert [s["text"] for s in api.json()][1:] == ["Assessed", f"Handed over to {pro.full_name}"]
    assert api.json()[1]["kind"] == "care.assessed"


@pytest.mark.django_db
def test_erasing_a_person_named_in_a_step_wipes_the_name(users, actor_of, resident_person, themes):
    from zorgzaam.people.services import erase_person

    coord = actor_of(users["coordinator"])
    pro = users["professional"].persons.get()
    req = services.create_request(coord, person=resident_person, description="Boodschappen")
    services.set_owner(coord, req, pro)
    erase_person(coord, pro)
    entry = TimelineEntry.objects.get(request=req, kind="care.handed_over")
    assert entry.params == {} and pro.full_name not in entry.display_text()
    with translation.override("en"):
        assert entry.display_text() == "Step recorded (its text was removed)"


@pytest.mark.django_db
def test_legacy_step_shows_its_stored_text(users, actor_of, resident_person, themes):
    req = services.create_request(
        actor_of(users["coordinator"]), person=resident_person, description="Boodschappen"
    )
    old = TimelineEntry.objects.create(request=req, what="note", text="Notitie")
    assert old.display_text() == "Notitie"


@pytest.mark.django_db
def test_audit_page_renders_label_and_sentence_for_the_reader(users, actor_of, client_of):
    from zorgzaam.people.services import grant_role

    grant_role(actor_of(users["coordinator"]), users["resident"].persons.get(), "volunteer")
    html = (
        client_of(users["coordinator"])
        .get("/audit/?kind=role.granted", HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "Rôle attribué" in html and "Rôle : Bénévole" in html


@pytest.mark.django_db
def test_audit_api_gives_label_and_sentence_in_the_readers_language(users, actor_of, client_of):
    from zorgzaam.people.services import grant_role

    grant_role(actor_of(users["coordinator"]), users["resident"].persons.get(), "volunteer")
    data = (
        client_of(users["coordinator"])
        .get("/api/audit/events?kind=role.granted", HTTP_ACCEPT_LANGUAGE="fr")
        .json()
    )
    (event,) = data["items"]
    assert (event["kind"], event["label"], event["sentence"]) == (
        "role.granted",
        "Rôle attribué",
        "Rôle : Bénévole",
    )
    assert event["data"] == {"role": "volunteer"}  # codes are stored, words are rendered
