"""The care pathway's texts rendered for the reader: notification kinds (core.texts), request timeline
steps and the sentences of its audit events. Registered at start-up from CareConfig.ready(), after
hooks.register() has loaded the services that declare the audit kinds; services pass a kind and its
parameters, never a finished text."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit import kinds
from zorgzaam.care.models import Match, Referral, Request, Urgency
from zorgzaam.core.texts import NOTIFICATIONS, TIMELINE


@dataclass(frozen=True)
class Step:
    """A timeline sentence to store as kind + parameters. str() renders it in the active language, for
    code that still needs a finished string (it is then stored as legacy text)."""

    kind: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return TIMELINE.render(self.kind, self.params).title


def step(kind: str, **params) -> Step:
    TIMELINE.get(kind)  # an unregistered kind is a programming error, found where it is written
    return Step(kind, params)


_REQUEST = {"url_name": "care:request_detail", "url_args": ("request",), "sample": {"request": 1}}
_TASKS = {"url_name": "care:tasks"}


def _urgency(code) -> str:
    return str(Urgency(code).label)


def _referral_status(code) -> str:
    return str(Referral.Status(code).label)


def _match_returned(params) -> str:
    if params.get("too_heavy"):
        return str(_("The helper said it is too heavy for them"))
    return str(_("The helper declined"))


def _request_status(code) -> str:
    return str(Request.Status(code).label)


def _match_state(code) -> str:
    return str(Match.State(code).label)


def _origin(code) -> str:
    return str(Request.Origin(code).label)


def _outcome(code) -> str:
    return str(Request.Outcome(code).label)


# Timeline steps without parameters: (kind, sentence).
_STEPS = [
    ("care.asked_online", _("Asked online by the resident")),
    ("care.created_on_behalf", _("Taken in on behalf of the resident")),
    ("care.assessed", _("Assessed")),
    ("care.note", _("Note")),
    ("care.under_way", _("Help is under way")),
    ("care.withdrawn", _("Withdrawn")),
    ("care.helper_accepted", _("The helper accepted")),
    ("care.helper_declined", _("The helper declined")),
    ("care.helper_too_heavy", _("The helper said it is too heavy for them")),
    ("care.helper_started", _("The helper started")),
    ("care.helper_finished", _("The helper finished the task")),
    ("care.help_given", _("Help was given")),
    ("care.task_cancelled", _("Task cancelled")),
    ("care.back_to_assessment", _("Back to assessment")),
    ("care.partner_took_up", _("The partner took it up")),
    ("care.feedback_helper", _("Feedback from the helper")),
    ("care.feedback_resident", _("Feedback from the resident")),
]


def _register_timeline() -> None:
    t = TIMELINE.register
    for kind, sentence in _STEPS:
        t(kind, sentence)
    t(
        "care.created",
        _("Request taken in (%(origin)s)"),
        formats={"origin": _origin},
        sample={"origin": "phone"},
    )
    t("care.status", _("Status: %(s)s"), formats={"s": _request_status}, sample={"s": "referred"})
    t("care.closed", _("Closed: %(o)s"), formats={"o": _outcome}, sample={"o": "solved"})
    # `person`: whom the step names, so that erasing them wipes the name (care/hooks.py).
    named = {"sample": {"name": "Maria", "person": 1}}
    t("care.handed_over", _("Handed over to %(name)s"), **named)
    t("care.helper_proposed", _("Helper proposed: %(name)s"), **named)
    t("care.referred", _("Referred to %(org)s"), sample={"org": "OCMW Gent"})
    t(
        "care.referral_status",
        _("%(org)s: %(status)s"),
        formats={"status": _referral_status},
        sample={"org": "OCMW Gent", "status": "declined"},
    )
    t("care.signal_linked", _("A new signal about this person (#%(id)s)"), sample={"id": 1})
    # A helper step recorded by staff for a helper without a login (care/on_behalf.py): the inner
    # step is a kind without parameters, rendered in the same reader's language.
    t(
        "care.for_helper",
        _("For %(name)s: %(text)s"),
        formats={"text": lambda kind: TIMELINE.render(kind, {}).title},
        sample={"name": "Maria", "person": 1, "text": "care.helper_accepted"},
    )


def register() -> None:
    _register_notifications()
    _register_timeline()
    _describe_audit_events()
    from zorgzaam.care import open_tasks

    open_tasks.register_texts()


def _describe_audit_events() -> None:
    """Sentences for the care pathway's audit events (their labels are registered in services)."""
    status = {"from": _request_status, "to": _request_status}
    kinds.describe(
        "care.signal_created",
        _("Urgency: %(urgency)s"),
        formats={"urgency": _urgency},
        sample={"urgency": "urgent", "source": "neighbour"},
    )
    kinds.describe(
        "care.request_created",
        _("Taken in: %(origin)s"),
        formats={"origin": _origin},
        sample={"origin": "phone", "on_behalf": False},
    )
    kinds.describe(
        "care.request_changed",
        _("Status: from %(from)s to %(to)s"),
        formats=status,
        sample={"from": "new", "to": "triaged"},
    )
    kinds.describe(
        "care.match_changed",
        _("Task: %(state)s"),
        formats={"state": _match_state},
        sample={"state": "accepted"},
    )
    kinds.describe(
        "care.referral_changed",
        _("Referral: %(status)s"),
        formats={"status": _referral_status},
        sample={"status": "declined"},
    )


def _register_notifications() -> None:
    n = NOTIFICATIONS.register
    n(
        "care.signal",
        _("New signal (%(urgency)s)"),
        url_name="care:signal_detail",
        url_args=("signal",),
        formats={"urgency": _urgency},
        sample={"signal": 1, "urgency": "high"},
    )
    n("care.signal_linked", _("New signal about someone you follow up"), **_REQUEST)
    n("care.request_assigned", _("A request was handed to you"), **_REQUEST)
    n("care.request_new", _("New request for help"), **_REQUEST)
    n("care.request_withdrawn", _("A resident withdrew a request"), **_REQUEST)
    n("care.match_proposed", _("Someone could use your help"), **_TASKS)
    n("care.match_cancelled", _("A task was cancelled"), **_TASKS)
    n("care.match_returned", _match_returned, **_REQUEST)
    n("care.match_accepted", _("A helper accepted a task"), **_REQUEST)
    n("care.match_done", _("A helper finished a task"), **_REQUEST)
    n(
        "care.referral",
        _("New referral for %(org)s"),
        url_name="care:inbox_detail",
        url_args=("referral",),
        sample={"referral": 1, "org": "OCMW Gent"},
    )
    n(
        "care.referral_answer",
        _("%(org)s answered a referral: %(status)s"),
        url_name="care:request_detail",
        url_args=("request",),
        formats={"status": _referral_status},
        sample={"request": 1, "org": "OCMW Gent", "status": "accepted"},
    )
    n(
        "care.reminder",
        _("Nothing happened for %(days)s days on request #%(id)s"),
        url_name="care:request_detail",
        url_args=("id",),
        sample={"id": 1, "days": 7},
    )
