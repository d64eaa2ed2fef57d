"""Volunteer care (onboarding, safeguarding, hours, appreciation) and residents' own initiatives.

Access: coordinators see every volunteer of the network; professionals the volunteers living in
the areas of their role; a volunteer sees their own profile, hours, thank-yous and (read only) their
safeguarding status. Initiatives belong to the residents who started them: only owners edit them,
staff can add the support they gave but never take over.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.disclosure import magnitudes
from zorgzaam.core.permissions import deny as _deny
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Person, Role, RoleAssignment
from zorgzaam.volunteers.models import (
    Appreciation,
    HoursEntry,
    Initiative,
    InitiativeSupport,
    OnboardingProgress,
    OnboardingStep,
    SafeguardingRecord,
    SafeguardingReminder,
    ThankYou,
    VolunteerProfile,
)

PROFILE_VIEWED = kinds.register("volunteers.profile_viewed", gettext_lazy("Volunteer profile viewed"))
PROFILE_SAVED = kinds.register("volunteers.profile_saved", gettext_lazy("Volunteer profile saved"))
ONBOARDING_CHANGED = kinds.register("volunteers.onboarding_changed", gettext_lazy("Onboarding step changed"))
SAFEGUARDING_ADDED = kinds.register(
    "volunteers.safeguarding_added", gettext_lazy("Safeguarding record added")
)
HOURS_LOGGED = kinds.register("volunteers.hours_logged", gettext_lazy("Volunteer hours recorded"))
THANKED = kinds.register("volunteers.thanked", gettext_lazy("Thank-you recorded"))
APPRECIATION_ADDED = kinds.register("volunteers.appreciation_added", gettext_lazy("Appreciation recorded"))
INITIATIVE_SAVED = kinds.register("volunteers.initiative_saved", gettext_lazy("Initiative saved"))
INITIATIVE_SUPPORTED = kinds.register(
    "volunteers.initiative_supported", gettext_lazy("Support for an initiative recorded")
)
REMINDER_SENT = kinds.register(
    "volunteers.safeguarding_reminder", gettext_lazy("Safeguarding expiry reminder sent")
)

DEFAULT_STEPS = [
    ("intake", gettext_lazy("Intake talk")),
    ("agreement", gettext_lazy("Volunteer agreement signed")),
    ("insurance", gettext_lazy("Insurance registered")),
    ("criminal_record", gettext_lazy("Extract from the criminal record handed in")),
    ("intervision", gettext_lazy("First intervision")),
]


def reminder_days() -> int:
    return int(getattr(settings, "ZORGZAAM_SAFEGUARDING_REMINDER_DAYS", 30))


# --- who may see and do what -----------------------------------------------------------------


def _same_network(actor: Actor, person: Person) -> bool:
    return actor.network is not None and person.network_id == actor.network.pk


def is_self(actor: Actor, person: Person) -> bool:
    return (actor.person is not None and actor.person.pk == person.pk) or (
        actor.on_behalf_of is not None and actor.on_behalf_of.pk == person.pk
    )


def can_manage_volunteer(actor: Actor, person: Person) -> bool:
    """Coordinators for everyone; professionals for the people living in their areas."""
    if not _same_network(actor, person):
        return False
    return actor.covers_area(person.area_id)


def can_view_volunteer(actor: Actor, person: Person) -> bool:
    return _same_network(actor, person) and (is_self(actor, person) or can_manage_volunteer(actor, person))


def visible_volunteers(actor: Actor) -> QuerySet[Person]:
    """People with a volunteer profile or an active volunteer role that this actor manages."""
    if actor.network is None or not actor.is_authenticated:
        return Person.objects.none()
    volunteer_ids = RoleAssignment.objects.filter(role=Role.VOLUNTEER, active=True).values("person_id")
    qs = Person.objects.filter(network=actor.network, anonymised_at__isnull=True).filter(
        Q(volunteer_profile__isnull=False) | Q(pk__in=volunteer_ids)
    )
    return qs.filter(actor.area_q("area")).distinct()


def is_volunteer(person: Person) -> bool:
    """A volunteer profile or an active volunteer role; one query (the person page asks it)."""
    return Person.objects.filter(
        Q(volunteer_profile__isnull=False) | Q(roles__role=Role.VOLUNTEER, roles__active=True), pk=person.pk
    ).exists()


def get_volunteer(actor: Actor, person_id: int, *, log_view: bool = True) -> Person:
    person = Person.objects.select_related("area", "network").filter(pk=person_id).first()
    if person is None or not can_view_volunteer(actor, person):
        _deny()
    if log_view:
        record(actor, PROFILE_VIEWED, subject=person, obj=person)
    return person


# --- profile and onboarding ------------------------------------------------------------------


@transaction.atomic
def save_profile(
    actor: Actor, person: Person, *, max_active_tasks: int, max_distance_km: float, started_on=None
):
    if not can_manage_volunteer(actor, person):
        _deny()
    errors = {}
    if not isinstance(max_active_tasks, int) or not 0 <= max_active_tasks <= 20:
        errors["max_active_tasks"] = _("Enter a number between 0 and 20.")
    if not 0 <= float(max_distance_km) <= 100:
        errors["max_distance_km"] = _("Enter a distance between 0 and 100 km.")
    if started_on and started_on > timezone.localdate():
        errors["started_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    profile, _created = VolunteerProfile.objects.select_for_update().get_or_create(person=person)
    profile.max_active_tasks, profile.max_distance_km, profile.started_on = (
        max_active_tasks,
        max_distance_km,
        started_on,
    )
    profile.save()
    record(actor, PROFILE_SAVED, subject=person, obj=profile)
    return profile


def ensure_default_steps(network) -> list[OnboardingStep]:
    """The five usual steps, named in the network's language; networks rename or switch them off."""
    if not OnboardingStep.objects.filter(network=network).exists():
        with translation.override(settings.LANGUAGE_CODE):
            OnboardingStep.objects.bulk_create(
                [
                    OnboardingStep(network=network, code=c, name=str(n), order=i)
                    for i, (c, n) in enumerate(DEFAULT_STEPS)
                ]
            )
    return list(OnboardingStep.objects.filter(network=network, active=True))


def can_configure(actor: Actor) -> bool:
    return actor.network is not None and actor.is_coordinator()


@transaction.atomic
def save_step(
    actor: Actor, *, code: str, name: str, order: int = 0, active: bool = True, step=None
) -> OnboardingStep:
    if not can_configure(actor):
        _deny()
    if not name.strip():
        raise ValidationError({"name": _("Give the step a name.")})
    if step is None:
        if OnboardingStep.objects.filter(network=actor.network, code=code).exists():
            raise ValidationError({"code": _("A step with this code exists already.")})
        step = OnboardingStep(network=actor.network, code=code)
    elif step.network_id != actor.network.pk:
        _deny()
    step.name, step.order, step.active = name.strip(), order, active
    step.full_clean(exclude=["network"])
    step.save()
    return step


def onboarding(person: Person) -> dict:
    steps = list(OnboardingStep.objects.filter(network_id=person.network_id, active=True))
    done = {p.step_id: p for p in OnboardingProgress.objects.filter(person=person, step__in=steps)}
    rows = [{"step": s, "done": done.get(s.pk)} for s in steps]
    return {"rows": rows, "done": sum(1 for r in rows if r["done"]), "total": len(rows)}


@transaction.atomic
def set_step(actor: Actor, person: Person, step: OnboardingStep, *, done: bool, done_on=None, note: str = ""):
    if not can_manage_volunteer(actor, person) or step.network_id != person.network_id:
        _deny()
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date is in the future.")})
    if done:
        OnboardingProgress.objects.update_or_create(
            person=person,
            step=step,
            defaults={"done_on": done_on, "recorded_by": actor.user, "note": note[:300]},
        )
    else:
        OnboardingProgress.objects.filter(person=person, step=step).delete()
    record(actor, ONBOARDING_CHANGED, subject=person, obj=step, data={"step": step.code, "done": done})


# --- safeguarding ----------------------------------------------------------------------------


@transaction.atomic
def add_safeguarding(actor: Actor, person: Person, *, kind: str, issued_on, valid_until=None, note: str = ""):
    if not can_manage_volunteer(actor, person):
        _deny()
    errors = {}
    if kind not in SafeguardingRecord.Kind.values:
        errors["kind"] = _("Unknown kind.")
    if issued_on is None or issued_on > timezone.localdate():
        errors["issued_on"] = _("Enter a date that is not in the future.")
    elif valid_until is not None and valid_until < issued_on:
        errors["valid_until"] = _("The end date must come after the date of issue.")
    if errors:
        raise ValidationError(errors)
    rec = SafeguardingRecord.objects.create(
        person=person, kind=kind, issued_on=issued_on, valid_until=valid_until, note=note[:300]
    )
    record(actor, SAFEGUARDING_ADDED, subject=person, obj=rec, data={"kind": kind})
    return rec


def safeguarding_status(person: Person, today: dt.date | None = None) -> list[dict]:
    """Per kind the newest record and whether it is valid today."""
    today = today or timezone.localdate()
    latest: dict[str, SafeguardingRecord] = {}
    for rec in SafeguardingRecord.objects.filter(person=person).order_by("-issued_on", "-id"):
        latest.setdefault(rec.kind, rec)
    out = []
    for kind, label in SafeguardingRecord.Kind.choices:
        rec = latest.get(kind)
        out.append(
            {
                "kind": kind,
                "label": label,
                "record": rec,
                "valid": bool(rec and rec.is_valid_on(today)),
                "expiring": bool(
                    rec and rec.valid_until and 0 <= (rec.valid_until - today).days <= reminder_days()
                ),
            }
        )
    return out


def _current_records(network, until: dt.date | None = None, since: dt.date | None = None):
    """Records that are the newest of their kind for a person: a renewed extract silences the old one.
    Filtered in the database (NOT EXISTS a newer record; valid_until in [since, until]) so a city's
    thousands of records are never loaded to keep the few that run out."""
    newer = SafeguardingRecord.objects.filter(person_id=OuterRef("person_id"), kind=OuterRef("kind")).filter(
        Q(valid_until__gt=OuterRef("valid_until"))
        | Q(valid_until=OuterRef("valid_until"), pk__gt=OuterRef("pk"))
    )
    qs = SafeguardingRecord.objects.filter(
        person__network=network, person__anonymised_at__isnull=True, valid_until__isnull=False
    )
    if until is not None:
        qs = qs.filter(valid_until__lte=until)
    if since is not None:
        qs = qs.filter(valid_until__gte=since)
    qs = qs.filter(~Exists(newer)).select_related("person", "person__user")
    return list(qs.order_by("valid_until", "person_id", "kind", "id"))


def expiring_records(actor: Actor, *, within_days: int | None = None, today=None) -> list[SafeguardingRecord]:
    if not is_staff(actor):
        _deny()
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days if within_days is not None else reminder_days())
    return [
        r for r in _current_records(actor.network, until=horizon) if can_manage_volunteer(actor, r.person)
    ]


def send_expiry_reminders(network, *, today: dt.date | None = None, threshold: int | None = None) -> int:
    """Tell the volunteer and the coordinators once per record and threshold, from `threshold` days
    before valid_until. Idempotent: a unique row per (record, threshold) is written first."""
    from zorgzaam.notifications.services import notify
    from zorgzaam.people.actor import system_actor

    today = today or timezone.localdate()
    threshold = reminder_days() if threshold is None else threshold
    coordinators = [
        r.person.user
        for r in RoleAssignment.objects.filter(
            person__network=network, role=Role.COORDINATOR, active=True, person__user__isnull=False
        ).select_related("person__user")
    ]
    sent = 0
    for rec in _current_records(network, until=today + dt.timedelta(days=threshold), since=today):
        days_left = (rec.valid_until - today).days
        if not 0 <= days_left <= threshold:
            continue
        try:
            with transaction.atomic():
                SafeguardingReminder.objects.create(record=rec, threshold_days=threshold)
                # Texts in volunteers/texts.py, rendered in each recipient's language.
                params = {"kind": rec.kind, "date": rec.valid_until.isoformat()}
                if rec.person.user_id:
                    notify(rec.person.user, kind="volunteers.safeguarding", params=params, network=network)
                for user in coordinators:
                    notify(
                        user,
                        kind="volunteers.safeguarding_staff",
                        params={**params, "person": rec.person_id, "name": rec.person.full_name},
                        network=network,
                        about=rec.person,
                    )
                record(
                    system_actor(network),
                    REMINDER_SENT,
                    subject=rec.person,
                    obj=rec,
                    data={"threshold": threshold},
                )
        except IntegrityError:
            continue  # already reminded (a parallel run got there first)
        sent += 1
    return sent


# --- hours -----------------------------------------------------------------------------------


HOURS_PER_ENTRY_MAX = Decimal(12)  # one entry is one day's activity; more is a typing mistake
_CLOCK_HOURS = re.compile(r"(\d{1,2}):([0-5]\d)")


def parse_hours(value) -> Decimal:
    """Hours as people type them: 2, 1.5, 1,5 (decimal comma) or 1:30 (hours:minutes), to the
    hundredth; more than 0 and at most 12 per entry. The one rule for the page and the API."""
    text = str(value).strip()
    clock = _CLOCK_HOURS.fullmatch(text)
    try:
        if clock:
            d = (Decimal(int(clock[1]) * 60 + int(clock[2])) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)
        else:
            d = Decimal(text.replace(",", "."))
        exact = d.is_finite() and d == d.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):  # not a number, or too large to round
        exact = False
    if not exact:
        raise ValidationError({"hours": _("Enter a number of hours, like 2, 1,5 or 1:30.")})
    if d <= 0 or d > HOURS_PER_ENTRY_MAX:
        raise ValidationError({"hours": _("Enter more than 0 and at most 12 hours per entry.")})
    return d


def can_log_hours(actor: Actor, person: Person) -> bool:
    return can_view_volunteer(actor, person)


@transaction.atomic
def log_hours(actor: Actor, person: Person, *, date, hours, activity: str, link: str = "") -> HoursEntry:
    if not can_log_hours(actor, person):
        _deny()
    amount = parse_hours(hours)
    errors = {}
    if date is None or date > timezone.localdate():
        errors["date"] = _("Enter a date that is not in the future.")
    if not (activity or "").strip():
        errors["activity"] = _("Say what you did.")
    if link and not (link.startswith("/") or link.startswith("https://") or link.startswith("http://")):
        errors["link"] = _("Enter a web address or a path in Zorgzaam.")
    if errors:
        raise ValidationError(errors)
    entry = HoursEntry.objects.create(
        network=person.network,
        person=person,
        date=date,
        hours=amount,
        activity=activity.strip()[:200],
        link=(link or "")[:300],
        recorded_by=actor.user,
    )
    record(actor, HOURS_LOGGED, subject=person, obj=entry)
    return entry


def hours_for(actor: Actor, person: Person) -> QuerySet[HoursEntry]:
    if not can_view_volunteer(actor, person):
        _deny()
    return HoursEntry.objects.filter(person=person)


def hours_totals(person: Person, year: int) -> dict:
    """Totals per month (1..12) and for the year, in one query."""
    rows = (
        HoursEntry.objects.filter(person=person, date__year=year)
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(total=Sum("hours"))
    )
    months = {m: Decimal("0") for m in range(1, 13)}
    for r in rows:
        months[r["m"]] = r["total"]
    return {"year": year, "months": months, "total": sum(months.values(), Decimal("0"))}


# --- appreciation ----------------------------------------------------------------------------


@transaction.atomic
def thank(actor: Actor, to_person: Person, *, message: str) -> ThankYou:
    giver = actor.on_behalf_of or actor.person
    if giver is None or not _same_network(actor, to_person) or to_person.anonymised_at:
        _deny()
    if giver.pk == to_person.pk:
        raise ValidationError({"to_person": _("You cannot thank yourself.")})
    if not (message or "").strip():
        raise ValidationError({"message": _("Say what you are thankful for.")})
    thanks = ThankYou.objects.create(
        network=actor.network, from_person=giver, to_person=to_person, message=message.strip()[:500]
    )
    record(actor, THANKED, subject=to_person, obj=thanks)
    if to_person.user_id:
        from zorgzaam.notifications.services import notify

        notify(
            to_person.user,
            kind="volunteers.thanks",
            params={"name": giver.first_name, "message": thanks.message},
            network=actor.network,
            about=giver,
        )
    return thanks


def thanks_for(actor: Actor, person: Person) -> QuerySet[ThankYou]:
    if not can_view_volunteer(actor, person):
        _deny()
    return ThankYou.objects.filter(Q(to_person=person) | Q(from_person=person)).select_related(
        "from_person", "to_person"
    )


@transaction.atomic
def add_appreciation(
    actor: Actor, *, kind: str, title: str, date, person: Person | None = None, note: str = ""
):
    if person is None and not actor.is_coordinator():
        _deny()
    if person is not None and not can_manage_volunteer(actor, person):
        _deny()
    errors = {}
    if kind not in Appreciation.Kind.values:
        errors["kind"] = _("Unknown kind.")
    if not (title or "").strip():
        errors["title"] = _("Say what the network did.")
    if date is None:
        errors["date"] = _("Enter a date.")
    if errors:
        raise ValidationError(errors)
    obj = Appreciation.objects.create(
        network=actor.network, person=person, kind=kind, title=title.strip()[:200], date=date, note=note[:500]
    )
    record(actor, APPRECIATION_ADDED, subject=person, obj=obj, data={"kind": kind})
    return obj


def appreciations_for(actor: Actor, person: Person) -> QuerySet[Appreciation]:
    if not can_view_volunteer(actor, person):
        _deny()
    return Appreciation.objects.filter(network_id=person.network_id).filter(
        Q(person=person) | Q(person__isnull=True)
    )


# --- initiatives -----------------------------------------------------------------------------


def _me(actor: Actor) -> Person | None:
    return actor.on_behalf_of or actor.person


def can_start_initiative(actor: Actor) -> bool:
    me = _me(actor)
    return me is not None and actor.network is not None and me.network_id == actor.network.pk


def is_owner(actor: Actor, initiative: Initiative) -> bool:
    me = _me(actor)
    return me is not None and initiative.owners.filter(pk=me.pk).exists()


def can_view_initiative(actor: Actor, initiative: Initiative) -> bool:
    if actor.network is None or initiative.network_id != actor.network.pk:
        return False
    return is_staff(actor) or is_owner(actor, initiative)


def visible_initiatives(actor: Actor) -> QuerySet[Initiative]:
    if actor.network is None or not actor.is_authenticated:
        return Initiative.objects.none()
    qs = Initiative.objects.filter(network=actor.network).prefetch_related("owners")
    if is_staff(actor):
        return qs
    me = _me(actor)
    return qs.filter(owners=me) if me is not None else qs.none()


def get_initiative(actor: Actor, pk: int) -> Initiative:
    ini = Initiative.objects.filter(pk=pk).first()
    if ini is None or not can_view_initiative(actor, ini):
        _deny()
    return ini


def _validate_initiative(title, status) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give your initiative a title.")
    if status not in Initiative.Status.values:
        errors["status"] = _("Unknown status.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def start_initiative(
    actor: Actor, *, title: str, description: str = "", support_asked: str = "", status: str = "idea"
):
    if not can_start_initiative(actor):
        _deny()
    _validate_initiative(title, status)
    ini = Initiative.objects.create(
        network=actor.network,
        title=title.strip()[:200],
        description=description,
        support_asked=support_asked,
        status=status,
    )
    ini.owners.add(_me(actor))
    record(actor, INITIATIVE_SAVED, obj=ini, data={"new": True})
    return ini


@transaction.atomic
def update_initiative(actor: Actor, initiative: Initiative, *, owners=None, **fields) -> Initiative:
    """Only owners edit, and only owners change who owns it: staff support, they do not take over."""
    if not can_view_initiative(actor, initiative) or not is_owner(actor, initiative):
        _deny()
    ini = Initiative.objects.select_for_update().get(pk=initiative.pk)
    for name in fields:
        if name not in ("title", "description", "support_asked", "status"):
            raise ValidationError({name: _("This field cannot be changed here.")})
    for name, value in fields.items():
        setattr(ini, name, value)
    _validate_initiative(ini.title, ini.status)
    if owners is not None:
        owners = list(owners)
        if not owners:
            raise ValidationError({"owners": _("An initiative needs at least one owner.")})
        if any(p.network_id != ini.network_id or p.anonymised_at for p in owners):
            raise ValidationError({"owners": _("Unknown person.")})
    ini.save()
    if owners is not None:
        ini.owners.set(owners)
    record(
        actor,
        INITIATIVE_SAVED,
        obj=ini,
        data={"fields": sorted(fields) + (["owners"] if owners is not None else [])},
    )
    return ini


@transaction.atomic
def add_support(actor: Actor, initiative: Initiative, *, description: str, date=None) -> InitiativeSupport:
    if not is_staff(actor) or initiative.network_id != actor.network.pk:
        _deny()
    if not (description or "").strip():
        raise ValidationError({"description": _("Say what support was given.")})
    obj = InitiativeSupport.objects.create(
        initiative=initiative,
        given_by=actor.person,
        date=date or timezone.localdate(),
        description=description.strip()[:500],
    )
    record(actor, INITIATIVE_SUPPORTED, obj=obj)
    return obj


# --- policy aggregates -----------------------------------------------------------------------


def hours_aggregate(actor: Actor, year: int) -> dict:
    """Total hours per month for policy viewers through core.disclosure: a month with fewer than k
    volunteers with 'statistics' consent (none included) is hidden."""
    if actor.network is None or not actor.has_role(Role.COORDINATOR, Role.POLICY):
        _deny()

    from zorgzaam.people.services import persons_with_consent

    counted = persons_with_consent(Person.objects.filter(network=actor.network), "statistics").values("pk")
    rows = (
        HoursEntry.objects.filter(network=actor.network, date__year=year, person_id__in=counted)
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(total=Sum("hours"), people=Count("person", distinct=True))
    )
    found = {r["m"]: (r["total"], r["people"]) for r in rows}
    shown = magnitudes([found.get(m, (Decimal("0"), 0)) for m in range(1, 13)], actor.network.k_anonymity)
    return {"year": year, "months": list(zip(range(1, 13), shown, strict=True))}


# --- rights of the person --------------------------------------------------------------------


def export_person(person: Person) -> dict:
    profile = VolunteerProfile.objects.filter(person=person).first()
    data = {
        "profile": {
            "max_active_tasks": profile.max_active_tasks,
            "max_distance_km": profile.max_distance_km,
            "started_on": profile.started_on.isoformat() if profile.started_on else None,
        }
        if profile
        else None,
        "onboarding": [
            {"step": p.step.code, "done_on": p.done_on.isoformat(), "note": p.note}
            for p in person.onboarding_done.select_related("step")
        ],
        "safeguarding": [
            {
                "kind": r.kind,
                "issued_on": r.issued_on.isoformat(),
                "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                "note": r.note,
            }
            for r in person.safeguarding_records.all()
        ],
        "hours": [
            {"date": h.date.isoformat(), "hours": str(h.hours), "activity": h.activity}
            for h in person.hours_entries.all()
        ],
        "thanks_received": [
            {"message": t.message, "at": t.created_at.isoformat()} for t in person.thanks_received.all()
        ],
        "thanks_given": [
            {"message": t.message, "at": t.created_at.isoformat()} for t in person.thanks_given.all()
        ],
        "initiatives": [{"title": i.title, "status": i.status} for i in person.initiatives_owned.all()],
    }
    if not any(data.values()):
        return {}
    return {"volunteering": data}


def erase_person(person: Person) -> None:
    """Hours and counts stay for statistics; the free text that may identify someone goes."""
    SafeguardingRecord.objects.filter(person=person).update(note="")
    OnboardingProgress.objects.filter(person=person).update(note="")
    HoursEntry.objects.filter(person=person).update(activity="", link="")
    ThankYou.objects.filter(Q(to_person=person) | Q(from_person=person)).update(message="")
    Appreciation.objects.filter(person=person).update(title="", note="")
    for ini in person.initiatives_owned.all():
        ini.owners.remove(person)
    InitiativeSupport.objects.filter(given_by=person).update(description="", given_by=None)


def retention_guard(network, person_ids: set, cutoff) -> set:
    """Keep people who still volunteer (hours or thanks since the cut-off, a document still valid)
    or own an initiative that has not ended."""
    ids = list(person_ids)
    day = cutoff.date() if hasattr(cutoff, "date") else cutoff
    keep = set(
        HoursEntry.objects.filter(person_id__in=ids, date__gte=day).values_list("person_id", flat=True)
    )
    keep |= set(
        SafeguardingRecord.objects.filter(
            person_id__in=ids, valid_until__gte=timezone.localdate()
        ).values_list("person_id", flat=True)
    )
    keep |= set(
        ThankYou.objects.filter(to_person_id__in=ids, created_at__gte=cutoff).values_list(
            "to_person_id", flat=True
        )
    )
    keep |= set(
        Initiative.owners.through.objects.filter(person_id__in=ids)
        .exclude(initiative__status=Initiative.Status.ENDED)
        .values_list("person_id", flat=True)
    )
    return keep
