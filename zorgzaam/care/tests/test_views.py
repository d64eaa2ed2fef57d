import pytest
from django.urls import reverse

from zorgzaam.care import services
from zorgzaam.care.models import Match, Referral, Request, Signal
from zorgzaam.people.models import Consent
from zorgzaam.socialmap.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(users, actor_of, resident_person, helper, organisation, themes):
    coord = actor_of(users["coordinator"])
    resident_person.street, resident_person.house_number, resident_person.phone = (
        "Geheimstraat",
        "7",
        "0470 11 22 33",
    )
    resident_person.last_name = "Achternaamsen"
    resident_person.save()
    sig = services.record_signal(
        coord, person=resident_person, description="Geheime zorgtekst", themes=["health"]
    )
    req = services.request_from_signal(coord, sig, owner=users["professional"].persons.get())
    services.triage(coord, req)
    services.add_note(coord, req, "Interne notitie over de familie")
    match = services.propose_match(coord, req, helper)
    service = Service.objects.create(organisation=organisation, name="Thuishulp")
    Consent.objects.create(
        person=resident_person, purpose="share", organisation=organisation, granted=True, channel="paper"
    )
    ref = services.create_referral(coord, req, service=service, message="Graag thuishulp")
    return {"sig": sig, "req": req, "match": match, "ref": ref, "service": service}


PAGES_STAFF = [
    "care:signals",
    "care:requests",
    "care:signal_create",
    "care:request_create",
    "care:batch",
    "care:print",
]


def test_staff_pages_render(client_of, users, setup, django_assert_max_num_queries):
    c = client_of(users["coordinator"])
    for name in PAGES_STAFF + ["care:policy"]:
        assert c.get(reverse(name)).status_code == 200, name
    for url in (
        reverse("care:signal_detail", args=[setup["sig"].pk]),
        reverse("care:request_detail", args=[setup["req"].pk]),
        reverse("care:signal_to_request", args=[setup["sig"].pk]),
        reverse("care:referral_create", args=[setup["req"].pk]),
        reverse("care:suggestions", args=[setup["req"].pk]),
        reverse("care:batch") + f"?area={setup['req'].area_id}",
        reverse("people:detail", args=[setup["req"].person_id]),
        reverse("core:home"),
    ):
        r = c.get(url)
        assert r.status_code == 200, url


def test_list_query_counts(
    client_of, users, actor_of, setup, make_person, network, areas, themes, django_assert_max_num_queries
):
    coord = actor_of(users["coordinator"])
    for i in range(15):
        p = make_person(network, area=areas["north"])
        r = services.create_request(coord, person=p, description=f"r{i}", themes=["money", "housing"])
        services.record_signal(coord, person=p, description="s", themes=["money"])
    c = client_of(users["coordinator"])
    with django_assert_max_num_queries(16):
        assert c.get(reverse("care:requests")).status_code == 200
    with django_assert_max_num_queries(16):
        assert c.get(reverse("care:signals")).status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get(reverse("care:request_detail", args=[r.pk])).status_code == 200


@pytest.mark.parametrize("role", ["volunteer", "partner", "policy", "resident", "outsider"])
def test_case_pages_denied(client_of, users, setup, role):
    c = client_of(users[role])
    for url in (
        reverse("care:request_detail", args=[setup["req"].pk]),
        reverse("care:signal_detail", args=[setup["sig"].pk]) if role != "resident" else None,
        reverse("care:suggestions", args=[setup["req"].pk]),
        reverse("care:batch") if role != "outsider" else None,
    ):
        if url is None:
            continue
        if role == "resident" and "requests/" in url and "suggestions" not in url:
            continue  # the resident's own request: tested separately
        assert c.get(url).status_code == 403, (role, url)
    if role == "outsider":  # a coordinator elsewhere: our areas are not even offered
        html = c.get(reverse("care:batch") + f"?area={setup['req'].area_id}").content.decode()
        assert setup["req"].person.last_name not in html
    r = c.post(reverse("care:request_close", args=[setup["req"].pk]), {"outcome": "solved"})
    assert r.status_code == 403
    setup["req"].refresh_from_db()
    assert setup["req"].status != "closed"


def test_professional_other_area_denied(client_of, users, actor_of, make_person, network, areas, themes):
    req = services.create_request(
        actor_of(users["coordinator"]), person=make_person(network, area=areas["south"]), description="x"
    )
    c = client_of(users["professional"])
    assert c.get(reverse("care:request_detail", args=[req.pk])).status_code == 403
    assert c.post(reverse("care:request_triage", args=[req.pk]), {"urgency": "normal"}).status_code == 403
    req.refresh_from_db()
    assert req.status == "new"


def test_volunteer_sees_first_name_only_until_accepted(client_of, users, setup, resident_person):
    c = client_of(users["volunteer"])
    match = setup["match"]
    for url in (reverse("care:tasks"), reverse("care:task_detail", args=[match.pk])):
        html = c.get(url).content.decode()
        assert resident_person.first_name in html
        assert "Achternaamsen" not in html
        assert "Geheimstraat" not in html and "0470 11 22 33" not in html
        assert "Geheime zorgtekst" in html or url.endswith("/tasks/")  # the task itself is the request text
        assert "Interne notitie" not in html
    # after accepting: the address; the phone only with contact consent
    c.post(reverse("care:task_action", args=[match.pk, "accept"]))
    html = c.get(reverse("care:task_detail", args=[match.pk])).content.decode()
    assert "Geheimstraat 7" in html and "0470 11 22 33" not in html
    assert "Interne notitie" not in html and "Achternaamsen" not in html
    Consent.objects.create(person=resident_person, purpose="contact", granted=True, channel="spoken")
    html = c.get(reverse("care:task_detail", args=[match.pk])).content.decode()
    assert "0470 11 22 33" in html
    # never the case, signals or timeline
    assert c.get(reverse("care:request_detail", args=[setup["req"].pk])).status_code == 403
    assert c.get(reverse("care:signal_detail", args=[setup["sig"].pk])).status_code == 403


def test_other_volunteer_cannot_open_task(client_of, users, setup, make_user, network):
    other = make_user(network, "volunteer", username="vol_other")
    c = client_of(other)
    assert c.get(reverse("care:task_detail", args=[setup["match"].pk])).status_code == 403
    assert c.post(reverse("care:task_action", args=[setup["match"].pk, "accept"])).status_code == 403
    setup["match"].refresh_from_db()
    assert setup["match"].state == "proposed"


def test_volunteer_walks_the_task(client_of, users, setup):
    c = client_of(users["volunteer"])
    m = setup["match"]
    c.post(reverse("care:task_action", args=[m.pk, "accept"]))
    c.post(reverse("care:task_action", args=[m.pk, "start"]))
    c.post(reverse("care:task_action", args=[m.pk, "done"]), {"rating": "3", "feedback": "Leuk"})
    m.refresh_from_db()
    assert (m.state, m.helper_rating) == ("done", 3)
    # the resident gives feedback on their own request page
    rc = client_of(users["resident"])
    page = rc.get(reverse("care:request_detail", args=[setup["req"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Interne notitie" not in html  # timeline notes stay with staff
    rc.post(reverse("care:match_feedback", args=[setup["req"].pk, m.pk]), {"rating": "2", "feedback": "Top"})
    m.refresh_from_db()
    assert m.resident_rating == 2


def test_partner_inbox(client_of, users, setup, organisation, network):
    c = client_of(users["partner"])
    html = c.get(reverse("care:inbox")).content.decode()
    assert "Thuishulp" in html
    ref = setup["ref"]
    assert c.get(reverse("care:inbox_detail", args=[ref.pk])).status_code == 200
    # bad input changes nothing
    c.post(reverse("care:inbox_detail", args=[ref.pk]), {"status": "declined", "note": ""})
    ref.refresh_from_db()
    assert ref.status == "sent"
    c.post(reverse("care:inbox_detail", args=[ref.pk]), {"status": "accepted"})
    ref.refresh_from_db()
    assert ref.status == "accepted"
    # the referring professional sees the status on the request
    html = (
        client_of(users["professional"])
        .get(reverse("care:request_detail", args=[setup["req"].pk]))
        .content.decode()
    )
    assert "Thuishulp" in html and str(Referral.Status.ACCEPTED.label) in html or "Aanvaard" in html
    # partner never sees the case
    assert c.get(reverse("care:request_detail", args=[setup["req"].pk])).status_code == 403
    for role in ("volunteer", "resident", "coordinator", "outsider"):
        assert client_of(users[role]).get(reverse("care:inbox_detail", args=[ref.pk])).status_code == 403


def test_resident_asks_online(client_of, users, resident_person, themes):
    c = client_of(users["resident"])
    assert c.get(reverse("care:ask")).status_code == 200
    r = c.post(reverse("care:ask"), {"description": ""})
    assert r.status_code == 200 and Request.objects.count() == 0
    c.post(reverse("care:ask"), {"description": "Hulp met mijn computer", "themes": [themes["digital"].pk]})
    req = Request.objects.get()
    assert req.person == resident_person and req.origin == "online"
    assert "Hulp met mijn computer" in c.get(reverse("care:my_requests")).content.decode()
    assert c.get(reverse("care:request_create")).status_code == 403
    assert c.get(reverse("care:policy")).status_code == 403


def test_signal_form_by_volunteer_has_no_person_picker(client_of, users, themes):
    c = client_of(users["volunteer"])
    html = c.get(reverse("care:signal_create")).content.decode()
    assert 'name="person"' not in html
    r = c.post(
        reverse("care:signal_create"),
        {
            "address_text": "Kerkstraat 1",
            "description": "Gordijnen dicht",
            "urgency": "normal",
            "source": "volunteer",
            "consent_status": "not_possible",
        },
    )
    assert r.status_code == 200 and Signal.objects.count() == 0  # reason missing
    r = c.post(
        reverse("care:signal_create"),
        {
            "address_text": "Kerkstraat 1",
            "description": "Gordijnen dicht",
            "urgency": "normal",
            "source": "volunteer",
            "consent_status": "not_possible",
            "consent_reason": "Niemand thuis",
        },
    )
    assert r.status_code == 302 and Signal.objects.count() == 1


def test_policy_viewer_sees_only_aggregates(client_of, users, setup):
    c = client_of(users["policy"])
    assert c.get(reverse("care:policy")).status_code == 200
    assert c.get(reverse("care:requests")).status_code == 403
    assert c.get(reverse("care:signals")).status_code == 403


def test_erasure_wipes_free_text(users, actor_of, setup, resident_person):
    from zorgzaam.people.services import erase_person

    erase_person(actor_of(users["coordinator"]), resident_person)
    req = Request.objects.get(pk=setup["req"].pk)
    assert req.description == "" and req.status == "referred"  # facts for statistics stay
    assert Signal.objects.get(pk=setup["sig"].pk).description == ""
    assert not req.timeline.exclude(note="").exists()
    assert Referral.objects.get(pk=setup["ref"].pk).shared_data == {}


def test_export_contains_requests(users, actor_of, setup, resident_person):
    from zorgzaam.people.services import export_person

    data = export_person(actor_of(users["coordinator"]), resident_person)
    assert data["care_requests"][0]["description"] == "Geheime zorgtekst"
    assert Match.objects.filter(helper=users["volunteer"].persons.get()).exists()


def test_reporter_never_learns_who_it_turned_out_to_be(
    client_of, users, actor_of, network, make_person, themes
):
    known = make_person(
        network, first_name="Zulma", last_name="Verborgen", street="Beekstraat", house_number="4"
    )
    vol = client_of(users["volunteer"])
    r = vol.post(
        "/api/care/signals",
        {"address_text": "Beekstraat 4", "description": "Brievenbus vol", "consent_status": "given"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["suggested_person_id"] is None and r.json()["person_id"] is None
    sig = Signal.objects.get()
    assert sig.suggested_person == known  # staff do get the offer
    services.link_signal_person(actor_of(users["coordinator"]), sig, known)
    for url in (reverse("care:signals"), reverse("care:signal_detail", args=[sig.pk])):
        html = vol.get(url).content.decode()
        assert "Verborgen" not in html and "Zulma" not in html
    assert vol.get(f"/api/care/signals/{sig.pk}").json()["person_id"] is None
    assert client_of(users["coordinator"]).get(f"/api/care/signals/{sig.pk}").json()["person_id"] == known.pk


def test_task_and_inbox_lists_query_counts(
    client_of,
    users,
    actor_of,
    network,
    areas,
    make_person,
    helper,
    organisation,
    themes,
    django_assert_max_num_queries,
):
    coord = actor_of(users["coordinator"])
    vol = actor_of(users["volunteer"])
    for i in range(12):
        p = make_person(network, area=areas["north"], street="Dorp", house_number=str(i))
        Consent.objects.create(person=p, purpose="contact", granted=True, channel="spoken")
        Consent.objects.create(
            person=p, purpose="share", organisation=organisation, granted=True, channel="spoken"
        )
        req = services.triage(
            coord, services.create_request(coord, person=p, description=f"r{i}", themes=["health"])
        )
        m = services.propose_match(coord, req, helper)
        if i % 2:
            services.accept_match(vol, m)
        services.create_referral(coord, req, organisation=organisation, message="m")
    vc, pc = client_of(users["volunteer"]), client_of(users["partner"])
    with django_assert_max_num_queries(12):
        html = vc.get(reverse("care:tasks")).content.decode()
    assert html.count("/care/tasks/") >= 12
    with django_assert_max_num_queries(12):
        assert vc.get("/api/care/tasks").status_code == 200
    with django_assert_max_num_queries(12):
        assert pc.get(reverse("care:inbox")).status_code == 200
    with django_assert_max_num_queries(30):  # the home page gathers every app's panel
        assert vc.get("/").status_code == 200


def test_printable_list(client_of, users, setup, helper):
    html = client_of(users["volunteer"]).get(reverse("care:print")).content.decode()
    assert "Achternaamsen" not in html and setup["req"].person.first_name in html
    pro = users["professional"].persons.get()
    html = client_of(users["professional"]).get(reverse("care:print")).content.decode()
    assert f"#{setup['req'].pk}" in html and "Achternaamsen" in html
    # a coordinator prints a helper's list for them; others may not
    html = (
        client_of(users["coordinator"]).get(reverse("care:print") + f"?person={helper.pk}").content.decode()
    )
    assert setup["req"].person.first_name in html and "Achternaamsen" not in html
    assert (
        client_of(users["professional"]).get(reverse("care:print") + f"?person={helper.pk}").status_code
        == 403
    )
    assert client_of(users["outsider"]).get(reverse("care:print") + f"?person={pro.pk}").status_code == 404


def test_nav_items_follow_roles(client_of, users):
    expect = {
        "coordinator": {
            "/care/signals/": True,
            "/care/requests/": True,
            "/care/tasks/": False,
            "/care/inbox/": False,
        },
        "volunteer": {
            "/care/signals/": True,
            "/care/tasks/": True,
            "/care/requests/": False,
            "/care/inbox/": False,
        },
        "partner": {"/care/inbox/": True, "/care/requests/": False, "/care/tasks/": False},
        "resident": {"/care/requests/": True, "/care/signals/": True, "/care/inbox/": False},
        "policy": {"/care/policy/": True, "/care/requests/": False, "/care/signals/": False},
    }
    for role, links in expect.items():
        nav = client_of(users[role]).get("/").content.decode().split("main-nav", 1)[1].split("</nav>", 1)[0]
        for href, shown in links.items():
            assert (f'href="{href}"' in nav) is shown, (role, href)


def test_reminder_settings(client_of, users, network):
    from zorgzaam.care.models import CareSettings

    c = client_of(users["coordinator"])
    assert c.get(reverse("care:settings")).status_code == 200
    c.post(reverse("care:settings"), {"reminder_days": "0"})
    assert not CareSettings.objects.exists()
    c.post(reverse("care:settings"), {"reminder_days": "14"})
    assert CareSettings.objects.get(network=network).reminder_days == 14
    for role in ("professional", "volunteer", "partner", "policy", "resident"):
        assert (
            client_of(users[role]).post(reverse("care:settings"), {"reminder_days": "3"}).status_code == 403
        )
    assert CareSettings.objects.get(network=network).reminder_days == 14


def test_policy_tag_view(client_of, users, setup):
    c = client_of(users["coordinator"])
    health = setup["req"].themes.first()
    r = c.post(f"/care/request/{setup['req'].pk}/policy/", {"theme": health.pk, "note": "Wachtlijst"})
    assert r.status_code == 302
    setup["req"].refresh_from_db()
    assert setup["req"].policy_theme == health
    assert c.post(f"/care/requests/{setup['req'].pk}/policy/", {"theme": health.pk}).status_code == 404
    assert (
        client_of(users["volunteer"])
        .post(f"/care/signal/{setup['sig'].pk}/policy/", {"theme": health.pk})
        .status_code
        == 403
    )
    setup["sig"].refresh_from_db()
    assert setup["sig"].policy_theme is None
