"""Erasure reaches everything: after erase_person no trace of a unique synthetic marker is left in any
text or JSON column of any table, in the Huey task storage, in MEDIA_ROOT, in log files or in sent mail;
the login is dead (password, API token, sessions) and the audit viewer names an "erased person #id".

Also a guard: every model with free text that is linked to a Person or a login is covered by an
erasure hook (or explicitly exempted here with the reason), so a new model cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zorgzaam.core import registry


def _marker() -> str:
    # Short enough for every varchar it goes into (house number is 20 characters).
    return "Zyxw-" + uuid.uuid4().hex[:12]


# --- scanning ------------------------------------------------------------------------------------


def _text_columns() -> list[tuple[str, str]]:
    """Every (table, column) of the database that can hold text, from the database catalogue (so
    tables without a model, like the session and cache tables, are included)."""
    out = []
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type IN "
                "('text', 'character varying', 'character', 'json', 'jsonb', 'inet')"
            )
            return list(cur.fetchall())
        tables = [t.name for t in connection.introspection.get_table_list(cur) if t.type == "t"]
        for table in tables:
            cur.execute(f"PRAGMA table_info({connection.ops.quote_name(table)})")
            for _cid, name, coltype, *_rest in cur.fetchall():
                if not any(k in coltype.lower() for k in ("int", "real", "double", "float", "bool", "date")):
                    out.append((table, name))
    return out


def db_hits(marker: str) -> list[tuple[str, str]]:
    hits = []
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        for table, column in _text_columns():
            cast = "text" if connection.vendor == "postgresql" else "TEXT"
            cur.execute(
                f"SELECT COUNT(*) FROM {q(table)} WHERE LOWER(CAST({q(column)} AS {cast})) LIKE %s",
                [f"%{marker.lower()}%"],
            )
            if cur.fetchone()[0]:
                hits.append((table, column))
    return hits


def file_hits(folder: Path, marker: str) -> list[str]:
    if not folder.exists():
        return []
    needle = marker.lower().encode()
    return [
        str(p)
        for p in folder.rglob("*")
        if p.is_file() and (needle in p.read_bytes().lower() or needle in p.name.lower().encode())
    ]


def log_files() -> list[Path]:
    """Files LOGGING writes to (none when every handler is a stream)."""
    return [Path(h["filename"]) for h in settings.LOGGING.get("handlers", {}).values() if "filename" in h]


# --- the person and everything about them --------------------------------------------------------


@pytest.fixture
def huey_storage(tmp_path):
    """Immediate mode off and a SQLite task storage of our own: queued tasks stay in storage."""
    from huey.contrib.djhuey import HUEY as huey_app
    from huey.storage import SqliteStorage

    huey_app.immediate = False
    path = tmp_path / "huey.sqlite3"
    huey_app.storage = SqliteStorage(huey_app.name, filename=str(path))
    yield huey_app, path
    huey_app.immediate = True  # the autouse settings fixture restores the original afterwards


@pytest.fixture
def everything(
    network,
    areas,
    organisation,
    users,
    make_person,
    actor_of,
    huey_storage,
    django_capture_on_commit_callbacks,
):
    """A resident with a login and one record of every kind, each carrying the marker."""
    from zorgzaam.accounts import services as accounts
    from zorgzaam.accounts.models import User
    from zorgzaam.analysis.models import Answer, Observation, Question, Response, Survey
    from zorgzaam.care.models import Match, Referral, Request, Signal, TimelineEntry
    from zorgzaam.community.models import (
        Activity,
        Attendance,
        Invitation,
        Occurrence,
        Place,
        Registration,
    )
    from zorgzaam.notifications.models import Notification
    from zorgzaam.notifications.services import notify
    from zorgzaam.outreach.models import Call, Checklist, Circle, CircleMember, Visit
    from zorgzaam.people import services as people
    from zorgzaam.people.models import PersonTag, Tag
    from zorgzaam.reciprocity.models import Account, Entry, Transaction, TransferClaim
    from zorgzaam.socialmap.models import EditorClaim, OutdatedReport, Service
    from zorgzaam.valuedroles.models import RoleHolding, ValuedRole
    from zorgzaam.volunteers.models import (
        Appreciation,
        HoursEntry,
        Initiative,
        InitiativeSupport,
        OnboardingProgress,
        OnboardingStep,
        SafeguardingRecord,
        ThankYou,
    )

    m = _marker()
    today = timezone.localdate()
    now = timezone.now()
    user = User.objects.create_user(
        username=m.lower(),
        password="correct horse battery",
        email=f"{m}@example.test",
        first_name=m,
        last_name=m,
    )
    person = make_person(
        network,
        user=user,
        first_name=m,
        last_name=m,
        email=f"{m}@example.test",
        phone=m,
        street=m,
        house_number=m[:20],
        capacity_note=m,
        area=areas["north"],
        birth_year=1948,
    )
    coord = actor_of(users["coordinator"])
    other = make_person(network, first_name="Anna", area=areas["north"])
    helper_user = users["volunteer"]
    helper = helper_user.persons.get()

    # people: consent with a note, a tag note
    people.record_consent(coord, person, purpose="contact", granted=True, channel="spoken", note=m)
    tag = Tag.objects.create(code=f"t{m[-6:]}", domain="hands", name_nl="t", name_fr="t", name_en="t")
    PersonTag.objects.create(person=person, tag=tag, kind="talent", note=m)

    # accounts: an API token and a session
    _token_obj, token = accounts.create_token(actor_of(user), m)
    session_client = Client()
    session_client.force_login(user)

    # notifications: one to them (with a mail queued in Huey), one about them to staff (parameters
    # naming them) and one written before notifications had kinds (legacy stored text naming them)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, kind="volunteers.thanks", params={"name": m, "message": m})
    staff_params = {"person": person.pk, "name": m, "kind": "insurance", "date": "2026-12-31"}
    notify(
        users["coordinator"],
        kind="volunteers.safeguarding_staff",
        params=staff_params,
        about=person,
        email=False,
    )
    Notification.objects.create(
        recipient=users["coordinator"], kind="test", title=f"{m} {m}", body=f"{person.full_name} · {m}"
    )

    # care: a signal, a request with timeline, a match (as resident and as helper), a referral
    signal = Signal.objects.create(
        network=network,
        person=person,
        description=m,
        address_text=m,
        description_of_person=m,
        consent_reason=m,
        policy_note=m,
        source="neighbour",
        consent_status="given",
        area=areas["north"],
    )
    Signal.objects.create(
        network=network,
        suggested_person=person,
        description=m,
        description_of_person=m,
        source="visit",
        consent_status="given",
    )
    req = Request.objects.create(
        network=network,
        person=person,
        origin="phone",
        description=m,
        outcome_note=m,
        policy_note=m,
        resident_verdict_note=m,
        signal=signal,
        area=areas["north"],
    )
    TimelineEntry.objects.create(request=req, what="note", text=m, note=m)
    Match.objects.create(request=req, helper=helper, helper_note=m, helper_feedback=m, resident_feedback=m)
    Referral.objects.create(
        request=req, organisation=organisation, message=m, partner_note=m, shared_data={"n": m}
    )
    other_req = Request.objects.create(network=network, person=other, origin="phone", description="help")
    Match.objects.create(
        request=other_req, helper=person, helper_note=m, helper_feedback=m, resident_feedback=m
    )
    TimelineEntry.objects.create(request=other_req, what="match", text=f"Helper proposed: {m}")

    # outreach: a visit with notes and answers, a call log
    checklist = Checklist.objects.create(network=network, name="Check")
    Visit.objects.create(network=network, person=person, checklist=checklist, notes=m, answers={"q": m})
    circle = Circle.objects.create(network=network, name="Bel", coach=helper)
    member = CircleMember.objects.create(
        circle=circle, person=person, caller=helper, started_on=today, next_due_on=today
    )
    Call.objects.create(member=member, called_on=today, outcome="reached", note=m)

    # community: registration, attendance, invitation note
    place = Place.objects.create(network=network, name="Buurthuis")
    activity = Activity.objects.create(
        network=network, title="Koffie", place=place, start_date=today, start_time=dt.time(10)
    )
    occ = Occurrence.objects.create(
        activity=activity, original_start=now, starts_at=now, ends_at=now + dt.timedelta(hours=1)
    )
    Registration.objects.create(occurrence=occ, person=person, status="registered")
    Attendance.objects.create(occurrence=occ, person=person)
    Invitation.objects.create(network=network, person=person, activity=activity, note=m)

    # volunteers: everything with free text
    step = OnboardingStep.objects.create(network=network, code="intake", name="Intake")
    OnboardingProgress.objects.create(person=person, step=step, done_on=today, note=m)
    SafeguardingRecord.objects.create(person=person, kind="training", issued_on=today, note=m)
    ThankYou.objects.create(network=network, from_person=other, to_person=person, message=m)
    ThankYou.objects.create(network=network, from_person=person, to_person=other, message=m)
    Appreciation.objects.create(network=network, person=person, kind="gift", title=m, note=m, date=today)
    HoursEntry.objects.create(network=network, person=person, date=today, hours=2, activity=m, link=m)
    initiative = Initiative.objects.create(network=network, title="Moestuin")
    initiative.owners.add(person)
    InitiativeSupport.objects.create(initiative=initiative, given_by=person, date=today, description=m)

    # valued roles
    role = ValuedRole.objects.create(network=network, title="Gastvrouw")
    RoleHolding.objects.create(role=role, person=person, start_on=today, note=m)

    # time bank: a transfer with a memo and a claim
    acc = Account.objects.create(
        network=network, kind="person", person=person, min_balance=-10, max_balance=10
    )
    acc2 = Account.objects.create(
        network=network, kind="person", person=other, min_balance=-10, max_balance=10
    )
    txn = Transaction.objects.create(network=network, memo=m)
    Entry.objects.create(transaction=txn, account=acc, amount=-1)
    Entry.objects.create(transaction=txn, account=acc2, amount=1)
    TransferClaim.objects.create(network=network, payer=acc, payee=acc2, amount=1, memo=m)

    # analysis: their survey answer and an observation they wrote
    survey = Survey.objects.create(network=network, title="Buurt", key=f"k{m[-8:]}")
    question = Question.objects.create(survey=survey, kind="open", text="Wat?")
    response = Response.objects.create(survey=survey, person=person, area=areas["north"])
    Answer.objects.create(response=response, question=question, text=m)
    Observation.objects.create(
        network=network,
        kind="need",
        text=m,
        place=m,
        observed_on=today,
        created_by=person,
        area=areas["north"],
    )

    # social map: a claim to edit and a report
    service = Service.objects.create(organisation=organisation, name="Maaltijden")
    EditorClaim.objects.create(organisation=organisation, user=user, motivation=m)
    OutdatedReport.objects.create(service=service, reported_by=user, what_is_wrong="Closed on Monday")

    return {"marker": m, "person": person, "user": user, "token": token, "session_client": session_client}


def _erase(users, actor_of, person):
    from zorgzaam.people.services import erase_person

    return erase_person(actor_of(users["coordinator"]), person)


@pytest.mark.django_db
def test_erasure_leaves_no_trace_anywhere(everything, users, actor_of, huey_storage):
    m = everything["marker"]
    huey_app, huey_path = huey_storage
    assert db_hits(m), "the fixture must put the marker in the database"
    assert len(huey_app) >= 1, "the notification e-mail must sit in the Huey storage"

    _erase(users, actor_of, everything["person"])

    hits = db_hits(m)
    assert hits == [], "marker left in: " + ", ".join(f"{t}.{c}" for t, c in hits)
    assert file_hits(huey_path.parent, m) == []
    assert file_hits(Path(settings.MEDIA_ROOT), m) == []
    for path in log_files():
        assert file_hits(path.parent, m) == []
    # What is still queued is delivered now: nothing with the marker goes out (no "outbox" leak).
    mail.outbox.clear()
    while len(huey_app):
        huey_app.execute(huey_app.dequeue())
    assert not [msg for msg in mail.outbox if m.lower() in str(msg.message()).lower()]


@pytest.mark.django_db
def test_erased_login_is_dead(everything, users, actor_of):
    user, token = everything["user"], everything["token"]
    Client().force_login(users["coordinator"])  # someone else's session, which must survive
    url = f"/api/people/persons/{everything['person'].pk}"
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert Session.objects.count() >= 1

    person = _erase(users, actor_of, everything["person"])

    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.username == f"erased-{person.pk}"
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert user.api_tokens.filter(revoked_at__isnull=True).count() == 0
    # Every session of the user is gone from the store; the other users' sessions stay.
    owners = [str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()]
    assert str(user.pk) not in owners and str(users["coordinator"].pk) in owners
    assert everything["session_client"].get(reverse("core:home")).status_code == 302
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    # Neither the old user name nor the new one logs in.
    for name in (everything["marker"].lower(), user.username):
        c = Client()
        c.post(reverse("accounts:login"), {"username": name, "password": "correct horse battery"})
        assert "_auth_user_id" not in c.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.cached_db", "django.contrib.sessions.backends.cache"]
)
def test_sessions_end_whatever_the_session_store(engine, settings, users, actor_of):
    settings.SESSION_ENGINE = engine
    resident = users["resident"]
    c = Client()
    c.force_login(resident)
    assert c.get(reverse("core:home")).status_code == 200
    _erase(users, actor_of, resident.persons.get())
    assert c.get(reverse("core:home")).status_code == 302  # back to the login page
    if engine.endswith("cached_db"):
        assert not [
            s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(resident.pk)
        ]


@pytest.mark.django_db
def test_login_still_used_in_another_network_stays(users, actor_of, make_person, other_network, network):
    """One login can be a person in two networks: erasing one of them unlinks the login but leaves it
    working for the other."""
    from zorgzaam.accounts.models import User

    user = User.objects.create_user(username="tweemaal", password="correct horse battery")
    here = make_person(network, user=user, first_name="Twee")
    make_person(other_network, user=user, first_name="Twee")
    _erase(users, actor_of, here)
    user.refresh_from_db()
    here.refresh_from_db()
    assert here.user is None and user.is_active and user.username == "tweemaal"
    assert user.check_password("correct horse battery")


@pytest.mark.django_db
def test_audit_viewer_shows_erased_person(everything, users, actor_of, client_of):
    person = everything["person"]
    # An event the person caused themselves, so that they appear as actor as well as subject.
    from zorgzaam.people.services import export_person

    export_person(actor_of(everything["user"]), person)
    _erase(users, actor_of, person)

    with_lang = client_of(users["coordinator"])
    for lang, label in (("en", f"erased person #{person.pk}"), ("nl", f"gewiste persoon #{person.pk}")):
        with_lang.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        html = with_lang.get(reverse("audit:list"), {"subject": person.pk}).content.decode()
        assert html.count(label) >= 2  # as the one who acted and as the one it was about
        assert everything["marker"] not in html and f"erased-{person.pk}" not in html


@pytest.mark.django_db
def test_failed_login_is_logged_without_the_name(users):
    from zorgzaam.audit.models import Event

    name = _marker()
    Client().post(reverse("accounts:login"), {"username": name, "password": "wrong password here"})
    Client().post(reverse("accounts:login"), {"username": "coord", "password": "wrong password here"})
    events = Event.objects.filter(kind="auth.login_failed")
    assert events.count() == 2
    assert name not in str(list(events.values_list("data", flat=True)))
    assert events.filter(data__user=users["coordinator"].pk).count() == 1


# --- the guard -----------------------------------------------------------------------------------

# Models linked to a person or login whose text is not about that person. Each needs a reason.
EXEMPT = {
    "audit.Event": "append-only; holds ids and field names, never values (names render at display time)",
    "socialmap.Service": "the verifier is staff; the text describes the service",
    "sectors.SectorSet": "imported by the platform administrator; statistical layer",
    "sectors.Sector": "statistical layer",
    "sectors.SectorChange": "statistical layer",
    "sectors.ImportJob": "shared import jobs; messages and counts hold no personal data",
    "outreach.Round": "the creator is staff; the text names streets of a round, not a person",
    "outreach.Circle": "the coach is staff; the name is the circle's",
    "community.Place": "a public place (shown on the neighbourhood page); its owner link stays anonymised",
    "community.RouteStop": "a public stop of a mobile place",
    "community.Activity": "organisers are authors; the text describes a public activity",
    "community.Evaluation": "a score and comment about a meeting moment, anonymous by design",
    "volunteers.Initiative": "a neighbourhood initiative; the owner link is removed by the volunteers hook",
    "analysis.Survey": "the author is staff; the text is the survey's",
    "analysis.Question": "the survey's questions",
    "analysis.SurveyToken": "random tokens",
    "analysis.Snapshot": "aggregates only (k-suppressed)",
    "plans.Measurement": "the recorder is staff; the note is about a plan indicator",
}


def _free_text_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField | models.FileField)
        and not f.choices
        and not f.is_relation
    ]


def linked_models() -> dict[str, str]:
    """Models with a relation to Person or User, or owned (CASCADE) by such a model: label -> path."""
    person = apps.get_model("people.Person")
    user = apps.get_model(settings.AUTH_USER_MODEL)
    linked = {person: "", user: ""}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked:
                continue
            for f in model._meta.get_fields():
                if not f.is_relation or f.auto_created or f.related_model not in linked:
                    continue
                direct = f.related_model in (person, user)
                owned = not f.many_to_many and f.remote_field.on_delete is models.CASCADE
                if direct or owned:
                    linked[model] = f"{f.name} -> {f.related_model._meta.label}"
                    changed = True
                    break
    return {m._meta.label: path for m, path in linked.items() if _free_text_fields(m)}


def uncovered() -> dict[str, str]:
    from zorgzaam.people.services import ERASED_HERE

    covered = registry.erasure_coverage() | set(ERASED_HERE)
    return {label: path for label, path in linked_models().items() if label not in covered | set(EXEMPT)}


def test_every_linked_model_with_free_text_is_erased():
    from zorgzaam.people.services import ERASED_HERE

    assert uncovered() == {}, (
        "These models keep free text linked to a person but no erasure hook covers them: "
        "register them with registry.register_erasure(hook, covers=[...]) or explain here why not."
    )
    # The guard itself must see the models it is about.
    assert {"care.Signal", "people.Consent", "notifications.Notification"} <= set(linked_models())
    stale = set(EXEMPT) - set(linked_models())
    assert stale == set(), "exemptions for models that are no longer linked: remove them"
    covered = registry.erasure_coverage() | set(ERASED_HERE)
    assert not set(EXEMPT) & covered, "a model is both covered and exempted"


def test_guard_notices_a_forgotten_model(monkeypatch):
    """What happens when someone adds a model and forgets its hook: a hook that no longer declares
    care.TimelineEntry (a model reached through care.Request) makes the guard name it."""
    coverage = dict(registry.ERASURE_COVERAGE)
    coverage.pop("care.TimelineEntry")
    monkeypatch.setattr(registry, "ERASURE_COVERAGE", coverage)
    assert uncovered() == {"care.TimelineEntry": "request -> care.Request"}
